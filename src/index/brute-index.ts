/**
 * Exact cosine search by scanning every vector: the reference HNSW recall is measured against, and a
 * reasonable choice for small corpora (a scan of 20k × 128 takes a few milliseconds).
 * Vectors are stored unit-normalized in one growable Float32Array, so a dot product is the cosine.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  VECTOR_DESCRIPTOR_FILE,
  checkBatch,
  checkVector,
  type VectorDescriptor,
  type VectorHit,
  type VectorIndex,
} from './vector-index.js';

const DATA_FILE = 'vectors.f32';

export class BruteVectorIndex implements VectorIndex {
  readonly kind = 'brute' as const;
  private data: Float32Array;
  private labels: number[] = [];
  private slotOf = new Map<number, number>();

  constructor(readonly dimension: number) {
    this.data = new Float32Array(dimension * 16);
  }

  get size(): number {
    return this.labels.length;
  }

  add(vectors: number[][], labels: number[]): void {
    checkBatch(vectors, labels);
    vectors.forEach((v, i) => checkVector(v, this.dimension, `vector for label ${labels[i]}`));
    vectors.forEach((v, i) => {
      const label = labels[i]!;
      let slot = this.slotOf.get(label);
      if (slot === undefined) {
        slot = this.labels.length;
        this.grow(slot + 1);
        this.labels.push(label);
        this.slotOf.set(label, slot);
      }
      this.data.set(normalize(v), slot * this.dimension);
    });
  }

  search(vector: number[], k: number, filter?: (label: number) => boolean): VectorHit[] {
    checkVector(vector, this.dimension, 'query vector');
    k = Math.floor(k);
    if (k < 1) return [];
    const q = normalize(vector);
    const dim = this.dimension;
    // Top-k kept sorted by insertion: k is small (≤ a few hundred) next to the number of vectors.
    const top: VectorHit[] = [];
    for (let slot = 0; slot < this.labels.length; slot++) {
      const label = this.labels[slot]!;
      if (filter && !filter(label)) continue;
      let score = 0;
      const base = slot * dim;
      for (let j = 0; j < dim; j++) score += q[j]! * this.data[base + j]!;
      if (top.length === k && !better(score, label, top[k - 1]!)) continue;
      let at = top.length;
      while (at > 0 && better(score, label, top[at - 1]!)) at--;
      top.splice(at, 0, { label, score });
      if (top.length > k) top.pop();
    }
    return top;
  }

  vectorOf(label: number): number[] {
    const slot = this.slotOf.get(label);
    if (slot === undefined) throw new RangeError(`label ${label} is not in the index`);
    return Array.from(this.data.subarray(slot * this.dimension, (slot + 1) * this.dimension));
  }

  async save(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
    const used = this.data.subarray(0, this.size * this.dimension);
    // Float32Array bytes are platform-endian; every platform Node ships on is little-endian.
    await fs.writeFile(path.join(dir, DATA_FILE), new Uint8Array(used.buffer, used.byteOffset, used.byteLength));
    const descriptor: VectorDescriptor = { kind: 'brute', dimension: this.dimension, size: this.size, labels: this.labels };
    await fs.writeFile(path.join(dir, VECTOR_DESCRIPTOR_FILE), JSON.stringify(descriptor));
  }

  /** Reads an index saved by `save`; throws an Error naming the file when the data does not fit the descriptor. */
  static async load(dir: string, descriptor: Extract<VectorDescriptor, { kind: 'brute' }>): Promise<BruteVectorIndex> {
    const file = path.join(dir, DATA_FILE);
    const bytes = await fs.readFile(file);
    const expected = descriptor.size * descriptor.dimension * 4;
    if (bytes.byteLength !== expected || descriptor.labels.length !== descriptor.size) {
      throw new Error(`${file}: ${bytes.byteLength} bytes for ${descriptor.size} vectors of dimension ${descriptor.dimension}`);
    }
    const index = new BruteVectorIndex(descriptor.dimension);
    index.data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    index.labels = [...descriptor.labels];
    index.slotOf = new Map(index.labels.map((label, slot) => [label, slot]));
    if (index.slotOf.size !== index.labels.length) throw new Error(`${file}: duplicate labels in ${VECTOR_DESCRIPTOR_FILE}`);
    return index;
  }

  private grow(slots: number): void {
    if (slots * this.dimension <= this.data.length) return;
    const next = new Float32Array(Math.max(slots, this.labels.length * 2) * this.dimension);
    next.set(this.data);
    this.data = next;
  }
}

/** Higher score first; equal scores by lower label, so results are deterministic. */
function better(score: number, label: number, than: VectorHit): boolean {
  return score > than.score || (score === than.score && label < than.label);
}

function normalize(v: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm);
  const out = new Float32Array(v.length);
  // A zero vector stays zero: it matches nothing rather than dividing by zero.
  if (norm > 0) for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}
