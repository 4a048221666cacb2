/**
 * Reading question files for batch answering and evaluation: JSONL (one object a line, at least `id`
 * and `question`) or CSV with a header containing `id,question` (csv-parse), in UTF-8 with or without
 * BOM or GBK (Excel). A bad line is reported with its line number and skipped; other fields pass through.
 * The same parsers serve files on disk (CLI), uploads and request bodies (server), and JSON arrays.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { NianbaoError, isNianbaoError } from '../errors.js';
import { decodeBytes } from '../ingest/decode.js';

export interface QuestionRecord {
  /** 1-based line (JSONL), record line (CSV) or array position (JSON array) in the input, for error messages. */
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

export interface ParsedQuestions {
  records: QuestionRecord[];
  errors: InputError[];
}

export type QuestionFormat = 'jsonl' | 'csv';

const recordSchema = z.object({ id: z.union([z.string().min(1), z.number()]).transform(String), question: z.string().trim().min(1) }).passthrough();

/** The format a file name implies: `.csv` is CSV, anything else JSONL. */
export function questionFormatOf(name: string): QuestionFormat {
  return path.extname(name).toLowerCase() === '.csv' ? 'csv' : 'jsonl';
}

/** Reads a question file by extension: `.csv` as CSV, anything else as JSONL. */
export async function readQuestionFile(file: string): Promise<ParsedQuestions> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new NianbaoError('INVALID_INPUT_FILE', `${file}: ${e.code ?? e.message}`);
  });
  return parseQuestionBytes(bytes, file, questionFormatOf(file));
}

/**
 * Decodes raw bytes (UTF-8 with or without BOM, UTF-16 with BOM, GBK/GB18030) and parses them as
 * `format`. `name` only labels errors; empty, binary or undecodable input is INVALID_INPUT_FILE.
 */
export function parseQuestionBytes(bytes: Uint8Array, name: string, format: QuestionFormat): ParsedQuestions {
  let text: string;
  try {
    text = decodeBytes(bytes, name).text;
  } catch (e) {
    throw new NianbaoError('INVALID_INPUT_FILE', (e as Error).message);
  }
  return format === 'csv' ? parseQuestionCsv(text) : parseQuestionJsonl(text);
}

/** Parses JSONL text; blank lines are ignored. */
export function parseQuestionJsonl(text: string): ParsedQuestions {
  const out: ParsedQuestions = { records: [], errors: [] };
  const seen = new Set<string>();
  text.replace(/^\ufeff/, '').split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      out.errors.push({ line, message: `不是合法的 JSON (not valid JSON): ${(e as Error).message}` });
      return;
    }
    accept(value, line, out, seen);
  });
  return out;
}

/** Parses CSV text with a header row that has at least `id` and `question`; other columns pass through. */
export function parseQuestionCsv(text: string): ParsedQuestions {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(text, {
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim().replace(/^\ufeff/, ''));
        // Checked here rather than on the first row, so a header-only file is judged too.
        if (!names.includes('id') || !names.includes('question')) throw new NianbaoError('INVALID_INPUT_FILE', `CSV header must contain the columns id and question, got: ${names.join(',')}`);
        return names;
      },
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
      info: true,
    });
  } catch (e) {
    if (isNianbaoError(e)) throw e;
    throw new NianbaoError('INVALID_INPUT_FILE', `CSV: ${(e as Error).message}`);
  }
  const out: ParsedQuestions = { records: [], errors: [] };
  const seen = new Set<string>();
  // info.lines is the line the record ends on: exact for one-line records, also across skipped blank lines.
  for (const { record, info } of rows) accept(record, info.lines, out, seen);
  return out;
}

/**
 * Reads a JSON array of questions (the server's JSON body): each item is a plain string or an object
 * with `question` and optionally `id`; a missing id defaults to the item's 1-based position, which is
 * also its `line` in errors.
 */
export function parseQuestionArray(items: readonly unknown[]): ParsedQuestions {
  const out: ParsedQuestions = { records: [], errors: [] };
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const position = i + 1;
    const value =
      typeof item === 'string'
        ? { id: String(position), question: item }
        : item && typeof item === 'object' && !Array.isArray(item) && (item as { id?: unknown }).id == null
          ? { ...(item as object), id: String(position) }
          : item;
    accept(value, position, out, seen);
  });
  return out;
}

function accept(value: unknown, line: number, out: ParsedQuestions, seen: Set<string>): void {
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    out.errors.push({ line, message: `${issue.path.join('.') || '(record)'}: ${issue.message}` });
    return;
  }
  if (seen.has(parsed.data.id)) {
    out.errors.push({ line, message: `重复的 id (duplicate id): ${parsed.data.id}` });
    return;
  }
  seen.add(parsed.data.id);
  out.records.push({ line, id: parsed.data.id, question: parsed.data.question, fields: value as Record<string, unknown> });
}
