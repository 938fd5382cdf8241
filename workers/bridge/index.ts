/**
 * The worker bridge: Comlink adapters shared by every worker.
 *
 * Worker side: {@link defineTask} + {@link exposeTasks}. Caller side: {@link createPool} /
 * {@link WorkerPool}, or {@link wrapWorker} + {@link callWorker} for a single worker. Errors arrive
 * as {@link WorkerTaskError}s with a `code`; progress is throttled; cancellation is cooperative with
 * a terminate-and-replace fallback in the pool; {@link transferResult} moves typed-array buffers.
 */
export * from './errors';
export * from './progress';
export * from './cancel';
export * from './transfer';
export * from './protocol';
export * from './host';
export * from './pool';
export * from './client';
