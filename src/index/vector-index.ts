/**
 * The vector index contract: nearest neighbours by cosine similarity over integer labels. Two
 * implementations are chosen by option in `vector-factory.ts`: `hnsw` (hnswlib-node, approximate, the
 * one we serve from) and `brute` (exact, the reference that HNSW recall is measured against).
 *
 * Labels are plain integers so the index never knows about chunks; the store keeps the label → chunk id
 * map. Every implementation saves itself into a directory as a `vector-index.json` descriptor (zod-checked
 * on load) plus its own data file, so `loadVectorIndex(dir)` can pick the implementation from disk.
 */
import { z } from 'zod';
import type { Config } from '../config.js';

export type VectorIndexKind = 'hnsw' | 'brute';

export interface VectorHit {
  label: number;
  /** Cosine similarity in [-1, 1]; higher is better. */
  score: number;
}

export interface VectorIndex {
  readonly kind: VectorIndexKind;
  readonly dimension: number;
  /** Number of stored vectors. */
  readonly size: number;
  /**
   * Stores `vectors[i]` under `labels[i]`. Vectors need not be unit length (they are compared by angle);
   * re-adding a label replaces its vector. Throws a RangeError on a length or dimension mismatch.
   */
  add(vectors: number[][], labels: number[]): void;
  /**
   * The `k` stored vectors most similar to `vector`, best first (fewer when the index holds fewer).
   * `filter` restricts the candidates by label, e.g. to one report's chunks, inside the search rather
   * than after it, so a narrow filter still yields up to `k` hits.
   */
  search(vector: number[], k: number, filter?: (label: number) => boolean): VectorHit[];
  /** The stored vector of a label, unit length; lets an incremental build reuse it without re-embedding. */
  vectorOf(label: number): number[];
  /** Writes the index into `dir` (created if missing), replacing files of the same names. */
  save(dir: string): Promise<void>;
}

/** File in a saved vector index directory that says which implementation wrote it. */
export const VECTOR_DESCRIPTOR_FILE = 'vector-index.json';

export const hnswParamsSchema = z
  .object({
    /** Graph degree: more links, better recall, bigger index. */
    m: z.number().int().min(2).max(256),
    efConstruction: z.number().int().min(1).max(5000),
    /** Search beam width; not persisted by hnswlib, so it is applied again on every load. */
    efSearch: z.number().int().min(1).max(5000),
  })
  .strict();
export type HnswParams = z.infer<typeof hnswParamsSchema>;

/** The HNSW parameters of a Config, e.g. for `measureRecall(vectors, hnswParamsOf(config))`. */
export function hnswParamsOf(config: Pick<Config, 'hnswM' | 'hnswEfConstruction' | 'hnswEfSearch'>): HnswParams {
  return { m: config.hnswM, efConstruction: config.hnswEfConstruction, efSearch: config.hnswEfSearch };
}

const dimension = z.number().int().min(1).max(8192);

export const vectorIndexOptionsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('brute'), dimension }).strict(),
  hnswParamsSchema.extend({ kind: z.literal('hnsw'), dimension }).strict(),
]);
export type VectorIndexOptions = z.infer<typeof vectorIndexOptionsSchema>;

export const vectorDescriptorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('brute'), dimension, size: z.number().int().min(0), labels: z.array(z.number().int()) }),
  z.object({
    kind: z.literal('hnsw'),
    dimension,
    size: z.number().int().min(0),
    m: hnswParamsSchema.shape.m,
    efConstruction: hnswParamsSchema.shape.efConstruction,
  }),
]);
export type VectorDescriptor = z.infer<typeof vectorDescriptorSchema>;

/** Throws a RangeError unless `vector` has `dimension` finite entries; `what` names it in the message. */
export function checkVector(vector: ArrayLike<number>, dimension: number, what: string): void {
  if (vector.length !== dimension) throw new RangeError(`${what} has dimension ${vector.length}, index expects ${dimension}`);
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i])) throw new RangeError(`${what} has a non-finite value at ${i}`);
  }
}

/** Throws a RangeError unless there is one integer label per vector. */
export function checkBatch(vectors: ArrayLike<unknown>, labels: number[]): void {
  if (vectors.length !== labels.length) throw new RangeError(`${vectors.length} vectors but ${labels.length} labels`);
  for (const label of labels) {
    if (!Number.isSafeInteger(label) || label < 0) throw new RangeError(`label ${label} is not a non-negative integer`);
  }
}
