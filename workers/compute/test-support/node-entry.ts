/** Test support: the compute tasks served from a `worker_threads` thread (the browser entry is compute.worker.ts). */
import { parentPort } from 'node:worker_threads';
import { exposeTasks } from '../../bridge/host';
import { computeTasks } from '../tasks';

if (parentPort !== null) exposeTasks(computeTasks, parentPort as unknown as Parameters<typeof exposeTasks>[1]);
