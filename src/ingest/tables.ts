/**
 * Tables flattened to `|` rows (and HTML tables, which the HTML reader flattens the same way) become
 * rows that stand alone: each data row gets its table's caption and header context, e.g.
 * `第二十条第(六)项 行政处罚：上一年项目数量 1；本年增/减 增5；处理决定数量 12`, and nested row labels
 * (`三、本年度办理结果` › `(三)不予公开` › `2.其他法律行政法规禁止公开`) are carried down.
 */
import { headingLevel } from '../lang/zh/index.js';

export type RowRole = 'caption' | 'header' | 'data';

export interface RowInfo {
  role: RowRole;
  cells: string[];
  /** Readable row with its context (data rows only). */
  context?: string;
}

/**
 * The longest line read as a table row. A row is a line of cells; a longer line holding a `|` is text
 * that happens to contain one (a page with no line breaks, its breadcrumbs and tables run into its
 * prose), and read as one row its every figure would carry the whole line as its label.
 */
export const MAX_ROW_CHARS = 1000;

/** True when a line is a flattened table row. */
export function isTableLine(line: string): boolean {
  return line.includes('|') && line.length <= MAX_ROW_CHARS;
}

/** Cells of a row: trimmed, a leading border cell and trailing empty cells dropped. */
export function splitCells(line: string): string[] {
  const cells = line.split('|').map((c) => c.trim());
  if (line.trimStart().startsWith('|')) cells.shift();
  while (cells.length && !cells[cells.length - 1]) cells.pop();
  return cells;
}

const VALUE_CELL = /^(?:[增减+\-−]?\s*\d[\d,，.]*\s*(?:%|％|件|条|个|项|人|次|万元|元|万)?|[-—/]|无)$/;

/** True when a cell holds a value (a number, `增5`, `-`, `无`) rather than a label. */
export function isValueCell(cell: string): boolean {
  return VALUE_CELL.test(cell);
}

/** Describes every row of one table (consecutive `|` lines), in order. */
export function describeTable(lines: string[]): RowInfo[] {
  let caption: string | null = null;
  let headerGroup: string[][] = [];
  let inHeader = false;
  let labels: { level: number; text: string }[] = [];
  const out: RowInfo[] = [];

  for (const line of lines) {
    const cells = splitCells(line);
    const nonEmpty = cells.filter(Boolean);
    const firstValue = cells.findIndex((c) => c && isValueCell(c));
    if (firstValue === -1) {
      if (nonEmpty.length <= 1) {
        caption = nonEmpty[0] ?? caption;
        headerGroup = [];
        labels = [];
        inHeader = false;
        out.push({ role: 'caption', cells });
      } else {
        if (!inHeader) headerGroup = [];
        headerGroup.push(cells);
        inHeader = true;
        labels = [];
        out.push({ role: 'header', cells });
      }
      continue;
    }
    inHeader = false;
    const labelCells = cells.slice(0, firstValue).filter(Boolean);
    labels = pushLabels(labels, labelCells);
    const header = headerGroup[headerGroup.length - 1];
    const label = labels.map((l) => l.text).join(' ') || (headerGroup[0] ?? []).filter(Boolean).join(' ');
    let values: string;
    let group = '';
    const valueCells = cells.slice(firstValue).filter(Boolean);
    const interleaved = valueCells.some((c) => !isValueCell(c));
    // Label cells between values (not just a note after them) mean the row names its own values.
    const namesOwnValues = valueCells.some((c, i) => !isValueCell(c) && valueCells.slice(i + 1).some(isValueCell));
    if (namesOwnValues) {
      // A row that names its own values (`行政诉讼（未经复议直接起诉） | 总计 | 1 | 行政诉讼（复议后起诉） | 总计 | 0`):
      // each value takes the label cells just before it, never a header written for another layout.
      const pairs: string[] = [];
      let names: string[] = [];
      for (const c of valueCells) {
        if (isValueCell(c)) {
          pairs.push([...names, c].join(' '));
          names = [];
        } else names.push(c);
      }
      if (names.length) pairs.push(names.join(' '));
      values = pairs.join('；');
    } else if (header && header.length === cells.length) {
      values = cells
        .map((c, i) => (i >= firstValue && c ? `${header[i] ? `${header[i]} ` : ''}${c}` : ''))
        .filter(Boolean)
        .join('；');
    } else if (header && headerGroup.length === 1 && !interleaved && header.length > valueCells.length && header.length - valueCells.length <= 2) {
      // The prescribed tables put their value columns last: `第二十条第(五)项 | 信息内容 | 上一年项目数量 |
      // 本年增/减 | 处理决定数量` over `行政许可 | 9 | -1 | 416`. Name values from the right; the header
      // cells left over before the label column (`第二十条第(五)项`) are the group the row belongs to.
      // Only a one-row header with at most a group and a label column left over is read this way.
      const names = header.slice(header.length - valueCells.length);
      values = valueCells.map((c, j) => `${names[j] ? `${names[j]} ` : ''}${c}`).join('；');
      group = header.slice(0, header.length - valueCells.length - 1).filter(Boolean).join(' ');
    } else {
      values = valueCells.join('；');
    }
    const prefix = [caption, group].filter((p) => p && !label.startsWith(p)).join(' ');
    const context = `${prefix ? `${prefix} ` : ''}${label}${label ? '：' : ''}${values}`;
    out.push({ role: 'data', cells, context });
  }
  return out;
}

/** Nested row labels: a numbered label replaces the labels at its level and below. */
function pushLabels(stack: { level: number; text: string }[], cells: string[]): { level: number; text: string }[] {
  if (cells.length === 0) return stack;
  const next = [...stack];
  cells.forEach((text, i) => {
    const level = headingLevel(text) ?? 99;
    // The first label decides how much of the stack survives; later ones on the row nest beneath it.
    if (i === 0) while (next.length && next[next.length - 1]!.level >= level) next.pop();
    next.push({ level, text });
  });
  return next;
}
