/**
 * The values of one table row, each with the row label and the column name that say what it is. Two
 * sources name them, and each is trusted only where it is reliable:
 * - the row's context (src/ingest/tables.ts: `label：column value；column value`), whose column names come
 *   from the table's header: right for a row that is a label followed by values;
 * - the row's own cells, when labels and values alternate (`行政复议 | 结果维持 | 1 | 结果纠正 | 0 | 总计 | 1`,
 *   `行政诉讼（未经复议直接起诉） | 总计 | 1 | 行政诉讼（复议后起诉） | 总计 | 0`): then each value is named by
 *   the label cells just before it, and a header of another shape (which the context would apply) names
 *   nothing.
 */
import { isValueCell, splitCells } from '../ingest/tables.js';
import { normalizeText } from '../text/index.js';
import type { Paragraph } from '../types.js';

export interface CellValue {
  /** The row label, with the labels tables.ts carried down from rows above (`三、本年度办理结果 (一)予以公开`). */
  row: string;
  /** The column name (`总计`, `结果纠正`), '' when nothing names it. */
  column: string;
  /** The cell as written, normalized (`12`, `49.1400`). */
  cell: string;
}

/** Where tables.ts ends a row's label in its context. */
const LABEL_END = '：';
/** Separator of the values in a row's context. */
const VALUE_SEPARATOR = '；';
const NUMBER = /^\d+(?:\.\d+)?/;

/** The number a value cell states (`12`, `49.1400`), or null for `-`, `无`, `增5`. */
export function cellNumber(cell: string): string | null {
  return NUMBER.exec(cell)?.[0] ?? null;
}

/** Every value of a table row with its row label and column name (see the file comment). */
export function rowValues(p: Paragraph): CellValue[] {
  const cells = splitCells(normalizeText(p.text)).filter(Boolean);
  const first = cells.findIndex(isValueCell);
  if (first < 0) return [];
  const head = cells.slice(0, first);
  const colon = p.context?.indexOf(LABEL_END) ?? -1;
  const contextLabel = colon >= 0 ? normalizeText(p.context!.slice(0, colon)) : head.join(' ');
  const interleaved = cells.slice(first).some((c) => !isValueCell(c));
  if (!interleaved && colon >= 0) {
    const named = namedValues(contextLabel, p.context!.slice(colon + 1), cells.slice(first));
    if (named) return named;
  }
  return walkCells(contextLabel, head, cells.slice(first));
}

/** Values named by the context's header names; null when the context does not line up with the cells. */
function namedValues(row: string, contextValues: string, valueCells: string[]): CellValue[] | null {
  const segments = contextValues.split(VALUE_SEPARATOR).map((s) => normalizeText(s));
  if (segments.length !== valueCells.length) return null;
  return segments.map((segment, i) => {
    const cell = valueCells[i]!;
    const column = segment.endsWith(cell) ? segment.slice(0, segment.length - cell.length).trim() : '';
    return { row, column, cell };
  });
}

/**
 * Values named by the label cells before each: the first value by the last head cell when the head has
 * more than one (`一、本年新收… | 自然人 | 3`), a later one by the label cells since the previous value,
 * the first of two or more starting a new row (`行政诉讼（复议后起诉） | 总计 | 0`).
 */
function walkCells(contextLabel: string, head: string[], rest: string[]): CellValue[] {
  const headText = head.join(' ');
  const carried = headText && contextLabel.endsWith(headText) ? contextLabel.slice(0, contextLabel.length - headText.length).trim() : '';
  const join = (...parts: string[]) => parts.filter(Boolean).join(' ');
  let row = head.length >= 2 ? join(carried, head.slice(0, -1).join(' ')) : contextLabel;
  let lead: string[] = head.length >= 2 ? [head[head.length - 1]!] : [];
  const out: CellValue[] = [];
  for (const cell of rest) {
    if (!isValueCell(cell)) {
      lead.push(cell);
      continue;
    }
    if (lead.length >= 2) row = join(carried, lead.slice(0, -1).join(' '));
    out.push({ row, column: lead[lead.length - 1] ?? '', cell });
    lead = [];
  }
  return out;
}
