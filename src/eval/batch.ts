/**
 * Batch answering: answers many questions with bounded concurrency and hands results back in input
 * order (so output files are in input order and a killed run leaves a clean, ordered prefix to resume
 * from). Output formats: JSONL (one record a line) and CSV (citations flattened to `source#paragraph`).
 */
import { open, readFile, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { NianbaoError, isNianbaoError } from '../errors.js';
import type { Answer, Citation } from '../types.js';
import type { QuestionRecord } from './questions.js';

export interface BatchResult {
  id: string;
  question: string;
  answer: string;
  citations: Citation[];
  refused: boolean;
  grounded: boolean;
  latency_ms: number;
  /** Set when answering failed (the record is still written, so a resume does not retry forever). */
  error?: { code: string; message: string };
  [passthrough: string]: unknown;
}

export type AskFn = (question: string, signal: AbortSignal | undefined, record: QuestionRecord) => Promise<Answer>;

/**
 * Answers `records` with `concurrency` workers and yields results strictly in input order.
 * A failing question yields a result with `error` set; it never stops the batch. After `signal`
 * aborts, no new question starts and the output ends before the first question left unanswered.
 */
export async function* answerInOrder(records: QuestionRecord[], ask: AskFn, options: { concurrency: number; signal?: AbortSignal }): AsyncGenerator<BatchResult> {
  const results = new Array<BatchResult | undefined>(records.length);
  const waiters = new Map<number, () => void>();
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (next < records.length && !stopped && !options.signal?.aborted) {
      const i = next++;
      results[i] = await answerOne(records[i]!, ask, options.signal);
      // Wakes the consumer even without a result (aborted): it then stops at this gap.
      waiters.get(i)?.();
    }
  };
  // When the workers stop early (abort), wake whoever waits for a result that will never come; a
  // consumer arriving after that (it was busy writing the previous result) must not start waiting.
  let poolDone = false;
  const pool = Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker)).finally(() => {
    poolDone = true;
    waiters.forEach((wake) => wake());
  });
  try {
    for (let i = 0; i < records.length; i++) {
      if (!results[i] && !poolDone) await new Promise<void>((resolve) => waiters.set(i, resolve));
      if (!results[i]) break;
      yield results[i]!;
      results[i] = undefined;
    }
  } finally {
    // A consumer that stops early (`break`, a client that went away) must not leave the workers
    // answering the rest of the batch for nobody; in-flight questions are let finish.
    stopped = true;
    await pool;
  }
}

/**
 * Answers one record. A question cut off by the abort yields no result at all: written as an error it
 * would count as done, and a resumed run would never answer it.
 */
async function answerOne(record: QuestionRecord, ask: AskFn, signal?: AbortSignal): Promise<BatchResult | undefined> {
  const started = performance.now();
  const base = { ...record.fields, id: record.id, question: record.question };
  try {
    const a = await ask(record.question, signal, record);
    return { ...base, answer: a.answer, citations: a.citations, refused: a.refused, grounded: a.grounded, latency_ms: Math.round(performance.now() - started) };
  } catch (e) {
    if (signal?.aborted) return undefined;
    const error = isNianbaoError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: (e as Error).message };
    return { ...base, answer: '', citations: [], refused: false, grounded: false, latency_ms: Math.round(performance.now() - started), error };
  }
}

const CSV_COLUMNS = ['id', 'question', 'answer', 'refused', 'grounded', 'latency_ms', 'citations', 'quotes', 'error'];

/** One CSV row: citations as `source#paragraph` joined with `; `, quotes joined with ` ‖ `; other input fields as given. */
export function toCsvRow(r: BatchResult, extraColumns: readonly string[] = []): Record<string, string> {
  const extra = Object.fromEntries(extraColumns.map((k) => [k, r[k] === undefined || r[k] === null ? '' : typeof r[k] === 'string' ? (r[k] as string) : JSON.stringify(r[k])]));
  return {
    ...extra,
    id: r.id,
    question: r.question,
    answer: r.answer,
    refused: String(r.refused),
    grounded: String(r.grounded),
    latency_ms: String(r.latency_ms),
    citations: r.citations.map((c) => `${c.source}#p${c.paragraph}`).join('; '),
    quotes: r.citations.map((c) => c.quote.replace(/\s+/g, ' ')).join(' ‖ '),
    error: r.error ? `${r.error.code}: ${r.error.message}` : '',
  };
}

/** An output file that appends results; reading it first tells which ids are already answered. */
export interface ResultWriter {
  done: Set<string>;
  write(result: BatchResult): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens `file` for appending results. Existing complete records are kept and their ids returned in
 * `done` (resume); a trailing partial line left by a killed run is cut off first.
 */
export async function openResultWriter(file: string, options: { extraColumns?: readonly string[] } = {}): Promise<ResultWriter> {
  const csv = path.extname(file).toLowerCase() === '.csv';
  // Input fields beyond the standard ones pass through as extra CSV columns (JSONL keeps them anyway).
  let columns = [...CSV_COLUMNS, ...(options.extraColumns ?? []).filter((c) => !CSV_COLUMNS.includes(c))];
  const done = new Set<string>();
  const existing = await stat(file).catch(() => null);
  let needsHeader = csv;
  let size = existing?.size ?? 0;
  if (size > 0) {
    const text = await readFile(file, 'utf8');
    let complete = text.slice(0, text.lastIndexOf('\n') + 1);
    if (csv) {
      const kept = readCsvIds(complete, file, done);
      // Answers may span lines inside quotes, so the cut at the last newline can still leave half a record.
      if (kept !== Buffer.byteLength(complete)) complete = Buffer.from(complete).subarray(0, kept).toString('utf8');
      needsHeader = complete.length === 0;
      // Resuming: keep the columns the file already has.
      if (!needsHeader) columns = (parseCsv(complete.split('\n', 1)[0]!, { bom: true }) as string[][])[0] ?? columns;
    }
    if (complete.length !== text.length) {
      size = Buffer.byteLength(complete);
      await truncate(file, size);
    }
    if (!csv) {
      for (const line of complete.split('\n')) {
        if (!line.trim()) continue;
        try {
          const id = (JSON.parse(line) as { id?: unknown }).id;
          if (id !== undefined) done.add(String(id));
        } catch {
          // A corrupt line is left in place; its question is simply answered again.
        }
      }
    }
  }
  const handle = await open(file, 'a');
  return {
    done,
    async write(result) {
      if (csv) {
        const extra = columns.filter((c) => !CSV_COLUMNS.includes(c));
        await handle.write(stringify([toCsvRow(result, extra)], { header: needsHeader, columns, bom: needsHeader && size === 0 }));
        needsHeader = false;
      } else await handle.write(`${JSON.stringify(result)}\n`);
    },
    close: () => handle.close(),
  };
}

/**
 * Adds the ids of the complete records of a CSV result file to `done` and returns how many bytes those
 * records (and the header) take; a trailing record with an unclosed quote is not counted.
 */
function readCsvIds(text: string, file: string, done: Set<string>): number {
  let kept = 0;
  try {
    parseCsv(text, {
      columns: true,
      skip_empty_lines: true,
      bom: true,
      relax_column_count: true,
      on_record: (record: Record<string, string>, context: { bytes: number }) => {
        kept = context.bytes;
        if (record.id) done.add(record.id);
        return record;
      },
    });
    return Buffer.byteLength(text);
  } catch (e) {
    if ((e as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') return kept;
    throw new NianbaoError('INVALID_INPUT_FILE', `${file}: ${(e as Error).message}`);
  }
}
