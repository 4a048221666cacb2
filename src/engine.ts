/**
 * The composition root shared by the server and the CLI: ingest the corpus, derive (or load) the
 * embedding model, build the index when it is missing or stale, load it, and wire retrieval and the
 * answerer. Stages stay unaware of each other; only this file, server/ and cli/ connect them.
 */
import type { Config } from './config.js';
import { createExtractiveAnswerer } from './answer/extractive.js';
import type { AnswerEvent, Answerer, ChatTurn } from './answer/answerer.js';
import type { Embedder } from './embed/embedder.js';
import { prepareIndex, type LoadedIndex, type Prepared, type PrepareOptions } from './index/index.js';
import { answerStats, statsIntent } from './answer/stats.js';
import { createCatalog, type Catalog } from './retrieve/catalog.js';
import { retrieve, type SearchOptions } from './retrieve/search.js';
import type { Answer, RetrievalResult } from './types.js';

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

export { prepareIndex, type Prepared, type PrepareOptions } from './index/index.js';

/** Wires retrieval and the configured answerer over a loaded index. */
export function createEngine(config: Config, index: LoadedIndex, embedder: Embedder): Engine {
  const catalog = createCatalog(index.summaries);
  const extractive = createExtractiveAnswerer();
  const answerer = config.answerer === 'llm' ? lazyLlmAnswerer(config, extractive) : extractive;
  const deps = { index, embedder, catalog, config };
  const sectionChunks = (reportId: string, headingPath: readonly string[]) => index.sectionChunks(reportId, headingPath);
  /**
   * A question that compares reports (rankings, differences, trends, sums) is computed from the
   * standard measures of the summaries; null for every other question, and for a question limited
   * to chosen reports, which keeps the ordinary path. A follow-up compares within the place it inherits.
   */
  const compare = (retrieval: RetrievalResult, options?: AskOptions): Answer | null => {
    if (options?.reportIds?.length) return null;
    // The question as retrieval already parsed it (region, years, normalized text).
    const intent = statsIntent(retrieval.query);
    return intent ? answerStats(intent, index.summaries) : null;
  };
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
      const computed = compare(retrieval, options);
      if (computed) {
        const answer = await answerer.answerComputed?.({ question, retrieval, history: options?.history, computed }, { signal: options?.signal });
        return { ...withTimings(answer ?? computed, started, retrievalMs), retrieval };
      }
      const answer = await answerer.answer({ question, retrieval, history: options?.history, sectionChunks }, { signal: options?.signal });
      return { ...withTimings(answer, started, retrievalMs), retrieval };
    },
    async *stream(question, options) {
      const started = performance.now();
      const retrieval = await retrieve(question, deps, options);
      const retrievalMs = performance.now() - started;
      const computed = compare(retrieval, options);
      if (computed) {
        const answer = (await answerer.answerComputed?.({ question, retrieval, history: options?.history, computed }, { signal: options?.signal })) ?? computed;
        yield { type: 'citations', citations: answer.citations };
        yield { type: 'delta', text: answer.answer };
        yield { type: 'done', answer: withTimings(answer, started, retrievalMs) };
        return;
      }
      for await (const event of answerer.stream({ question, retrieval, history: options?.history, sectionChunks }, { signal: options?.signal })) {
        yield event.type === 'done' ? { type: 'done', answer: withTimings(event.answer, started, retrievalMs) } : event;
      }
    },
  };
  return engine;
}

/**
 * The LLM answerer, loaded on its first question: LangChain's modules take about a second to import,
 * which a server using the extractive answerer (the default) should not pay at every start.
 */
function lazyLlmAnswerer(config: Config, fallback: Answerer): Answerer {
  let loaded: Promise<Answerer> | undefined;
  const load = () => (loaded ??= import('./answer/llm.js').then((m) => m.createLlmAnswerer({ config, fallback })));
  return {
    id: `llm:${config.llmModel}`,
    answer: async (input, options) => (await load()).answer(input, options),
    answerComputed: async (input, options) => (await load()).answerComputed?.(input, options) ?? null,
    async *stream(input, options) {
      yield* (await load()).stream(input, options);
    },
  };
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
