/**
 * Standard-measure values as the index keeps them: in each report's summary row (sealed, read at
 * start-up), so a question or `/api/stats` over thousands of reports reads no report text. Compact
 * keys keep 100,000 reports × a dozen measures small in memory; the quote is cut to the clause that
 * holds the figure, enough to show and to cite (the full paragraph is one click away in the viewer).
 */
import { cutPoint } from '../ingest/chunks.js';
import { CLAUSE_STOPS, SENTENCE_STOPS, charClass } from '../lang/zh/punctuation.js';
import type { Report } from '../types.js';
import { measureFacts, type MeasureValue } from './measures.js';

/** One measure value in a summary. */
export interface StoredMeasure {
  /** Measure id. */
  m: string;
  /** Value in the measure's base unit. */
  v: number;
  /** As written: `8件`. */
  t: string;
  /** Base unit. */
  u: string;
  /** Paragraph number. */
  p: number;
  /** Page (PDF reports). */
  pg?: number;
  /** The clause holding the figure (at most `QUOTE_CHARS`). */
  q: string;
  /** Section path. */
  s: string;
  /** Table row or prose. */
  f: 'table' | 'prose';
}

/** The longest quote a stored value carries. */
export const QUOTE_CHARS = 160;

/** The measures a report states, ready for its summary row. */
export function storedMeasures(report: Report): StoredMeasure[] {
  return measureFacts(report).map((v) => ({
    m: v.measure,
    v: v.value,
    t: v.text,
    u: v.unit,
    p: v.paragraph,
    ...(v.page ? { pg: v.page } : {}),
    q: clauseOf(v.quote, v.text),
    s: v.section,
    f: v.from,
  }));
}

/** A stored value back as a `MeasureValue` of report `reportId`. */
export function fromStored(reportId: string, s: StoredMeasure): MeasureValue {
  return { measure: s.m, value: s.v, text: s.t, unit: s.u, reportId, paragraph: s.p, ...(s.pg ? { page: s.pg } : {}), quote: s.q, section: s.s, from: s.f };
}

const CLAUSE_END = new RegExp(charClass([...SENTENCE_STOPS, ...CLAUSE_STOPS]));

/**
 * The part of a paragraph around a figure: from the sentence start before it, cut at a sentence or
 * clause end within `QUOTE_CHARS`; the whole paragraph when it is short (a table row always is).
 */
export function clauseOf(paragraph: string, figure: string): string {
  if (paragraph.length <= QUOTE_CHARS) return paragraph;
  const at = Math.max(0, paragraph.indexOf(figure));
  let start = at;
  while (start > 0 && !CLAUSE_END.test(paragraph[start - 1]!) && at - start < QUOTE_CHARS / 2) start--;
  const end = cutPoint(paragraph, start, Math.max(at + figure.length, start + QUOTE_CHARS - 1));
  const clause = paragraph.slice(start, Math.max(end, at + figure.length)).trim();
  return `${start > 0 ? '…' : ''}${clause}${end < paragraph.length ? '…' : ''}`;
}
