/**
 * A worker thread of the parallel report (ingest-pool.ts): examines the chunks
 * of lines it is sent and hands back their compact columns.
 */
import { parentPort } from 'node:worker_threads';
import { chunkBuffers, examineChunk } from './ingest.js';
import type { ChunkReply, ChunkTask } from './ingest-pool.js';

const port = parentPort!;
port.on('message', (task: ChunkTask) => {
  let reply: ChunkReply;
  try {
    const chunk = examineChunk(Buffer.from(task.bytes, 0, task.length), task.base, task.first, task.nextDayMs, task.keepDetails);
    reply = { seq: task.seq, chunk };
    port.postMessage(reply, chunkBuffers(chunk));
  } catch (e) {
    reply = { seq: task.seq, error: String((e as Error)?.stack ?? e) };
    port.postMessage(reply);
  }
});
