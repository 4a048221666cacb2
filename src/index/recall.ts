/**
 * HNSW recall against exact search, for tests, benchmarks and tuning M / efConstruction / efSearch on
 * real embeddings (e.g. `measureRecall(loaded.chunkList.map((_, l) => loaded.vector.vectorOf(l)), {...})`).
 */
import { performance } from 'node:perf_hooks';
import { createVectorIndex } from './vector-factory.js';
import type { HnswParams } from './vector-index.js';

export interface RecallOptions extends HnswParams {
  /** Neighbours compared per query; default 10. */
  k?: number;
  /**
   * Query vectors. Default: `sampleSize` stored vectors spread evenly over the set. A stored vector finds
   * itself, which flatters recall by at most 1/k; pass held-out queries (e.g. embedded questions) to avoid it.
   */
  queries?: number[][];
  sampleSize?: number;
}

export interface RecallReport {
  /** Mean over queries of |HNSW top-k ∩ exact top-k| / |exact top-k|. */
  recall: number;
  k: number;
  points: number;
  queries: number;
  /** Time to insert every vector into the HNSW graph. */
  buildMs: number;
  /** Mean HNSW query time. */
  queryMs: number;
}

/** Builds an HNSW and an exact index over `vectors` and compares their top-k for each query. */
export function measureRecall(vectors: number[][], options: RecallOptions): RecallReport {
  const { m, efConstruction, efSearch, k = 10, sampleSize = 200 } = options;
  const dimension = vectors[0]?.length ?? 0;
  if (dimension === 0) throw new RangeError('measureRecall needs at least one non-empty vector');
  const labels = vectors.map((_, i) => i);
  const exact = createVectorIndex({ kind: 'brute', dimension });
  exact.add(vectors, labels);
  const hnsw = createVectorIndex({ kind: 'hnsw', dimension, m, efConstruction, efSearch });
  const buildStart = performance.now();
  hnsw.add(vectors, labels);
  const buildMs = performance.now() - buildStart;

  const step = Math.max(1, Math.floor(vectors.length / sampleSize));
  const queries = options.queries ?? vectors.filter((_, i) => i % step === 0).slice(0, sampleSize);
  let found = 0;
  let wanted = 0;
  let queryMs = 0;
  for (const q of queries) {
    const truth = new Set(exact.search(q, k).map((h) => h.label));
    const start = performance.now();
    const approx = hnsw.search(q, k);
    queryMs += performance.now() - start;
    found += approx.filter((h) => truth.has(h.label)).length;
    wanted += truth.size;
  }
  return {
    recall: wanted === 0 ? 1 : found / wanted,
    k,
    points: vectors.length,
    queries: queries.length,
    buildMs,
    queryMs: queries.length === 0 ? 0 : queryMs / queries.length,
  };
}
