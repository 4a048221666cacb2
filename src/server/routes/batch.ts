/**
 * `POST /api/batch`: answers up to 1,000 questions in one request and streams the results as NDJSON
 * (`application/x-ndjson`), one line per question in input order, in the record shape of the batch CLI:
 * `{id, question, answer, citations, refused, grounded, latency_ms, ...passthrough}` (plus `error` when
 * answering that one question failed).
 *
 * Input, by Content-Type:
 * - `application/json` (or none): a JSON array of strings or `{id?, question, ...}` objects; a missing
 *   id defaults to the item's 1-based position;
 * - `multipart/form-data` with a `file` field holding a `.jsonl` or `.csv` question file;
 * - a raw `application/x-ndjson` or `text/csv` body.
 * Files and raw bodies go through the CLI's parsers (UTF-8 with or without BOM, GBK from Excel).
 *
 * Bad input rejects the whole request with a 400 naming the first bad line (INVALID_REQUEST for JSON
 * array items, INVALID_INPUT_FILE for file lines), before any question is answered. Skipping bad lines,
 * as the CLI does, would hand back a 200 whose gaps a client has to discover by diffing ids; a 400 is
 * seen at once and costs nothing to fix and resend.
 *
 * Limits. Every question spends one request of the client's rate-limit budget (the one chat and search
 * spend), taken just before it is answered. A client with no budget left is refused 429 before its body
 * is read; a batch that runs out midway pauses until the budget frees up again (the sliding window
 * lets a request through every 60/N s once it is spent) and then carries on, so the lines already
 * written show its progress and nothing has to be resent. Batch questions of all requests together are
 * answered at most `batchMaxConcurrent` at a time, and each also takes an answering slot of the load
 * shedder behind chat and search.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { stream } from 'hono/streaming';
import type PQueue from 'p-queue';
import type { Config } from '../../config.js';
import { NianbaoError, isNianbaoError } from '../../errors.js';
import { answerInOrder } from '../../eval/batch.js';
import { lineLabel, parseQuestionArray, parseQuestionBytes, type ParsedQuestions, type QuestionFormat, type QuestionRecord } from '../../eval/questions.js';
import type { LoadShedder } from '../load-shed.js';
import type { RateLimiter } from '../middleware/rate-limit/index.js';
import { readJson } from '../schemas.js';
import { oneLine } from './api.js';
import { requireEngine, type EngineHolder } from '../state.js';

/** Most questions one request may carry. */
export const MAX_BATCH_QUESTIONS = 1000;
/** Request bodies larger than this are refused before parsing (1,000 questions with gold fields fit easily). */
export const MAX_BATCH_BYTES = 10 * 1024 * 1024;

export interface BatchRouteOptions {
  /** Questions answered at the same time within one request; modest, since answering is CPU-bound. */
  concurrency?: number;
  /** Answering slots shared with chat and search; batch questions wait behind those. */
  load: LoadShedder;
  /** The process-wide line of batch questions (concurrency = config `batchMaxConcurrent`). */
  batchQueue: PQueue;
  /** The per-client budget; each question spends one. */
  limiter: RateLimiter;
  /** The server log (one line per unexpected failure); stderr by default. */
  log?: (line: string) => void;
}

/** Raw body types read as question files. */
const RAW_FORMATS: Record<string, QuestionFormat> = {
  'application/x-ndjson': 'jsonl',
  'application/ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'text/csv': 'csv',
};

/** Upload file extensions we know how to read. */
const UPLOAD_FORMATS: Record<string, QuestionFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/** The batch route, mounted under `/api` next to the chat API. */
export function createBatchRoutes(config: Config, holder: EngineHolder, options: BatchRouteOptions): Hono {
  const concurrency = options.concurrency ?? 4;
  const { load, batchQueue, limiter } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const api = new Hono();
  const limit = bodyLimit({
    maxSize: MAX_BATCH_BYTES,
    onError: () => {
      throw new NianbaoError('BODY_TOO_LARGE', `request body exceeds ${MAX_BATCH_BYTES / 1024 / 1024} MB`);
    },
  });

  // A client whose budget is already spent is told so before it uploads anything.
  api.post('/batch', limiter.gate, limit, async (c) => {
    // Checked first: no point reading megabytes of questions the server cannot answer yet.
    const engine = requireEngine(holder);
    const records = checkBatch(await readQuestions(c), config.maxQuestionLength);
    const client = limiter.keyOf(c);
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Cache-Control', 'no-store');
    // Proxies such as nginx buffer responses by default, which would hold every line until the end.
    c.header('X-Accel-Buffering', 'no');
    return stream(
      c,
      async (out) => {
        const controller = new AbortController();
        // The client went away: stop answering questions nobody will read.
        out.onAbort(() => controller.abort());
        const ask = async (question: string, signal: AbortSignal | undefined) => {
          await spendOne(limiter, client, signal);
          return batchQueue.add(async () => {
            signal?.throwIfAborted();
            const release = await load.acquire({ priority: 'background', signal });
            try {
              return await engine.ask(question, { signal });
            } finally {
              release();
            }
          });
        };
        for await (const result of answerInOrder(records, ask, { concurrency, signal: controller.signal })) {
          if (out.aborted) break;
          // An unexpected failure's own text (a stack's message, an upstream service's reply) stays in the server log.
          if (result.error?.code === 'INTERNAL') {
            log(`[nianbao] batch question ${result.id} failed: ${oneLine(result.error.message)}`);
            result.error = new NianbaoError('INTERNAL').toJSON().error;
          }
          await out.write(`${JSON.stringify(result)}\n`);
        }
      },
      async (err, out) => {
        // Headers are gone by now; the last line says why the stream ended early.
        if (!isNianbaoError(err)) log(`[nianbao] batch stream failed: ${oneLine(err)}`);
        const e = isNianbaoError(err) ? err : new NianbaoError('INTERNAL');
        await out.write(`${JSON.stringify(e.toJSON())}\n`);
      },
    );
  });

  return api;
}

/** Takes one request of `client`'s budget, pausing until the window frees one if it is spent. */
async function spendOne(limiter: RateLimiter, client: string, signal: AbortSignal | undefined): Promise<void> {
  for (let v = limiter.take(client); !v.allowed; v = limiter.take(client)) await sleep(v.retryAfterMs, undefined, { signal });
}

/** Reads the questions from whichever of the three body kinds the request carries. */
async function readQuestions(c: Context): Promise<ParsedQuestions & { unit: 'item' | 'line' }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data') {
    const form = await c.req.parseBody().catch((e: Error) => {
      throw new NianbaoError('INVALID_REQUEST', `multipart body cannot be read: ${e.message}`);
    });
    const file = form.file;
    if (!(file instanceof File)) throw new NianbaoError('INVALID_REQUEST', 'multipart field "file" (a .jsonl or .csv file) is missing');
    const format = UPLOAD_FORMATS[path.extname(file.name).toLowerCase()] ?? RAW_FORMATS[file.type.split(';')[0]!.trim().toLowerCase()];
    if (!format) throw new NianbaoError('INVALID_INPUT_FILE', `${file.name}: expected a .jsonl or .csv file`);
    return { ...parseQuestionBytes(new Uint8Array(await file.arrayBuffer()), file.name, format), unit: 'line' };
  }
  const raw = RAW_FORMATS[type];
  if (raw) return { ...parseQuestionBytes(new Uint8Array(await c.req.arrayBuffer()), 'request body', raw), unit: 'line' };
  const body = await readJson(c);
  if (!Array.isArray(body)) throw new NianbaoError('INVALID_REQUEST', 'body must be a JSON array of questions (strings or {id?, question} objects)');
  // Counted before parsing the items, so an oversized array costs nothing more.
  if (body.length > MAX_BATCH_QUESTIONS) throw tooMany(body.length);
  return { ...parseQuestionArray(body), unit: 'item' };
}

/** Enforces the batch limits and per-question rules; returns the records to answer. */
function checkBatch(input: ParsedQuestions & { unit: 'item' | 'line' }, maxLength: number): QuestionRecord[] {
  const { records, errors, unit } = input;
  const total = records.length + errors.length;
  if (total > MAX_BATCH_QUESTIONS) throw tooMany(total);
  const first = errors[0];
  if (first) {
    const more = errors.length > 1 ? ` (另有 ${errors.length - 1} 处错误 / and ${errors.length - 1} more bad ${unit}s)` : '';
    throw new NianbaoError(unit === 'item' ? 'INVALID_REQUEST' : 'INVALID_INPUT_FILE', `${where(unit, first.line)}: ${first.message}${more}`);
  }
  if (records.length === 0) throw new NianbaoError('INVALID_REQUEST', 'no questions in the request');
  const long = records.find((r) => [...r.question].length > maxLength);
  if (long) throw new NianbaoError('QUESTION_TOO_LONG', `${where(unit, long.line)}: ${[...long.question].length} > ${maxLength} characters`);
  return records;
}

/** `第 3 行 (line 3)` / `第 3 项 (item 3)`, as the CLI names lines. */
function where(unit: 'item' | 'line', n: number): string {
  return unit === 'line' ? lineLabel(n) : `第 ${n} 项 (item ${n})`;
}

function tooMany(count: number): NianbaoError {
  return new NianbaoError('TOO_MANY_QUESTIONS', `${count} > ${MAX_BATCH_QUESTIONS}`);
}
