// Entry of test worker threads: registers the tsx loader, then imports the TypeScript module named
// by `workerData.entry` (a file URL).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
