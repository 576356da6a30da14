// Worker thread: answers "how long does the API server wait for an admission review while audit
// batches are being ingested?". It runs on its own event loop, so the senders' work in the main
// thread does not delay its clock. One review every `intervalMs`, one at a time, on its own
// connection, until the parent says stop.

import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { reviewOnce } from './admission.mjs';
import { connection } from './client.mjs';

const { port, tls, token, intervalMs } = workerData;
let stopping = false;
parentPort.on('message', (m) => {
  if (m === 'stop') stopping = true;
});

const conn = connection({ port, tls, token });
const latencies = [];
let errors = 0;
for (let i = 0; !stopping; i++) {
  const ms = await reviewOnce(conn, i);
  if (ms === null) errors++;
  else latencies.push(ms);
  await sleep(intervalMs);
}
conn.close();
parentPort.postMessage({ latencies, errors });
