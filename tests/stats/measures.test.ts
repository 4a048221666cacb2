/**
 * Standard measures read from reports: the synthetic corpus (figures known in advance, prose up to 2018,
 * prescribed tables from 2019) and the five real seed reports.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/ingest/index.js';
import { MEASURE_FAMILIES, MEASURES, UNIT_FAMILIES } from '../../src/lang/zh/measures.js';
import { baseValue, measureFacts, type MeasureValue } from '../../src/stats/measures.js';
import type { Report } from '../../src/types.js';
import { SEED_IDS, seedReport } from '../helpers/corpus.js';
import { parseSynthetic, syntheticReports } from './synthetic.js';

const synthetic = syntheticReports().map((s) => ({ spec: s, report: parseSynthetic(s) }));
const valueOf = (values: MeasureValue[], measure: string) => values.find((v) => v.measure === measure);
const parse = (text: string, id = 't') => parseReport({ id, source: `${id}.txt`, text, checksum: id });

/** The value is cited: its paragraph exists, the quote is that paragraph's text, and it holds the figure. */
function expectCited(report: Report, v: MeasureValue) {
  expect(v.reportId).toBe(report.id);
  const p = report.paragraphs[v.paragraph - 1]!;
  expect(p.n).toBe(v.paragraph);
  expect(v.quote).toBe(p.text);
  expect(v.section).toBe(p.headingPath.join(' > '));
  expect(p.text).toContain(v.text);
}

describe('the measure catalogue', () => {
  it('has unique ids, known families and unit families, and parts of measures it has', () => {
    const ids = MEASURES.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of MEASURES) {
      expect(MEASURE_FAMILIES.map((f) => f.id)).toContain(m.family);
      expect(UNIT_FAMILIES[m.unitFamily]).toBeDefined();
      if (m.partOf) expect(ids).toContain(m.partOf);
    }
  });

  it('converts a figure to the base unit exactly', () => {
    const money = MEASURES.find((m) => m.id === '收费.金额')!;
    const visits = MEASURES.find((m) => m.id === '网站.访问量')!;
    expect(baseValue(money, '49.1400', 49.14, '万元')).toEqual({ units: 491400n, scale: 0 });
    expect(baseValue(money, '0.07万', 700, '万元')).toEqual({ units: 700n, scale: 0 });
    expect(baseValue(visits, '179万', 1790000, '万人次')).toEqual({ units: 1790000n, scale: 0 });
    expect(baseValue(visits, '12', 12, '条')).toBeNull();
  });
});

describe('measureFacts on the synthetic corpus', () => {
  it('has at least 20 reports over several regions and years', () => {
    expect(synthetic.length).toBeGreaterThanOrEqual(20);
    expect(new Set(synthetic.map((s) => s.report.meta.region.value)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(synthetic.map((s) => s.report.meta.year.value)).size).toBe(9);
  });

  it.each(synthetic.map((s) => [s.spec.id, s.spec.format, s] as const))('%s (%s): exactly the figures it states, each cited', (_id, _format, { spec, report }) => {
    const values = measureFacts(report);
    const got = Object.fromEntries(values.map((v) => [v.measure, { value: v.value, text: v.text }]));
    expect(got).toEqual(spec.figures);
    for (const v of values) {
      expectCited(report, v);
      expect(v.from).toBe(spec.format === 'table' && !['主动公开.总数', '网站.访问量', '新闻发布会.次数', '收费.金额'].includes(v.measure) ? 'table' : 'prose');
    }
  });

  it('gives a report that does not state a measure no value, never 0', () => {
    const lacking = synthetic.filter((s) => !s.spec.figures['依申请公开.收到']);
    expect(lacking.map((s) => s.spec.id).length).toBeGreaterThanOrEqual(2);
    for (const { report } of lacking) expect(valueOf(measureFacts(report), '依申请公开.收到')).toBeUndefined();
    // `本年度未收到政府信息公开申请` is written without a figure: still no value.
    const unwritten = synthetic.find((s) => s.spec.text.includes('未收到政府信息公开申请'))!;
    expect(measureFacts(unwritten.report).filter((v) => v.measure.startsWith('依申请公开'))).toEqual([]);
  });

  it('takes a 0 the table writes as a real 0', () => {
    const zero = synthetic.find((s) => s.spec.figures['依申请公开.收到']?.value === 0 && s.spec.format === 'table')!;
    const v = valueOf(measureFacts(zero.report), '依申请公开.收到')!;
    expect(v).toMatchObject({ value: 0, from: 'table' });
    expect(v.quote).toContain('本年新收政府信息公开申请数量');
  });
});

describe('binding rules', () => {
  it('prefers the table row to prose, and a figure that leads its clause to the parts after it', () => {
    const r = parse([
      '宁城县2020年政府信息公开工作年度报告',
      '一、总体情况',
      '全年新收政府信息公开申请30件，其中网上申请21件。',
      '三、收到和处理政府信息公开申请情况',
      '申请人情况 | 自然人 | 法人或其他组织 | 总计',
      '一、本年新收政府信息公开申请数量 | 20 | 7 | 27',
    ].join('\n'));
    const values = measureFacts(r);
    expect(valueOf(values, '依申请公开.收到')).toMatchObject({ value: 27, from: 'table' });
    expect(valueOf(values, '依申请公开.收到.网络')).toMatchObject({ value: 21, from: 'prose' });
  });

  it('names the values of rows whose labels and values alternate', () => {
    const r = parse([
      '红山区2021年政府信息公开工作年度报告',
      '四、政府信息公开行政复议、行政诉讼情况',
      '行政复议 | 结果维持 | 1 | 结果纠正 | 2 | 总计 | 3',
      '行政诉讼（未经复议直接起诉） | 总计 | 4 | 行政诉讼（复议后起诉） | 总计 | 5',
    ].join('\n'));
    const got = Object.fromEntries(measureFacts(r).map((v) => [v.measure, v.value]));
    expect(got).toEqual({ '行政复议.总数': 3, '行政复议.纠正': 2, '行政诉讼.直接起诉.总数': 4, '行政诉讼.复议后起诉.总数': 5 });
  });

  it('binds no reason row under an outcome, and no unnamed values that differ', () => {
    const r = parse([
      '松山区2021年政府信息公开工作年度报告',
      '三、收到和处理政府信息公开申请情况',
      '一、本年新收政府信息公开申请数量 | 3 | 1 | 4',
      '三、本年度办理结果 | (三)不予公开 | 1.属于国家秘密 | 2',
      '(五)不予处理 | 2.重复申请 | 1',
    ].join('\n'));
    expect(measureFacts(r)).toEqual([]);
  });

  it('leaves hotlines, comparisons and cumulative figures unbound', () => {
    const r = parse([
      '元宝山区2015年政府信息公开工作年度报告',
      '三、依申请公开办理情况',
      '全年受理市长热线诉求1200件，办结1190件。',
      '全年受理依申请公开6件，比上年增加2件。历年累计受理依申请公开120件。',
    ].join('\n'));
    expect(measureFacts(r).map((v) => [v.measure, v.value])).toEqual([['依申请公开.收到', 6]]);
  });

  it('reads a breakdown in brackets as parts: 343件（网上249件、当面73件、信函21件） is received 343, online 249', () => {
    const r = parse(['某市人民政府2015年政府信息公开工作年度报告', '三、依申请公开政府信息情况', '全年共受理政府信息公开申请343件（网上249件、当面73件、信函21件）。'].join('\n'));
    expect(Object.fromEntries(measureFacts(r).map((v) => [v.measure, v.value]))).toEqual({
      '依申请公开.收到': 343,
      '依申请公开.收到.网络': 249,
      '依申请公开.收到.当面': 73,
      '依申请公开.收到.信函': 21,
    });
  });
});

describe('measureFacts on the seed reports', () => {
  it('赤峰市 2012: 依申请公开.收到 is 8, from 全年受理依申请公开8件', async () => {
    const r = await seedReport(SEED_IDS.chifeng);
    const values = measureFacts(r);
    const v = valueOf(values, '依申请公开.收到')!;
    expect(v).toMatchObject({ value: 8, text: '8件', unit: '件', from: 'prose' });
    expect(v.quote).toContain('全年受理依申请公开8件');
    expectCited(r, v);
    // Other figures of the report bind to their own measures, never to requests received.
    expect(valueOf(values, '主动公开.总数')).toMatchObject({ value: 24215 });
    expect(valueOf(values, '网站.访问量')).toMatchObject({ value: 1790000, text: '179万余人次' });
    expect(valueOf(values, '新闻发布会.次数')).toMatchObject({ value: 20 });
    expect(valueOf(values, '依申请公开.收到.信函')).toMatchObject({ value: 3 });
    for (const value of values) expectCited(r, value);
  });

  it('开封市祥符区 2018: 依申请公开.收到 is 15, from 全年共收到政务信息依申请公开15件', async () => {
    const r = await seedReport(SEED_IDS.xiangfu);
    const v = valueOf(measureFacts(r), '依申请公开.收到')!;
    expect(v).toMatchObject({ value: 15, text: '15件' });
    expect(v.quote).toContain('全年共收到政务信息依申请公开15件');
  });

  it('芦淞区 2013 (traditional script): 受理答覆依申請公開3例 states received and answered', async () => {
    const r = await seedReport(SEED_IDS.luSong);
    const values = measureFacts(r);
    expect(valueOf(values, '依申请公开.收到')).toMatchObject({ value: 3, text: '3例' });
    expect(valueOf(values, '依申请公开.办结')).toMatchObject({ value: 3 });
    expect(valueOf(values, '依申请公开.收到')!.quote).toContain('受理答覆依申請公開3例');
  });

  it('binds no unrelated number of any seed to 依申请公开.收到', async () => {
    const stated: Record<string, number> = { [SEED_IDS.chifeng]: 8, [SEED_IDS.xiangfu]: 15, [SEED_IDS.luSong]: 3, [SEED_IDS.suifenhe]: 0 };
    for (const id of Object.values(SEED_IDS)) {
      const v = valueOf(measureFacts(await seedReport(id)), '依申请公开.收到');
      expect(v?.value, id).toBe(stated[id]);
    }
  });
});
