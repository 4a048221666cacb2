/**
 * The vectors of a store: one append-only file of little-endian float32 rows, the vector of label `L`
 * at byte `L × dimension × 4`, unit length. Labels are never reused, so a row once written never
 * changes: readers hold them in fixed-size blocks, read when first needed, and a reload re-reads only
 * the last, growing block and what follows. Only the first `count` rows (from the database's committed meta) are ever read; a
 * build that died while appending leaves a tail that the next build truncates away.
 *
 * Each block's bytes (its rows below `count`) have a sha256 recorded in the store's meta by the commit
 * that published them; a block whose bytes differ is never used: reading it throws INDEX_CORRUPT
 * naming the file and the block.
 */
import fs from 'node:fs';
import { NianbaoError } from '../errors.js';
import { sha256 } from './db.js';

export const VECTORS_FILE = 'vectors.f32';
/** Rows per block: 16,384 × 128 dimensions × 4 bytes = 8 MB. */
export const VECTOR_BLOCK_ROWS = 16_384;
const BLOCK = VECTOR_BLOCK_ROWS;

export class VectorBlocks {
  private constructor(
    private readonly file: string,
    readonly dimension: number,
    readonly count: number,
    /** Loaded blocks; a missing one is read from the file on first use. */
    private readonly blocks: (Float32Array | undefined)[],
    /** The sha256 of each block's bytes, or null when the caller does not check (it verified the file itself). */
    private readonly checksums: readonly string[] | null,
  ) {}

  static empty(dimension: number): VectorBlocks {
    return new VectorBlocks('', dimension, 0, [], []);
  }

  /**
   * Rows [0, count) of `file`, read block by block when first used (start-up reads nothing but the
   * file's size), sharing the complete blocks `previous` (same file, fewer rows) already loaded.
   * Throws an Error naming the file when it holds fewer rows than `count`.
   */
  static read(file: string, dimension: number, count: number, options: { previous?: VectorBlocks | null; checksums: readonly string[] | null }): VectorBlocks {
    const size = fs.statSync(file).size;
    if (size < count * dimension * 4) throw new Error(`${file}: ${size} bytes, ${count} vectors of dimension ${dimension} need ${count * dimension * 4}`);
    const n = Math.ceil(count / BLOCK);
    const { previous, checksums } = options;
    if (checksums && checksums.length !== n) throw new Error(`${file}: the store records ${checksums.length} block checksums for ${n} blocks`);
    const blocks: (Float32Array | undefined)[] = new Array(n);
    if (previous && previous.file === file && previous.dimension === dimension && previous.count <= count) {
      for (let b = 0; b < Math.floor(previous.count / BLOCK); b++) blocks[b] = previous.blocks[b];
    }
    return new VectorBlocks(file, dimension, count, blocks, checksums);
  }

  /** Reads every block not yet in memory, one per macrotask, so a server warms up without stalling requests. */
  async warm(): Promise<void> {
    for (let b = 0; b < this.blocks.length; b++) {
      if (this.blocks[b]) continue;
      this.block(b);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private block(b: number): Float32Array {
    let block = this.blocks[b];
    if (!block) {
      const start = b * BLOCK;
      const rows = Math.min(BLOCK, this.count - start);
      block = new Float32Array(rows * this.dimension);
      const bytes = new Uint8Array(block.buffer);
      const fd = fs.openSync(this.file, 'r');
      try {
        fs.readSync(fd, bytes, 0, block.byteLength, start * this.dimension * 4);
      } finally {
        fs.closeSync(fd);
      }
      const expected = this.checksums?.[b];
      if (this.checksums && sha256(bytes) !== expected) {
        throw new NianbaoError('INDEX_CORRUPT', `${this.file}: vector block ${b} (rows ${start}–${start + rows - 1}) fails its checksum; run \`npm run index\` to repair the index`);
      }
      this.blocks[b] = block;
    }
    return block;
  }

  /** Cosine similarity of a unit-length query with row `label`. */
  dot(query: Float32Array, label: number): number {
    const block = this.block(Math.floor(label / BLOCK));
    const base = (label % BLOCK) * this.dimension;
    let s = 0;
    for (let j = 0; j < this.dimension; j++) s += query[j]! * block[base + j]!;
    return s;
  }

  row(label: number): Float32Array {
    const block = this.block(Math.floor(label / BLOCK));
    const base = (label % BLOCK) * this.dimension;
    return block.subarray(base, base + this.dimension);
  }
}

/**
 * The sha256 of each block of the first `count` rows of `file`: `known` (the checksums recorded before
 * an append of rows from `from` on) is kept for the blocks the append did not touch.
 */
export function blockChecksums(file: string, dimension: number, count: number, known: readonly string[], from: number): string[] {
  const out = known.slice(0, Math.floor(from / BLOCK));
  if (count === 0) return out;
  const fd = fs.openSync(file, 'r');
  try {
    for (let b = out.length; b < Math.ceil(count / BLOCK); b++) {
      const rows = Math.min(BLOCK, count - b * BLOCK);
      const bytes = new Uint8Array(rows * dimension * 4);
      fs.readSync(fd, bytes, 0, bytes.byteLength, b * BLOCK * dimension * 4);
      out.push(sha256(bytes));
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

/** Unit-length float32 copy of a vector (a zero vector stays zero: it matches nothing). */
export function unitVector(v: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(v as ArrayLike<number>);
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += out[i]! * out[i]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

/**
 * Appends rows at `firstLabel` (the committed count): the file is first cut to that length, dropping
 * whatever a killed build left behind, then written and synced before the commit that publishes them.
 */
export function appendVectors(file: string, dimension: number, firstLabel: number, vectors: ArrayLike<number>[]): void {
  const fd = fs.openSync(file, fs.existsSync(file) ? 'r+' : 'w+');
  try {
    fs.ftruncateSync(fd, firstLabel * dimension * 4);
    const chunk = 4096;
    for (let start = 0; start < vectors.length; start += chunk) {
      const rows = vectors.slice(start, start + chunk);
      const data = new Float32Array(rows.length * dimension);
      rows.forEach((v, i) => {
        if (v.length !== dimension) throw new RangeError(`vector of dimension ${v.length}, the store holds dimension ${dimension}`);
        data.set(unitVector(v), i * dimension);
      });
      fs.writeSync(fd, new Uint8Array(data.buffer), 0, data.byteLength, (firstLabel + start) * dimension * 4);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
