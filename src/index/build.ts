/**
 * Building the on-disk index from ingested reports: embed the chunks (reusing vectors from the previous
 * build where nothing changed), build the vector and lexical indexes, then write a new generation and
 * switch the manifest to it atomically (see manifest.ts for the layout and why it is atomic).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { embedMany, type Embedder } from '../embed/embedder.js';
import { NianbaoError } from '../errors.js';
import type { Chunk, Report } from '../types.js';
import { createLexicalIndex } from './lexical.js';
import { FORMAT_VERSION, GENERATION_PATTERN, INDEX_FILES, corpusChecksum, parseManifest, type IndexManifest } from './manifest.js';
import { assembleIndex, type LoadedIndex } from './store.js';
import { createVectorIndex } from './vector-factory.js';
import { hnswParamsOf, type VectorIndex, type VectorIndexKind } from './vector-index.js';

export type BuildPhase = 'embed' | 'vectors' | 'write';

export interface BuildIndexOptions {
  reports: Report[];
  embedder: Embedder;
  /** Opaque details recorded in the manifest, e.g. the local model directory. */
  embedderInfo?: Record<string, unknown>;
  config: Pick<Config, 'hnswM' | 'hnswEfConstruction' | 'hnswEfSearch' | 'embedBatchSize'>;
  dir: string;
  /** The index currently in `dir` (e.g. `await loadIndex(dir).catch(() => null)`), whose vectors may be reused. */
  previous?: LoadedIndex | null;
  /** `hnsw` (default) or `brute` (exact search; small corpora and tests). */
  vectorIndex?: VectorIndexKind;
  onProgress?: (phase: BuildPhase, done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface BuildStats {
  /** Chunks embedded by this build / carried over from `previous`. */
  embedded: number;
  reused: number;
  /** Report ids with at least one newly embedded chunk / with every vector reused. */
  reportsEmbedded: string[];
  reportsReused: string[];
}

/** What goes into the model for a chunk: the simplified `norm`, which also carries the heading path as context. */
const passageText = (chunk: Chunk) => chunk.norm;
const ADD_BATCH = 256;

/**
 * Builds the index for `reports` into `dir` and returns it loaded, with what was embedded vs reused.
 * A chunk's vector is reused when `previous` was built by the same embedder (id and dimension), its
 * report's checksum is unchanged, and a chunk with the same id and identical text exists there.
 * Nothing in `dir` changes until the final manifest rename, so a failure at any point (thrown or a
 * crash) leaves the previous index loadable. One build per directory at a time.
 */
export async function buildIndex(options: BuildIndexOptions): Promise<{ index: LoadedIndex; stats: BuildStats }> {
  const { reports, embedder, config, dir, onProgress, signal } = options;
  const chunks = checkReports(reports);

  const vectors: (number[] | undefined)[] = chunks.map(reuseFrom(options));
  const missing = chunks.flatMap((_, label) => (vectors[label] ? [] : [label]));
  onProgress?.('embed', 0, missing.length);
  const fresh = await embedMany(embedder, missing.map((label) => passageText(chunks[label]!)), {
    kind: 'passage',
    batchSize: config.embedBatchSize,
    signal,
    onProgress: (done, total) => onProgress?.('embed', done, total),
  });
  if (fresh.length !== missing.length) {
    throw new NianbaoError('INTERNAL', `embedder ${embedder.id} returned ${fresh.length} vectors for ${missing.length} passages`);
  }
  missing.forEach((label, i) => (vectors[label] = fresh[i]));

  const kind = options.vectorIndex ?? 'hnsw';
  const hnsw = hnswParamsOf(config);
  const { dimension } = embedder;
  const vector = createVectorIndex(kind === 'hnsw' ? { kind, dimension, ...hnsw } : { kind, dimension });
  for (let start = 0; start < chunks.length; start += ADD_BATCH) {
    signal?.throwIfAborted();
    const labels = chunks.slice(start, start + ADD_BATCH).map((_, i) => start + i);
    vector.add(labels.map((l) => vectors[l]!), labels);
    onProgress?.('vectors', start + labels.length, chunks.length);
  }
  const lexical = createLexicalIndex(chunks);

  const touched = new Set(missing.map((label) => chunks[label]!.reportId));
  const stats: BuildStats = {
    embedded: missing.length,
    reused: chunks.length - missing.length,
    reportsEmbedded: [...touched],
    reportsReused: reports.map((r) => r.id).filter((id) => !touched.has(id)),
  };
  const builtAt = new Date().toISOString();
  const manifest: IndexManifest = {
    formatVersion: FORMAT_VERSION,
    generation: `gen-${builtAt.replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`,
    builtAt,
    embedder: { id: embedder.id, dimension: embedder.dimension, info: options.embedderInfo ?? {} },
    vectors: { kind, space: 'cosine', ...hnsw },
    corpusChecksum: corpusChecksum(reports),
    reports: reports.map((r) => ({ id: r.id, source: r.source, checksum: r.checksum, chunkCount: r.chunks.length })),
    counts: { reports: reports.length, chunks: chunks.length, embedded: stats.embedded, reused: stats.reused },
  };
  const labels = chunks.map((c) => c.id);
  const gen = path.join(dir, manifest.generation);
  const writes = [
    () => writeSynced(path.join(gen, INDEX_FILES.reports), JSON.stringify(reports)),
    () => writeSynced(path.join(gen, INDEX_FILES.labels), JSON.stringify(labels)),
    () => writeSynced(path.join(gen, INDEX_FILES.lexical), JSON.stringify(lexical)),
    () => saveSynced(vector, gen),
  ];
  await writeGeneration(dir, manifest, writes, onProgress);
  return { index: assembleIndex(dir, manifest, reports, labels, vector, lexical), stats };
}

/** All chunks in label order; throws on duplicate report or chunk ids, which would make citations ambiguous. */
function checkReports(reports: Report[]): Chunk[] {
  const seen = new Map<string, string>();
  for (const r of reports) {
    const other = seen.get(r.id);
    if (other !== undefined) throw new NianbaoError('INVALID_INPUT_FILE', `${other} and ${r.source} both give report id ${r.id}`);
    seen.set(r.id, r.source);
  }
  const chunks = reports.flatMap((r) => r.chunks);
  const ids = new Set<string>();
  for (const c of chunks) {
    if (ids.has(c.id)) throw new NianbaoError('INTERNAL', `duplicate chunk id ${c.id}`);
    ids.add(c.id);
  }
  return chunks;
}

/** Maps a chunk to its previous vector when it may be reused (see `buildIndex`), else undefined. */
function reuseFrom({ previous, embedder, reports }: BuildIndexOptions): (chunk: Chunk) => number[] | undefined {
  const prev = previous?.manifest.embedder;
  if (!previous || prev?.id !== embedder.id || prev.dimension !== embedder.dimension) return () => undefined;
  const before = new Map(previous.manifest.reports.map((r) => [r.id, r.checksum]));
  const unchanged = new Set(reports.filter((r) => before.get(r.id) === r.checksum).map((r) => r.id));
  const labelOf = new Map(previous.chunkList.map((c, label) => [c.id, label]));
  return (chunk) => {
    const label = unchanged.has(chunk.reportId) ? labelOf.get(chunk.id) : undefined;
    return label !== undefined && previous.chunkList[label]!.norm === chunk.norm ? previous.vector.vectorOf(label) : undefined;
  };
}

/**
 * Writes the generation's files, flushes them to disk, then points manifest.json at the generation with
 * one rename. On failure the half-written generation is removed and the old manifest stays in place.
 * Afterwards generations other than the new and the replaced one are deleted; the replaced one is kept
 * so a process that read the old manifest a moment ago can still finish loading it.
 */
async function writeGeneration(
  dir: string,
  manifest: IndexManifest,
  writes: (() => Promise<void>)[],
  onProgress: BuildIndexOptions['onProgress'],
): Promise<void> {
  const gen = path.join(dir, manifest.generation);
  const manifestFile = path.join(dir, INDEX_FILES.manifest);
  const tmp = `${manifestFile}.${manifest.generation}.tmp`;
  await fs.mkdir(gen, { recursive: true });
  try {
    for (const [i, write] of writes.entries()) {
      onProgress?.('write', i, writes.length);
      await write();
    }
    await syncPath(gen);
    await writeSynced(tmp, JSON.stringify(manifest, null, 2));
  } catch (e) {
    await Promise.all([fs.rm(gen, { recursive: true, force: true }), fs.rm(tmp, { force: true })]);
    throw e;
  }
  const replaced = await fs.readFile(manifestFile, 'utf8').then(parseManifest, () => null);
  await fs.rename(tmp, manifestFile);
  await syncPath(dir);
  const keep = new Set([manifest.generation, replaced?.ok ? replaced.manifest.generation : '']);
  for (const entry of await fs.readdir(dir)) {
    if (GENERATION_PATTERN.test(entry) && !keep.has(entry)) await fs.rm(path.join(dir, entry), { recursive: true, force: true });
  }
  onProgress?.('write', writes.length, writes.length);
}

/** Writes a file and fsyncs it, so the rename that publishes it never lands before its bytes. */
async function writeSynced(file: string, data: string): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function saveSynced(vector: VectorIndex, dir: string): Promise<void> {
  const before = new Set(await fs.readdir(dir));
  await vector.save(dir);
  for (const name of await fs.readdir(dir)) if (!before.has(name)) await syncPath(path.join(dir, name));
}

async function syncPath(p: string): Promise<void> {
  const handle = await fs.open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
