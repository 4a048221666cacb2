/**
 * Every setting in one zod schema. Values come from environment variables (NIANBAO_* and a few
 * conventional names such as PORT), overridden by explicit values (CLI flags). A bad value fails
 * with INVALID_CONFIG naming the variable.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { NianbaoError } from './errors.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Answering slots per server process: two per core, at least 4. Extractive answers are CPU-bound on one
 * event loop, so more slots only lengthen every answer; LLM answers mostly wait, and 4 keeps a few
 * model calls in flight.
 */
export const DEFAULT_MAX_CONCURRENT = Math.max(4, 2 * os.availableParallelism());

export const configSchema = z
  .object({
    /** Project root; corpus/, index/ and models/ are resolved against it. */
    root: z.string().default(process.cwd()),
    corpusDir: z.string().default('corpus'),
    indexDir: z.string().default('index'),
    modelsDir: z.string().default('models'),

    /** `local:nianbao-cooc` = the offline model derived from the corpus; otherwise a hub id or a directory. */
    embedModel: z.string().default('local:nianbao-cooc'),
    /** Dimension of the offline derived model. */
    embedDim: int(8, 1024).default(128),
    /** Prefix added to queries (bge-zh wants `为这个句子生成表示以用于检索相关文章：`). Empty = model default. */
    embedQueryInstruction: z.string().optional(),
    embedBatchSize: int(1, 512).default(32),
    /** Set to allow @huggingface/transformers to download from the hub (model:fetch). */
    allowRemoteModels: z.boolean().default(false),

    /**
     * Rebuild the derived model (and re-embed everything) when this share of the words in reports added
     * since it was built are unknown to its vocabulary. Until then new reports are embedded with it.
     */
    modelDriftMax: z.coerce.number().min(0).max(1).default(0.05),
    /** The derived model learns from at most this many reports, spread evenly over the corpus. */
    modelSampleReports: int(10, 1_000_000).default(4000),
    /** Server processes sharing the port (node:cluster); 1 = this process serves. */
    workers: int(1, 64).default(1),
    /** How often a running server looks for a new index generation (0 = never). */
    reloadIntervalMs: int(0, 3_600_000).default(1000),

    hnswM: int(4, 128).default(16),
    hnswEfConstruction: int(10, 2000).default(200),
    hnswEfSearch: int(10, 2000).default(64),
    /** Vector rows appended since the HNSW graph was built that are scanned exactly; past this the next build extends the graph. */
    hnswTailMax: int(0, 10_000_000).default(16_384),

    /** Hits returned by retrieval. */
    topK: int(1, 50).default(5),
    /** Candidates taken from each ranking before fusion. */
    candidates: int(5, 500).default(50),
    /** Reciprocal rank fusion constant. */
    rrfK: int(1, 1000).default(60),

    /** `extractive` (default, offline) or `llm` (LangChain chat model, falls back to extractive). */
    answerer: z.enum(['extractive', 'llm']).default('extractive'),
    llmProvider: z.enum(['openai', 'ollama']).default('openai'),
    llmBaseUrl: z.string().url().optional(),
    llmModel: z.string().default('deepseek-chat'),
    llmApiKey: z.string().optional(),
    llmTimeoutMs: int(100, 600_000).default(30_000),
    llmTemperature: z.coerce.number().min(0).max(2).default(0),

    host: z.string().default('127.0.0.1'),
    port: int(0, 65535).default(8787),
    /**
     * The address the public reaches this server at (`https://wenda.example.gov.cn`), used for the absolute
     * URLs of the demo page's embed snippet. Unset: the page uses relative URLs. Never taken from the
     * request's Host header, which the client writes.
     */
    publicUrl: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
      .optional(),
    /** Node http server: the whole request (headers and body) must arrive within this; slower clients get 408. */
    requestTimeoutMs: int(100, 3_600_000).default(30_000),
    /** The request headers must arrive within this (at most `requestTimeoutMs`). */
    headersTimeoutMs: int(100, 3_600_000).default(10_000),
    /** An idle keep-alive connection is closed after this. */
    keepAliveTimeoutMs: int(100, 3_600_000).default(5_000),
    /** Questions (chat, search, batch) answered at the same time by one server process. */
    maxConcurrent: int(1, 1024).default(DEFAULT_MAX_CONCURRENT),
    /** Chat and search requests that may wait for a slot; beyond that they are answered 503 OVERLOADED at once. */
    maxQueue: int(0, 100_000).default(16),
    /** Longest wait for a slot before a chat or search request is answered 503 OVERLOADED. */
    queueTimeoutMs: int(1, 600_000).default(1500),
    /** Batch questions answered at the same time, all batch requests of the process together. */
    batchMaxConcurrent: int(1, 1024).default(2),
    maxQuestionLength: int(1, 10_000).default(500),
    /** Comma-separated origins allowed to embed the widget, in addition to same origin and localhost. */
    widgetOrigins: z.string().default(''),
    /** Let pages on http://localhost:* and http://127.0.0.1:* use the API (handy locally; turn off in production). */
    widgetAllowLocalhost: z.boolean().default(true),
    /** Requests per minute per client on /api/chat and /api/search; each batch question counts as one. */
    rateLimitPerMinute: int(1, 1_000_000_000).default(60),
    /** Clients the rate limiter remembers; past this the least recently seen is forgotten (bounds its memory). */
    rateLimitMaxClients: int(1, 10_000_000).default(10_000),
    /**
     * Proxies in front of the server that append to X-Forwarded-For (0 = none: count clients by socket
     * address). The client is the entry this many places from the right, the one the outermost trusted
     * proxy wrote; entries further left are whatever the client sent. `true` = 1, `false` = 0.
     */
    trustProxy: z.union([z.boolean().transform((b) => (b ? 1 : 0)), int(0, 32)]).default(0),
    /** Bearer key the OpenAI-compatible API (/v1/*) requires; unset = open. */
    apiKey: z.string().min(1).optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

/** Environment variable → config key. */
const ENV_KEYS: Record<string, keyof Config> = {
  NIANBAO_ROOT: 'root',
  NIANBAO_CORPUS_DIR: 'corpusDir',
  NIANBAO_INDEX_DIR: 'indexDir',
  NIANBAO_MODELS_DIR: 'modelsDir',
  NIANBAO_EMBED_MODEL: 'embedModel',
  NIANBAO_EMBED_DIM: 'embedDim',
  NIANBAO_EMBED_QUERY_INSTRUCTION: 'embedQueryInstruction',
  NIANBAO_EMBED_BATCH_SIZE: 'embedBatchSize',
  NIANBAO_ALLOW_REMOTE_MODELS: 'allowRemoteModels',
  NIANBAO_MODEL_DRIFT_MAX: 'modelDriftMax',
  NIANBAO_MODEL_SAMPLE_REPORTS: 'modelSampleReports',
  NIANBAO_RELOAD_INTERVAL_MS: 'reloadIntervalMs',
  NIANBAO_WORKERS: 'workers',
  NIANBAO_HNSW_M: 'hnswM',
  NIANBAO_HNSW_EF_CONSTRUCTION: 'hnswEfConstruction',
  NIANBAO_HNSW_EF_SEARCH: 'hnswEfSearch',
  NIANBAO_HNSW_TAIL_MAX: 'hnswTailMax',
  NIANBAO_TOP_K: 'topK',
  NIANBAO_CANDIDATES: 'candidates',
  NIANBAO_RRF_K: 'rrfK',
  NIANBAO_ANSWERER: 'answerer',
  NIANBAO_LLM_PROVIDER: 'llmProvider',
  NIANBAO_LLM_BASE_URL: 'llmBaseUrl',
  NIANBAO_LLM_MODEL: 'llmModel',
  NIANBAO_LLM_API_KEY: 'llmApiKey',
  NIANBAO_LLM_TIMEOUT_MS: 'llmTimeoutMs',
  NIANBAO_LLM_TEMPERATURE: 'llmTemperature',
  HOST: 'host',
  PORT: 'port',
  NIANBAO_MAX_QUESTION_LENGTH: 'maxQuestionLength',
  WIDGET_ORIGINS: 'widgetOrigins',
  NIANBAO_RATE_LIMIT_PER_MINUTE: 'rateLimitPerMinute',
  NIANBAO_WIDGET_ALLOW_LOCALHOST: 'widgetAllowLocalhost',
  NIANBAO_TRUST_PROXY: 'trustProxy',
  NIANBAO_RATE_LIMIT_MAX_CLIENTS: 'rateLimitMaxClients',
  NIANBAO_PUBLIC_URL: 'publicUrl',
  NIANBAO_REQUEST_TIMEOUT_MS: 'requestTimeoutMs',
  NIANBAO_HEADERS_TIMEOUT_MS: 'headersTimeoutMs',
  NIANBAO_KEEPALIVE_TIMEOUT_MS: 'keepAliveTimeoutMs',
  NIANBAO_MAX_CONCURRENT: 'maxConcurrent',
  NIANBAO_MAX_QUEUE: 'maxQueue',
  NIANBAO_QUEUE_TIMEOUT_MS: 'queueTimeoutMs',
  NIANBAO_BATCH_MAX_CONCURRENT: 'batchMaxConcurrent',
  NIANBAO_API_KEY: 'apiKey',
};

/** Boolean settings: `1`/`true`/`yes` are true, `0`/`false`/`no` false (z.coerce.boolean would read "false" as true). */
const BOOLEAN_KEYS = new Set<keyof Config>(['allowRemoteModels', 'widgetAllowLocalhost']);

/** Reads settings from `env`, then applies `overrides`; throws INVALID_CONFIG naming the bad field. */
export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    // NIANBAO_TRUST_PROXY was a boolean before it counted proxies: `true` still means one proxy.
    if (key === 'trustProxy') fromEnv[key] = /^(true|yes|on)$/i.test(v) ? 1 : /^(false|no|off)$/i.test(v) ? 0 : v;
    else if (!BOOLEAN_KEYS.has(key)) fromEnv[key] = v;
    else if (/^(1|true|yes|on)$/i.test(v)) fromEnv[key] = true;
    else if (/^(0|false|no|off)$/i.test(v)) fromEnv[key] = false;
    else throw new NianbaoError('INVALID_CONFIG', `${name}: expected true or false, got "${v}"`);
  }
  const parsed = configSchema.safeParse({ ...fromEnv, ...stripUndefined(overrides) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const envName = Object.keys(ENV_KEYS).find((k) => ENV_KEYS[k] === key);
    throw new NianbaoError('INVALID_CONFIG', `${key}${envName ? ` (${envName})` : ''}: ${issue.message}`);
  }
  return parsed.data;
}

/** Absolute path of a configured directory. */
export function resolveDir(config: Config, dir: 'corpusDir' | 'indexDir' | 'modelsDir'): string {
  return path.resolve(config.root, config[dir]);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
