/**
 * Structure: cleaned text → numbered paragraphs (headings, prose paragraphs, table rows) with their
 * heading paths, and the section tree. Numbers are 1-based in reading order and stable for a given
 * text, so `#p26` always names the same unit.
 */
import { normalizeText } from '../text/index.js';
import type { Paragraph, Section } from '../types.js';
import { headingLevel, MAX_HEADING_CHARS, MAX_RUN_IN_HEADING_CHARS } from '../lang/zh/index.js';
import { describeTable, isTableLine, type RowRole } from './tables.js';

export interface ParsedStructure {
  paragraphs: Paragraph[];
  sections: Section[];
  /** Role of each table row, by paragraph number (captions and headers join the next data row's chunk). */
  rowRoles: Map<number, RowRole>;
  /** Paragraph number of the title line, if the text starts with one. */
  titleParagraph: number | null;
}

interface Line {
  text: string;
  start: number;
}

/**
 * Parses cleaned text. `isTitle(line)` tells whether the first line is the report's title; it becomes
 * a heading outside the section tree.
 */
export function parseStructure(text: string, isTitle: (line: string) => boolean): ParsedStructure {
  const lines: Line[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim()) lines.push({ text: raw, start: offset });
    offset += raw.length + 1;
  }

  const paragraphs: Paragraph[] = [];
  const sections: Section[] = [];
  const rowRoles = new Map<number, RowRole>();
  const stack: { level: number; title: string }[] = [];
  let titleParagraph: number | null = null;

  const path = () => stack.map((s) => s.title);
  const add = (kind: Paragraph['kind'], t: string, start: number, headingPath: string[], context?: string, searchForm?: string) => {
    const n = paragraphs.length + 1;
    const norm = normalizeText(context ?? searchForm ?? t);
    paragraphs.push({ n, kind, text: t, ...(context ? { context } : {}), norm, headingPath, start, end: start + t.length });
    return n;
  };
  const openSection = (level: number, t: string, start: number) => {
    while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, title: headingTitle(t) });
    const n = add('heading', t, start, path());
    sections.push({ title: headingTitle(t), level, path: path(), headingParagraph: n });
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i === 0 && isTitle(line.text)) {
      titleParagraph = add('heading', line.text, line.start, []);
      continue;
    }
    if (isTableLine(line.text)) {
      const table: Line[] = [];
      while (i < lines.length && isTableLine(lines[i]!.text)) table.push(lines[i++]!);
      i--;
      describeTable(table.map((l) => l.text)).forEach((row, k) => {
        // Header and caption rows are searched by their cells, so border pipes do not depend on the format.
        const n = add('tableRow', table[k]!.text, table[k]!.start, path(), row.context, row.cells.join(' | '));
        rowRoles.set(n, row.role);
      });
      continue;
    }
    const level = headingLevel(line.text);
    if (level === null) {
      add('paragraph', line.text, line.start, path());
      continue;
    }
    if (line.text.length <= MAX_HEADING_CHARS && !/[。；;]./.test(line.text)) {
      openSection(level, line.text, line.start);
      continue;
    }
    // A long numbered line: a run-in heading (up to its first full stop) followed by its paragraph.
    const stop = line.text.search(/[。；;]/);
    if (stop > 0 && stop < MAX_RUN_IN_HEADING_CHARS) {
      const head = line.text.slice(0, stop + 1);
      openSection(level, head, line.start);
      const rest = line.text.slice(stop + 1);
      const lead = rest.length - rest.trimStart().length;
      if (rest.trim()) add('paragraph', rest.trim(), line.start + stop + 1 + lead, path());
    } else {
      add('paragraph', line.text, line.start, path());
    }
  }
  return { paragraphs, sections, rowRoles, titleParagraph };
}

/** A heading's title for paths: the line without its closing full stop. */
export function headingTitle(line: string): string {
  return line.trim().replace(/[。；;：:]$/, '');
}
