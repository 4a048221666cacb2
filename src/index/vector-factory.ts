/**
 * Chooses a VectorIndex implementation by option (`createVectorIndex`) or by what is on disk
 * (`loadVectorIndex`). Kept apart from the contract so implementations import only the contract.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { NianbaoError } from '../errors.js';
import { BruteVectorIndex } from './brute-index.js';
import { HnswVectorIndex } from './hnsw-index.js';
import {
  VECTOR_DESCRIPTOR_FILE,
  hnswParamsSchema,
  vectorDescriptorSchema,
  vectorIndexOptionsSchema,
  type VectorIndex,
  type VectorIndexOptions,
} from './vector-index.js';

/**
 * An empty vector index of the given kind. Options are checked here, once: a bad value throws
 * INVALID_CONFIG naming the field, e.g. `m: Number must be greater than or equal to 2`.
 */
export function createVectorIndex(options: VectorIndexOptions): VectorIndex {
  const parsed = vectorIndexOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new NianbaoError('INVALID_CONFIG', `vector index ${issue.path.join('.') || 'options'}: ${issue.message}`);
  }
  const o = parsed.data;
  return o.kind === 'brute'
    ? new BruteVectorIndex(o.dimension)
    : HnswVectorIndex.create(o.dimension, { m: o.m, efConstruction: o.efConstruction, efSearch: o.efSearch });
}

/**
 * Loads the vector index saved in `dir`, whichever implementation wrote it. `efSearch` applies to HNSW
 * (hnswlib does not persist it). Throws a plain Error naming the unreadable file; the index store turns
 * it into INDEX_CORRUPT.
 */
export async function loadVectorIndex(dir: string, options: { efSearch: number }): Promise<VectorIndex> {
  const efSearch = hnswParamsSchema.shape.efSearch.parse(options.efSearch);
  const file = path.join(dir, VECTOR_DESCRIPTOR_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const descriptor = vectorDescriptorSchema.safeParse(raw);
  if (!descriptor.success) {
    const issue = descriptor.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || 'descriptor'}: ${issue.message}`);
  }
  const d = descriptor.data;
  return d.kind === 'brute' ? BruteVectorIndex.load(dir, d) : HnswVectorIndex.load(dir, d, efSearch);
}
