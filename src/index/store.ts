/**
 * Loading the on-disk index (layout in manifest.ts) and deciding whether it is stale. Every failure is a
 * NianbaoError whose message names the path and the fix: no index → INDEX_NOT_READY, unreadable or
 * inconsistent files → INDEX_CORRUPT, another format or embedder → INDEX_INCOMPATIBLE. An index is
 * never loaded half-way or mixed with vectors from another model.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { NianbaoError } from '../errors.js';
import type { Chunk, Report, ReportSummary } from '../types.js';
import { summarizeReport } from '../ingest/index.js';
import { loadLexicalIndex, type LexicalIndex } from './lexical.js';
import { INDEX_FILES, corpusChecksum, parseManifest, type IndexManifest, type SourceChecksum } from './manifest.js';
import { loadVectorIndex } from './vector-factory.js';
import type { VectorIndex } from './vector-index.js';

export interface LoadedIndex {
  dir: string;
  manifest: IndexManifest;
  reports: Report[];
  reportsById: Map<string, Report>;
  chunks: Map<string, Chunk>;
  /** `chunkList[label]` is the chunk stored under vector label `label`. */
  chunkList: Chunk[];
  vector: VectorIndex;
  lexical: LexicalIndex;
  summaries: ReportSummary[];
  summariesById: Map<string, ReportSummary>;
}

export interface LoadIndexOptions {
  /** The running embedder; a different id or dimension in the manifest is INDEX_INCOMPATIBLE. */
  embedderId?: string;
  dimension?: number;
  /** HNSW search beam; defaults to the value the index was built with. */
  efSearch?: number;
}

const REBUILD = 'run `npm run index` to rebuild it';

/** Re-exported: the summary is ingest's view of a Report, which the index stores for every report. */
export { summarizeReport };

/**
 * Loads the index in `dir` and checks it against the running embedder. Throws INDEX_NOT_READY when
 * there is no manifest, INDEX_INCOMPATIBLE on another format version or embedder (naming both ids),
 * INDEX_CORRUPT naming the first file that cannot be read or disagrees with the manifest.
 */
export async function loadIndex(dir: string, options: LoadIndexOptions = {}): Promise<LoadedIndex> {
  const manifest = await readManifest(dir);
  const { embedder } = manifest;
  const otherId = options.embedderId !== undefined && options.embedderId !== embedder.id;
  const otherDimension = options.dimension !== undefined && options.dimension !== embedder.dimension;
  if (otherId || otherDimension) {
    throw new NianbaoError(
      'INDEX_INCOMPATIBLE',
      `index at ${dir} was built with embedder "${embedder.id}" (dimension ${embedder.dimension}), ` +
        `the current embedder is "${options.embedderId ?? embedder.id}" (dimension ${options.dimension ?? embedder.dimension}); ${REBUILD}`,
    );
  }
  const gen = path.join(dir, manifest.generation);
  const file = (name: string) => path.join(gen, name);
  const [reports, labels, lexical, vector] = await Promise.all([
    readPart(file(INDEX_FILES.reports), async (f) => reportsSchema.parse(await readJson(f)) as unknown as Report[]),
    readPart(file(INDEX_FILES.labels), async (f) => z.array(z.string()).parse(await readJson(f))),
    readPart(file(INDEX_FILES.lexical), async (f) => loadLexicalIndex(await readJson(f))),
    // The vector loader's errors already name the file at fault (descriptor or data).
    readPart(null, () => loadVectorIndex(gen, { efSearch: options.efSearch ?? manifest.vectors.efSearch })),
  ]);
  const corrupt = (name: string, detail: string) => new NianbaoError('INDEX_CORRUPT', `${file(name)}: ${detail}; ${REBUILD}`);

  const expected = new Map(manifest.reports.map((r) => [r.id, r]));
  const mismatch = reports.find((r) => expected.get(r.id)?.checksum !== r.checksum || expected.get(r.id)?.chunkCount !== r.chunks.length);
  if (mismatch || reports.length !== expected.size) {
    throw corrupt(INDEX_FILES.reports, `does not match ${INDEX_FILES.manifest}${mismatch ? ` (report ${mismatch.id})` : ''}`);
  }
  if (vector.size !== labels.length || vector.dimension !== embedder.dimension) {
    const found = `${labels.length} labels for ${vector.size} vectors of dimension ${vector.dimension}`;
    throw corrupt(INDEX_FILES.labels, `${found} (manifest: dimension ${embedder.dimension})`);
  }
  const index = assembleIndex(dir, manifest, reports, labels, vector, lexical);
  if (index.chunks.size !== labels.length || lexical.size !== labels.length) {
    throw corrupt(INDEX_FILES.labels, `${labels.length} labels, ${index.chunks.size} chunks, ${lexical.size} lexical entries`);
  }
  return index;
}

/**
 * Builds the in-memory view of an index from its parts; `labels[i]` names the chunk of vector label `i`.
 * Throws INDEX_CORRUPT when a label names a chunk no report has.
 */
export function assembleIndex(
  dir: string,
  manifest: IndexManifest,
  reports: Report[],
  labels: string[],
  vector: VectorIndex,
  lexical: LexicalIndex,
): LoadedIndex {
  const chunks = new Map(reports.flatMap((r) => r.chunks.map((c) => [c.id, c] as const)));
  const chunkList = labels.map((id) => {
    const chunk = chunks.get(id);
    const file = path.join(dir, manifest.generation, INDEX_FILES.labels);
    if (!chunk) throw new NianbaoError('INDEX_CORRUPT', `${file}: label for unknown chunk ${id}; ${REBUILD}`);
    return chunk;
  });
  const summaries = reports.map(summarizeReport);
  return {
    dir,
    manifest,
    reports,
    reportsById: new Map(reports.map((r) => [r.id, r])),
    chunks,
    chunkList,
    vector,
    lexical,
    summaries,
    summariesById: new Map(summaries.map((s) => [s.id, s])),
  };
}

export type Staleness = { stale: false } | { stale: true; reason: string };

/**
 * Whether `npm start` should rebuild: true when there is no usable manifest, it has another format
 * version or embedder id, or the corpus files (path + sha256 of raw bytes, as in `Report.checksum`)
 * differ from those indexed. Reads only the manifest, so it is cheap enough to run on every start.
 */
export async function isIndexStale(dir: string, files: Iterable<SourceChecksum>, embedderId: string): Promise<Staleness> {
  let manifest: IndexManifest;
  try {
    manifest = await readManifest(dir);
  } catch (e) {
    return { stale: true, reason: e instanceof Error ? e.message : String(e) };
  }
  if (manifest.embedder.id !== embedderId) {
    return { stale: true, reason: `built with embedder ${manifest.embedder.id}, current is ${embedderId}` };
  }
  const generation = path.join(dir, manifest.generation);
  if (!(await fs.stat(generation).catch(() => null))?.isDirectory()) return { stale: true, reason: `${generation} is missing` };
  const current = [...files];
  if (corpusChecksum(current) === manifest.corpusChecksum) return { stale: false };
  const indexed = new Map(manifest.reports.map((r) => [r.source, r.checksum]));
  const present = new Set(current.map((f) => f.source));
  const changed = current.filter((f) => indexed.get(f.source) !== f.checksum).map((f) => f.source);
  const removed = [...indexed.keys()].filter((s) => !present.has(s));
  return { stale: true, reason: `corpus changed: ${[...changed, ...removed.map((s) => `${s} (removed)`)].join(', ')}` };
}

/** Reads and checks manifest.json; throws INDEX_NOT_READY, INDEX_CORRUPT or INDEX_INCOMPATIBLE. */
export async function readManifest(dir: string): Promise<IndexManifest> {
  const file = path.join(dir, INDEX_FILES.manifest);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new NianbaoError('INDEX_NOT_READY', `no index at ${dir} (${file} is missing); run \`npm run index\` to build it`);
    }
    throw new NianbaoError('INDEX_CORRUPT', `${file}: ${(e as Error).message}`, { cause: e });
  }
  const check = parseManifest(text);
  if (check.ok) return check.manifest;
  const code = check.problem === 'format' ? 'INDEX_INCOMPATIBLE' : 'INDEX_CORRUPT';
  throw new NianbaoError(code, `${file}: ${check.detail}; ${REBUILD}`);
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(file, 'utf8'));
}

/** Runs one file's reader; any failure becomes INDEX_CORRUPT naming that file (null: the error names it). */
async function readPart<T>(file: string | null, read: (file: string) => Promise<T>): Promise<T> {
  try {
    return await read(file ?? '');
  } catch (e) {
    const reason = e instanceof z.ZodError ? `${e.issues[0]!.path.join('.')}: ${e.issues[0]!.message}` : (e as Error).message;
    throw new NianbaoError('INDEX_CORRUPT', `${file ? `${file}: ` : ''}${reason}; ${REBUILD}`, { cause: e });
  }
}

const metaValue = z.object({ value: z.unknown(), source: z.string() }).passthrough();
const chunkSchema = z
  .object({
    id: z.string(),
    reportId: z.string(),
    text: z.string(),
    norm: z.string(),
    headingPath: z.array(z.string()),
    paragraphs: z.array(z.number()),
  })
  .passthrough();
/** The fields the index and its users rely on; the rest of a Report is carried through unchecked. */
const reportsSchema = z.array(
  z
    .object({
      id: z.string(),
      source: z.string(),
      checksum: z.string(),
      script: z.enum(['simplified', 'traditional']),
      meta: z.object({ region: metaValue, body: metaValue, year: metaValue, title: metaValue }).passthrough(),
      text: z.string(),
      paragraphs: z.array(z.unknown()),
      sections: z.array(z.unknown()),
      chunks: z.array(chunkSchema),
      warnings: z.array(z.string()),
    })
    .passthrough(),
);
