/**
 * Reading question files for batch answering and evaluation: JSONL (one object a line with `question`
 * and optionally `id`) or CSV with a header containing `question` and optionally `id` (csv-parse), in
 * UTF-8 with or without BOM or GBK (Excel). A missing id is numbered: JSONL by its 1-based line in the
 * file, CSV by its 1-based data row (the header and blank lines not counted), JSON arrays by position;
 * so the first question is 1 in each. A bad line is reported with its line number and the field at
 * fault, in Chinese and English, and skipped; other fields pass through. The same parsers serve files
 * on disk (CLI), uploads and request bodies (server), and JSON arrays.
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
  /** As given, or numbered when missing (see the file comment). */
  id: string;
  question: string;
  /** Every field of the input record, passed through to the output (gold fields included). */
  fields: Record<string, unknown>;
}

export interface InputError {
  line: number;
  /** The field at fault and what is wrong with it: `question: 必填 (required)`. */
  message: string;
}

export interface ParsedQuestions {
  records: QuestionRecord[];
  errors: InputError[];
}

export type QuestionFormat = 'jsonl' | 'csv';

const REQUIRED = '必填 (required)';
const EMPTY = '不能为空 (must not be empty)';

/** One question record (JSONL line, CSV row, JSON array object); exported for the server's OpenAPI document. */
export const recordSchema = z
  .object(
    {
      id: z
        .union([z.string(), z.number()], { errorMap: () => ({ message: '应为文本或数字 (must be text or a number)' }) })
        .transform(String)
        .pipe(z.string().min(1, `${EMPTY}；要自动编号，请省略 id 字段或 id 列 (to number it automatically, leave the id field or column out)`)),
      question: z.string({ required_error: REQUIRED, invalid_type_error: '应为文本 (must be text)' }).trim().min(1, EMPTY),
    },
    { invalid_type_error: '应为 JSON 对象，如 {"question": "…"} (must be a JSON object such as {"question": "…"})' },
  )
  .passthrough();

/** `第 3 行 (line 3): question: 必填 (required)`, for a person reading a log. */
export function describeInputError(e: InputError): string {
  return `${lineLabel(e.line)}: ${e.message}`;
}

/** `第 3 行 (line 3)`: how a line of an input file is named to users. */
export function lineLabel(line: number): string {
  return `第 ${line} 行 (line ${line})`;
}

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
    accept(withDefaultId(value, line), line, out, seen);
  });
  return out;
}

/**
 * Parses CSV text with a header row that has at least `question`; without an `id` column each record's
 * id is its data row number. Other columns pass through.
 */
export function parseQuestionCsv(text: string): ParsedQuestions {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(text, {
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim().replace(/^\ufeff/, ''));
        // Checked here rather than on the first row, so a header-only file is judged too.
        if (!names.includes('question')) throw new NianbaoError('INVALID_INPUT_FILE', `CSV 表头须含 question 列，id 列可选 (the CSV header names the columns id and question, id optional), got: ${names.join(',')}`);
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
  rows.forEach(({ record, info }, i) => accept(withDefaultId(record, i + 1), info.lines, out, seen));
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
    accept(typeof item === 'string' ? { id: String(position), question: item } : withDefaultId(item, position), position, out, seen);
  });
  return out;
}

/** A record object without an id (absent or null) gets `n` as its id; anything else is left for the schema to judge. */
function withDefaultId(value: unknown, n: number): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const { id, ...rest } = value as Record<string, unknown>;
  return id == null ? { id: String(n), ...rest } : value;
}

function accept(value: unknown, line: number, out: ParsedQuestions, seen: Set<string>): void {
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    out.errors.push({ line, message: issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message });
    return;
  }
  if (seen.has(parsed.data.id)) {
    out.errors.push({ line, message: `重复的 id (duplicate id): ${parsed.data.id}` });
    return;
  }
  seen.add(parsed.data.id);
  out.records.push({ line, id: parsed.data.id, question: parsed.data.question, fields: value as Record<string, unknown> });
}
