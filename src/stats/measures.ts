/**
 * Standard measures of one report: its quantity facts bound to the catalogue of src/lang/zh/measures.ts,
 * each value with its provenance (report, paragraph or table row, page, quote, section). Comparing
 * reports reads these, never the raw passages.
 *
 * - A fact binds only when its label names a measure unambiguously (prose: src/stats/prose-binding.ts;
 *   2019+ tables: row label and column, src/stats/table-cells.ts). A fact that fits no measure stays a
 *   plain fact.
 * - A report that does not state a measure has no value for it: never 0 by default. A table cell that
 *   says 0 is a real 0; `-`, `无` or an empty cell is no value.
 * - One value per measure and report. When several facts bind to one measure, the first of this order
 *   wins: a table row (the prescribed 2019+ format is the report's own statistics), then a prose figure
 *   that leads its clause group (`全年受理依申请公开8件`, not the `现场申请2件` after it, nor a figure
 *   further down a list), then the earlier paragraph, then the earlier figure.
 */
import { readFacts, type Fact } from '../ingest/facts.js';
import { MEASURES, UNIT_FAMILIES, type MeasureDef } from '../lang/zh/measures.js';
import type { Paragraph, Report, StoredFact } from '../types.js';
import { decimalToNumber, multiplyDecimal, parseDecimal, toDecimal, type Decimal } from './decimal.js';
import { proseMeasures, unitFits } from './prose-binding.js';
import { cellNumber, rowValues, type CellValue } from './table-cells.js';

/** One report's value of one standard measure, with where it is written. */
export interface MeasureValue {
  /** Measure id: `依申请公开.收到`. */
  measure: string;
  /** In the measure's base unit (`元` for money: `49.14万元` is 491400). */
  value: number;
  /** As written: `8件`, `179万余人次`, `49.1400万元`, `12`. */
  text: string;
  /** The base unit `value` is in. */
  unit: string;
  reportId: string;
  /** Paragraph or table-row number (the `#p26` of a citation). */
  paragraph: number;
  /** The page the paragraph starts on (PDF reports). */
  page?: number;
  /** The paragraph's text, verbatim (the report's script). */
  quote: string;
  /** Heading path joined with ` > `. */
  section: string;
  /** A prescribed table row, or prose. */
  from: 'table' | 'prose';
}

interface Candidate {
  value: MeasureValue;
  /** Sort key: lower wins (see the file comment). */
  key: [number, number, number, number];
}

/** Every standard measure the report states, one value each, in catalogue order. */
export function measureFacts(report: Report): MeasureValue[] {
  const best = new Map<string, Candidate>();
  for (const p of report.paragraphs) {
    if (!p.facts?.length) continue;
    const found = p.kind === 'tableRow' ? tableCandidates(report.id, p) : p.kind === 'paragraph' ? proseCandidates(report.id, p) : [];
    for (const c of found) {
      const held = best.get(c.value.measure);
      if (!held || compareKeys(c.key, held.key) < 0) best.set(c.value.measure, c);
    }
  }
  return MEASURES.flatMap((m) => (best.has(m.id) ? [best.get(m.id)!.value] : []));
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The measure's value of a figure written `raw` with `unit` (`179万` + `万人次` → 1790000), exactly. */
export function baseValue(m: MeasureDef, raw: string, fallback: number, unit: string): Decimal | null {
  const factors: Readonly<Record<string, number>> = UNIT_FAMILIES[m.unitFamily].factors;
  const factor = unit === '' ? 1 : factors[unit];
  if (factor === undefined) return null;
  // facts.ts reads `4,860万元` as the number `4860万` and the unit `万元`: the multiplier is in both.
  const multiplied = unit !== '' && !/\d/.test(unit[0]!) && raw.endsWith(unit[0]!);
  const digits = multiplied ? raw.slice(0, -1) : raw;
  const written = parseDecimal(digits) ?? (multiplied ? null : parseDecimal(fallback));
  return written && multiplyDecimal(written, toDecimal(factor));
}

function cite(reportId: string, p: Paragraph, m: MeasureDef, value: Decimal, text: string, from: MeasureValue['from']): MeasureValue {
  const out: MeasureValue = {
    measure: m.id, value: decimalToNumber(value), text, unit: UNIT_FAMILIES[m.unitFamily].base,
    reportId, paragraph: p.n, quote: p.text, section: p.headingPath.join(' > '), from,
  };
  if (p.page !== undefined) out.page = p.page;
  return out;
}

function proseCandidates(reportId: string, p: Paragraph): Candidate[] {
  const facts: Fact[] = readFacts(p.norm, 'prose');
  return facts.flatMap((f) => {
    if (f.kind !== 'count' && f.kind !== 'money') return [];
    return proseMeasures(f, p.headingPath).flatMap((m) => {
      const value = baseValue(m, f.mention.raw, f.mention.value, f.unit);
      return value ? [{ value: cite(reportId, p, m, value, f.text, 'prose'), key: [1, f.leads ? 0 : 1, p.n, f.order] as Candidate['key'] }] : [];
    });
  });
}

function tableCandidates(reportId: string, p: Paragraph): Candidate[] {
  const values = rowValues(p);
  // A row whose values no column names binds only when it cannot matter which is the total: one value,
  // or all values equal (`一、本年新收政府信息公开申请数量：0；0；0；0；0；0；0`).
  const numbers = values.map((v) => cellNumber(v.cell));
  const uniform = values.length > 0 && values.every((v) => v.column === '') && numbers.every((n) => n !== null && n === numbers[0]);
  const facts = p.facts ?? [];
  let next = 0;
  const out: Candidate[] = [];
  values.forEach((v, i) => {
    const number = numbers[i];
    if (number === null || number === undefined) return;
    // The stored fact of this cell: the next quantity fact with its value (labels of cells hold none).
    const at = facts.findIndex((f, j) => j >= next && f.kind !== 'date' && f.kind !== 'identifier' && f.value === Number(number));
    if (at < 0) return;
    next = at + 1;
    const fact: StoredFact = facts[at]!;
    for (const m of tableMeasures(v, uniform)) {
      if (!unitFits(m, fact.unit, true)) continue;
      const value = baseValue(m, number, fact.value, fact.unit);
      if (value) out.push({ value: cite(reportId, p, m, value, fact.text, 'table'), key: [0, 0, p.n, i] });
    }
  });
  return out;
}

/** The innermost label of a row: its own, after the labels carried down from rows above. */
function innermost(row: string): string {
  return row.slice(row.lastIndexOf(' ') + 1);
}

/** The measures a table value states by its row label and column name. */
function tableMeasures(v: CellValue, uniform: boolean): MeasureDef[] {
  const has = (text: string, words: readonly string[]) => words.some((w) => text.includes(w));
  const where = `${v.row} ${v.column}`;
  return MEASURES.filter(({ table: t }) => {
    if (!t || !has(v.row, t.row)) return false;
    if (t.item && !has(innermost(v.row), t.item)) return false;
    if (t.qualifier && !has(where, t.qualifier)) return false;
    if (t.exclude && has(where, t.exclude)) return false;
    return has(v.column, t.column) || (t.total === true && v.column === '' && uniform);
  });
}
