/**
 * The vectors of a store: one append-only file of little-endian float32 rows, the vector of label `L`
 * at byte `L × dimension × 4`, unit length. Labels are never reused, so a row once written never
 * changes: readers hold them in fixed-size blocks and a reload re-reads only the last, growing block
 * and what follows. Only the first `count` rows (from the database's committed meta) are ever read; a
 * build that died while appending leaves a tail that the next build truncates away.
 */
import fs from 'node:fs';

export const VECTORS_FILE = 'vectors.f32';
/** Rows per block: 16,384 × 128 dimensions × 4 bytes = 8 MB. */
const BLOCK = 16_384;

export class VectorBlocks {
  private constructor(
    readonly dimension: number,
    readonly count: number,
    private readonly blocks: Float32Array[],
  ) {}

  static empty(dimension: number): VectorBlocks {
    return new VectorBlocks(dimension, 0, []);
  }

  /**
   * Reads rows [0, count) of `file`, sharing the complete blocks of `previous` (same file, fewer rows).
   * Throws an Error naming the file when it holds fewer rows than `count`.
   */
  static read(file: string, dimension: number, count: number, previous?: VectorBlocks | null): VectorBlocks {
    const blocks: Float32Array[] = [];
    const reuse = previous && previous.dimension === dimension && previous.count <= count ? Math.floor(previous.count / BLOCK) : 0;
    for (let b = 0; b < reuse; b++) blocks.push(previous!.blocks[b]!);
    if (reuse * BLOCK < count) {
      const fd = fs.openSync(file, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        if (size < count * dimension * 4) throw new Error(`${file}: ${size} bytes, ${count} vectors of dimension ${dimension} need ${count * dimension * 4}`);
        for (let start = reuse * BLOCK; start < count; start += BLOCK) {
          const rows = Math.min(BLOCK, count - start);
          const block = new Float32Array(rows * dimension);
          fs.readSync(fd, new Uint8Array(block.buffer), 0, block.byteLength, start * dimension * 4);
          blocks.push(block);
        }
      } finally {
        fs.closeSync(fd);
      }
    }
    return new VectorBlocks(dimension, count, blocks);
  }

  /** Cosine similarity of a unit-length query with row `label`. */
  dot(query: Float32Array, label: number): number {
    const block = this.blocks[Math.floor(label / BLOCK)]!;
    const base = (label % BLOCK) * this.dimension;
    let s = 0;
    for (let j = 0; j < this.dimension; j++) s += query[j]! * block[base + j]!;
    return s;
  }

  row(label: number): Float32Array {
    const block = this.blocks[Math.floor(label / BLOCK)]!;
    const base = (label % BLOCK) * this.dimension;
    return block.subarray(base, base + this.dimension);
  }
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
