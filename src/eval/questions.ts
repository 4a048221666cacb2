/**
 * Reading question files for batch answering and evaluation: JSONL (one object a line, at least `id`
 * and `question`) or CSV with a header containing `id,question` (csv-parse), in UTF-8 with or without
 * BOM or GBK (Excel). A bad line is reported with its line number and skipped; other fields pass through.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { NianbaoError } from '../errors.js';
import { decodeBytes } from '../ingest/decode.js';

export interface QuestionRecord {
  /** 1-based line (JSONL) or record line (CSV) in the input, for error messages. */
  line: number;
  id: string;
  question: string;
  /** Every field of the input record, passed through to the output (gold fields included). */
  fields: Record<string, unknown>;
}

export interface InputError {
  line: number;
  message: string;
}

const recordSchema = z.object({ id: z.union([z.string().min(1), z.number()]).transform(String), question: z.string().trim().min(1) }).passthrough();

/** Reads a question file by extension: `.csv` as CSV, anything else as JSONL. */
export async function readQuestionFile(file: string): Promise<{ records: QuestionRecord[]; errors: InputError[] }> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new NianbaoError('INVALID_INPUT_FILE', `${file}: ${e.code ?? e.message}`);
  });
  let text: string;
  try {
    text = decodeBytes(bytes, file).text;
  } catch (e) {
    throw new NianbaoError('INVALID_INPUT_FILE', (e as Error).message);
  }
  return path.extname(file).toLowerCase() === '.csv' ? parseQuestionCsv(text) : parseQuestionJsonl(text);
}

/** Parses JSONL text; blank lines are ignored. */
export function parseQuestionJsonl(text: string): { records: QuestionRecord[]; errors: InputError[] } {
  const records: QuestionRecord[] = [];
  const errors: InputError[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      errors.push({ line, message: `不是合法的 JSON (not valid JSON): ${(e as Error).message}` });
      return;
    }
    accept(value, line, records, errors);
  });
  return { records, errors };
}

/** Parses CSV text with a header row that has at least `id` and `question`. */
export function parseQuestionCsv(text: string): { records: QuestionRecord[]; errors: InputError[] } {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().replace(/^\ufeff/, '')), skip_empty_lines: true, relax_column_count: true, bom: true, info: false });
  } catch (e) {
    throw new NianbaoError('INVALID_INPUT_FILE', `CSV: ${(e as Error).message}`);
  }
  const records: QuestionRecord[] = [];
  const errors: InputError[] = [];
  if (rows.length && !('id' in rows[0]! && 'question' in rows[0]!)) throw new NianbaoError('INVALID_INPUT_FILE', 'CSV header must contain the columns id and question');
  // Line numbers: the header is line 1; csv-parse drops empty lines, so count records (good enough for quoted newlines too).
  rows.forEach((row, i) => accept(row, i + 2, records, errors));
  return { records, errors };
}

function accept(value: unknown, line: number, records: QuestionRecord[], errors: InputError[]): void {
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    errors.push({ line, message: `${issue.path.join('.') || '(record)'}: ${issue.message}` });
    return;
  }
  if (records.some((r) => r.id === parsed.data.id)) {
    errors.push({ line, message: `重复的 id (duplicate id): ${parsed.data.id}` });
    return;
  }
  records.push({ line, id: parsed.data.id, question: parsed.data.question, fields: value as Record<string, unknown> });
}
