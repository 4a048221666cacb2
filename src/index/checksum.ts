/**
 * Checksums of index files: sha256 of the bytes, read in 1 MB slices so a graph of hundreds of
 * megabytes is hashed without holding it in memory.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';

const SLICE = 1 << 20;

/** sha256 of a file's bytes, hex (blocking: for builds). */
export function fileSha256Sync(file: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(SLICE);
  const fd = fs.openSync(file, 'r');
  try {
    for (let read = fs.readSync(fd, buffer, 0, SLICE, null); read > 0; read = fs.readSync(fd, buffer, 0, SLICE, null)) hash.update(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** sha256 of a file's bytes, hex, streamed (for servers: the event loop keeps answering). */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: SLICE })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
