/**
 * The composition root shared by the server and the CLI: ingest the corpus, derive (or load) the
 * embedding model, build the index when it is missing or stale, load it, and wire retrieval and the
 * answerer. Stages stay unaware of each other; only this file, server/ and cli/ connect them.
 */
import path from 'node:path';
import { resolveDir, type Config } from './config.js';
import { createExtractiveAnswerer } from './answer/extractive.js';
import { createLlmAnswerer } from './answer/llm.js';
import type { AnswerEvent, Answerer, ChatTurn } from './answer/answerer.js';
import { buildLocalModel } from './embed/local-model.js';
import { createEmbedder, LOCAL_MODEL_ID } from './embed/index.js';
import type { Embedder } from './embed/embedder.js';
import { NianbaoError } from './errors.js';
import { buildIndex, isIndexStale, loadIndex, type BuildPhase, type BuildStats, type LoadedIndex } from './index/index.js';
import { ingestCorpus, type SkippedFile } from './ingest/index.js';
import { createCatalog, type Catalog } from './retrieve/catalog.js';
import { retrieve, type SearchOptions } from './retrieve/search.js';
import type { Answer, Report, RetrievalResult } from './types.js';

export interface Engine {
  config: Config;
  index: LoadedIndex;
  embedder: Embedder;
  catalog: Catalog;
  answerer: Answerer;
  retrieve(question: string, options?: SearchOptions): Promise<RetrievalResult>;
  /** Retrieval plus answer, with timings. */
  ask(question: string, options?: AskOptions): Promise<Answer & { retrieval: RetrievalResult }>;
  /** The same as events (citations, deltas, done); `done` carries the same timings as `ask`. */
  stream(question: string, options?: AskOptions): AsyncIterable<AnswerEvent>;
}

export interface AskOptions extends SearchOptions {
  /** Earlier turns of the conversation: follow-ups inherit from them, and the LLM answerer sees them. */
  history?: ChatTurn[];
}

export interface PrepareOptions {
  /** Rebuild even when the index looks fresh. */
  force?: boolean;
  /** Never build: fail with INDEX_NOT_READY / INDEX_INCOMPATIBLE instead (e.g. `ask` on a read-only copy). */
  noBuild?: boolean;
  onProgress?: (phase: BuildPhase | 'ingest' | 'model', done: number, total: number) => void;
  log?: (line: string) => void;
}

export interface Prepared {
  index: LoadedIndex;
  embedder: Embedder;
  /** Null when the existing index was fresh and loaded as is. */
  stats: BuildStats | null;
  skipped: SkippedFile[];
  staleReason: string | null;
}

/** Where the offline model derived from the corpus lives. */
export function localModelDir(config: Config): string {
  return path.join(resolveDir(config, 'modelsDir'), 'nianbao-cooc');
}

/**
 * Makes sure `index/` holds an index of the current corpus built with the configured embedder,
 * building it (incrementally) when missing or stale, and returns it loaded.
 */
export async function prepareIndex(config: Config, options: PrepareOptions = {}): Promise<Prepared> {
  const log = options.log ?? (() => {});
  const indexDir = resolveDir(config, 'indexDir');
  const { reports, skipped } = await ingestCorpus(resolveDir(config, 'corpusDir'), config.root, (d, t) => options.onProgress?.('ingest', d, t));
  for (const s of skipped) log(`已跳过 (skipped) ${s.source}: ${s.message}`);
  if (reports.length === 0) throw new NianbaoError('INDEX_NOT_READY', `no usable report in ${resolveDir(config, 'corpusDir')}`);

  const embedder = await openEmbedder(config, reports, options);
  const files = reports.map((r) => ({ source: r.source, checksum: r.checksum }));
  const staleness = options.force ? { stale: true as const, reason: 'rebuild requested' } : await isIndexStale(indexDir, files, embedder.id);
  if (!staleness.stale) {
    const index = await loadIndex(indexDir, { embedderId: embedder.id, dimension: embedder.dimension, efSearch: config.hnswEfSearch });
    return { index, embedder, stats: null, skipped, staleReason: null };
  }
  if (options.noBuild) throw new NianbaoError('INDEX_NOT_READY', `index at ${indexDir} is stale (${staleness.reason}); run \`npm run index\``);
  log(`构建索引 (building index): ${staleness.reason}`);
  const previous = await loadIndex(indexDir).catch(() => null);
  const { index, stats } = await buildIndex({
    reports,
    embedder,
    embedderInfo: { model: config.embedModel },
    config,
    dir: indexDir,
    previous,
    onProgress: options.onProgress,
  });
  return { index, embedder, stats, skipped, staleReason: staleness.reason };
}

/** The configured embedder; the offline model is (re)derived from the corpus first when needed. */
async function openEmbedder(config: Config, reports: Report[], options: PrepareOptions): Promise<Embedder> {
  if (config.embedModel !== LOCAL_MODEL_ID) return createEmbedder(config, {});
  options.onProgress?.('model', 0, 1);
  const texts = reports.map((r) => r.paragraphs.map((p) => p.norm).join('\n'));
  const model = await buildLocalModel({ texts, dim: config.embedDim, outDir: localModelDir(config) });
  options.onProgress?.('model', 1, 1);
  return createEmbedder(config, { localModelDir: model.dir });
}

/** Wires retrieval and the configured answerer over a loaded index. */
export function createEngine(config: Config, index: LoadedIndex, embedder: Embedder): Engine {
  const catalog = createCatalog(index.summaries);
  const extractive = createExtractiveAnswerer();
  const answerer = config.answerer === 'llm' ? createLlmAnswerer({ config, fallback: extractive }) : extractive;
  const deps = { index, embedder, catalog, config };
  const sectionChunks = (reportId: string, headingPath: readonly string[]) =>
    (index.reportsById.get(reportId)?.chunks ?? []).filter((c) => c.headingPath.length === headingPath.length && c.headingPath.every((h, i) => h === headingPath[i]));
  const engine: Engine = {
    config,
    index,
    embedder,
    catalog,
    answerer,
    retrieve: (question, options) => retrieve(question, deps, options),
    async ask(question, options) {
      const started = performance.now();
      const retrieval = await retrieve(question, deps, options);
      const retrievalMs = performance.now() - started;
      const answer = await answerer.answer({ question, retrieval, history: options?.history, sectionChunks }, { signal: options?.signal });
      return { ...withTimings(answer, started, retrievalMs), retrieval };
    },
    async *stream(question, options) {
      const started = performance.now();
      const retrieval = await retrieve(question, deps, options);
      const retrievalMs = performance.now() - started;
      for await (const event of answerer.stream({ question, retrieval, history: options?.history, sectionChunks }, { signal: options?.signal })) {
        yield event.type === 'done' ? { type: 'done', answer: withTimings(event.answer, started, retrievalMs) } : event;
      }
    },
  };
  return engine;
}

/** prepareIndex + createEngine. */
export async function openEngine(config: Config, options: PrepareOptions = {}): Promise<Engine & { prepared: Prepared }> {
  const prepared = await prepareIndex(config, options);
  return { ...createEngine(config, prepared.index, prepared.embedder), prepared };
}

/** Adds retrieval and total time to the answerer's own timings. */
function withTimings(answer: Answer, started: number, retrievalMs: number): Answer {
  const timings = { ...(answer.meta?.timings as object | undefined), retrievalMs: round(retrievalMs), totalMs: round(performance.now() - started) };
  return { ...answer, meta: { ...answer.meta, timings } };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
