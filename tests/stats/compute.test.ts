/**
 * Statistics across the synthetic corpus (figures known in advance): rankings, differences and percent
 * changes, trends and sums come out exactly; reports that lack a measure are listed as missing, never
 * counted as 0; every input row is cited to the paragraph that holds its figure.
 */
import { describe, expect, it } from 'vitest';
import { summarizeReport } from '../../src/ingest/index.js';
import { difference, inRegion, missing, rank, reportsInScope, statRows, sum, trend, type StatRow } from '../../src/stats/compute.js';
import { addDecimal, divideDecimal, formatDecimal, toDecimal } from '../../src/stats/decimal.js';
import { measureFacts } from '../../src/stats/measures.js';
import type { Report } from '../../src/types.js';
import { parseSynthetic, syntheticReports } from './synthetic.js';

const specs = syntheticReports();
const parsed = specs.map(parseSynthetic);
const byId = new Map<string, Report>(parsed.map((r) => [r.id, r]));
const reports = parsed.map(summarizeReport);
const rows = statRows(parsed.flatMap(measureFacts), reports);
const RECEIVED = '依申请公开.收到';

/** What the generator put in: the stated value of a measure for place/year, or undefined. */
function known(place: string, year: number, measure = RECEIVED): number | undefined {
  return specs.find((s) => s.place === place && s.year === year)?.figures[measure]?.value;
}
const idOf = (place: string, year: number) => specs.find((s) => s.place === place && s.year === year)!.id;

/** Every row is cited: the paragraph it names holds its figure as written. */
function expectCited(list: readonly StatRow[]) {
  for (const row of list) {
    const p = byId.get(row.reportId)!.paragraphs[row.paragraph - 1]!;
    expect(p.text).toBe(row.quote);
    expect(p.text).toContain(row.text);
  }
}

describe('regions and scope', () => {
  it('finds a region own reports and its sub-regions by the gazetteer path, short names too', () => {
    const city = reports.find((r) => r.id === idOf('赤峰市', 2019))!;
    const district = reports.find((r) => r.id === idOf('赤峰市红山区', 2019))!;
    const other = reports.find((r) => r.id === idOf('通辽市科尔沁区', 2019))!;
    expect([inRegion(city, '赤峰市', 'self'), inRegion(city, '赤峰市', 'below'), inRegion(district, '赤峰', 'below')]).toEqual([true, false, true]);
    expect(inRegion(other, '赤峰市')).toBe(false);
    expect(reportsInScope(reports, { region: '赤峰市', include: 'below', year: 2019 }).map((r) => r.id).sort()).toEqual(
      ['赤峰市红山区', '赤峰市松山区', '赤峰市宁城县', '赤峰市元宝山区'].map((p) => idOf(p, 2019)).sort(),
    );
  });
});

describe('rank', () => {
  const year2019 = rows.filter((r) => r.measure === RECEIVED && r.year === 2019);

  it('orders the reports that state the measure, most first, each cited', () => {
    const ranked = rank(year2019, { order: 'desc' });
    const expected = specs.filter((s) => s.year === 2019 && s.figures[RECEIVED]).map((s) => s.figures[RECEIVED]!.value).sort((a, b) => b - a);
    expect(ranked.map((r) => r.value)).toEqual(expected);
    expect(ranked[0]!.rank).toBe(1);
    expectCited(ranked);
  });

  it('orders least first, cuts to the top ranks, and lets ties share a rank', () => {
    const asc = rank(year2019, { order: 'asc', limit: 3 });
    expect(asc.map((r) => r.value)).toEqual([...year2019.map((r) => r.value)].sort((a, b) => a - b).slice(0, asc.length));
    expect(asc[0]).toMatchObject({ value: 0, region: '内蒙古自治区赤峰市元宝山区', rank: 1 });
    const tied = rank([{ ...year2019[0]!, value: 5 }, { ...year2019[1]!, value: 7 }, { ...year2019[2]!, value: 5 }]);
    expect(tied.map((r) => [r.value, r.rank])).toEqual([[7, 1], [5, 2], [5, 2]]);
  });
});

describe('difference', () => {
  const row = (place: string, year: number, measure = RECEIVED) => rows.find((r) => r.reportId === idOf(place, year) && r.measure === measure)!;

  it('computes 比…多多少 and 增长了百分之几 exactly', () => {
    const [a, b] = [known('赤峰市', 2012)!, known('赤峰市', 2013)!];
    const d = difference(row('赤峰市', 2012), row('赤峰市', 2013));
    expect(d.difference).toBe(b - a);
    expect(d.percent).toBe(Number(formatDecimal(divideDecimal(toDecimal((b - a) * 100), toDecimal(a), 2)!)));
    expect(d.from.paragraph).toBeGreaterThan(0);
    expectCited([d.from, d.to]);
  });

  it('rounds a percent change to two places: 3 → 4 is 33.33%, 3 → 2 is -33.33%', () => {
    const base = row('赤峰市', 2012);
    expect(difference({ ...base, value: 3 }, { ...base, value: 4 }).percent).toBe(33.33);
    expect(difference({ ...base, value: 3 }, { ...base, value: 2 }).percent).toBe(-33.33);
    expect(difference({ ...base, value: 8 }, { ...base, value: 15 }).percent).toBe(87.5);
  });

  it('refuses a percent change from 0 (no division by zero), still giving the difference', () => {
    const zero = row('赤峰市元宝山区', 2019);
    expect(zero.value).toBe(0);
    const d = difference(zero, row('赤峰市红山区', 2019));
    expect(d).toMatchObject({ difference: known('赤峰市红山区', 2019), percent: null, percentRefused: 'ZERO_BASE' });
  });

  it('refuses to subtract two different measures', () => {
    expect(() => difference(row('赤峰市', 2012), row('赤峰市', 2012, '主动公开.总数'))).toThrow(TypeError);
  });
});

describe('trend', () => {
  it('follows one region by year, its own reports only, with the year that lacks it as missing', () => {
    const t = trend(rows, reports, { measure: RECEIVED, region: '赤峰市' });
    const years = [2012, 2013, 2015, 2016, 2017, 2018, 2019, 2020];
    expect(t.points.map((p) => p.row.year)).toEqual(years);
    expect(t.points.map((p) => p.row.value)).toEqual(years.map((y) => known('赤峰市', y)));
    expect(t.missing.map((r) => r.year)).toEqual([2014]);
    expect(t.points[0]!.change).toBeUndefined();
    // 2015's change is from 2013, the previous year that states it: the gap is not read as 0.
    expect(t.points[2]!.change).toMatchObject({ difference: known('赤峰市', 2015)! - known('赤峰市', 2013)! });
    expect(t.overall).toMatchObject({ difference: known('赤峰市', 2020)! - known('赤峰市', 2012)! });
    expect(t.conflicts).toEqual([]);
    expectCited(t.points.map((p) => p.row));
  });
});

describe('sum', () => {
  const districts = ['赤峰市红山区', '赤峰市松山区', '赤峰市宁城县', '赤峰市元宝山区'];

  it('adds the sub-regions of 赤峰市 in one year (各旗县区合计), not the city itself nor another city', () => {
    const s = sum(rows, reports, { measure: RECEIVED, region: '赤峰市', year: 2018 });
    expect(s.total).toBe(districts.reduce((acc, d) => acc + (known(d, 2018) ?? 0), 0));
    expect(s.rows.map((r) => r.reportId).sort()).toEqual(districts.map((d) => idOf(d, 2018)).sort());
    expect(s).toMatchObject({ unit: '件', missing: [] });
    expectCited(s.rows);
    const all = sum(rows, reports, { measure: RECEIVED, region: '赤峰', year: 2018, include: 'all' });
    expect(all.total).toBe(s.total! + known('赤峰市', 2018)!);
  });

  it('reports a district that lacks the measure as missing, and sums the others', () => {
    const s = sum(rows, reports, { measure: RECEIVED, region: '赤峰市', year: 2017 });
    expect(s.missing.map((r) => r.id)).toEqual([idOf('赤峰市宁城县', 2017)]);
    expect(s.total).toBe(known('赤峰市红山区', 2017)! + known('赤峰市松山区', 2017)!);
    expect(missing(rows, reports, { measure: RECEIVED, region: '赤峰市', year: 2017, include: 'below' })).toEqual(s.missing);
  });

  it('sums money exactly: 10.1元 + 20.2元 + 0.07万元 is 730.3元', () => {
    const s = sum(rows, reports, { measure: '收费.金额', region: '赤峰市', year: 2018 });
    expect(s.rows.map((r) => r.text).sort()).toEqual(['0.07万元', '10.1元', '20.2元']);
    expect(s.total).toBe(730.3);
    expect(String(s.total)).toBe('730.3');
    expect(10.1 + 20.2).not.toBe(30.3); // what float addition says: 30.299999999999997
    // 元宝山区 2018 states no fee: missing, not 0.
    expect(s.missing.map((r) => r.id)).toEqual([idOf('赤峰市元宝山区', 2018)]);
  });

  it('has no total when no report in scope states the measure', () => {
    const s = sum(rows, reports, { measure: '行政诉讼.总数', region: '通辽市', year: 2020, include: 'all' });
    expect(s).toMatchObject({ total: null, unit: null, rows: [] });
    expect(s.missing).toHaveLength(1);
  });
});

describe('decimal arithmetic', () => {
  it('adds, divides and formats without float artifacts', () => {
    expect(formatDecimal(addDecimal(toDecimal(0.1), toDecimal(0.2)))).toBe('0.3');
    expect(formatDecimal(addDecimal(toDecimal('49.1400'), toDecimal('-0.14')))).toBe('49');
    expect(formatDecimal(divideDecimal(toDecimal(2), toDecimal(3), 2)!)).toBe('0.67');
    expect(formatDecimal(divideDecimal(toDecimal(-1), toDecimal(8), 2)!)).toBe('-0.13');
    expect(divideDecimal(toDecimal(1), toDecimal(0), 2)).toBeNull();
    expect(formatDecimal(toDecimal(1e21))).toBe('1000000000000000000000');
  });
});
