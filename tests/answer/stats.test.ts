/**
 * Questions that need several reports, asked of the real engine (real ingest, index, retrieval) over 28
 * synthetic reports whose figures are known in advance (tests/stats/synthetic.ts): rankings, extremes,
 * differences, percentage changes, trends and sums are computed right, lead the answer, list every
 * input with a citation whose quote holds the figure, and name the reports that do not state the
 * measure instead of counting them as 0. Then the seed corpus: 哪个地区的报告中依申请公开件数最多？
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { buildIndex } from '../../src/index/index.js';
import type { Answer } from '../../src/types.js';
import { createHashEmbedder } from '../fakes/hash-embedder.js';
import { ROOT, SEED_IDS } from '../helpers/corpus.js';
import { testEngine } from '../helpers/engine.js';
import { parseSynthetic, syntheticReports, type SyntheticReport } from '../stats/synthetic.js';

const synthetic = syntheticReports();
let engine: Engine;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-stats-'));
  const config = loadConfig({ root: ROOT, indexDir: dir }, {});
  const embedder = createHashEmbedder();
  const { index } = await buildIndex({ reports: synthetic.map(parseSynthetic), embedder, config, dir });
  engine = createEngine(config, index, embedder);
}, 120_000);

const RECEIVED = '依申请公开.收到';
const PUBLISHED = '主动公开.总数';
const figure = (r: SyntheticReport, measure: string) => r.figures[measure];
const of = (place: string, year: number) => synthetic.find((r) => r.place === place && r.year === year)!;

/** Every `[n]` of the answer points at a citation whose quote holds the figure written just before it. */
function expectEveryInputCited(a: Answer): void {
  const cited = [...a.answer.matchAll(/([0-9.]+(?:万人次|万元|元|件|条|次|例)?)\[(\d+)\]/g)];
  expect(cited.length).toBeGreaterThan(0);
  for (const [, fig, n] of cited) {
    const c = a.citations[Number(n) - 1]!;
    expect(c, `citation [${n}]`).toBeDefined();
    expect(c.quote.replace(/\s/g, ''), `[${n}] quotes ${fig}`).toContain(fig!.replace(/件$|条$/, ''));
    expect(c.url).toBe(`/reports/${c.reportId}#p${c.paragraph}`);
  }
}

describe('comparison questions over 28 synthetic reports with known figures', () => {
  it('哪个地区…最多: ranks every report of the year that states the measure, the largest first, each cited', async () => {
    const rows = synthetic.filter((r) => r.year === 2019 && figure(r, RECEIVED)).sort((a, b) => figure(b, RECEIVED)!.value - figure(a, RECEIVED)!.value);
    const a = await engine.ask('2019年哪个地区的依申请公开件数最多？');
    expect(a.meta).toMatchObject({ answerer: 'stats', stats: { op: 'rank' } });
    // The computed figure leads: the largest report and its figure.
    const lead = a.answer.split('\n')[0]!;
    expect(lead).toContain(rows[0]!.place.replace('赤峰市', '').replace('通辽市', '') || rows[0]!.place);
    expect(lead).toMatch(new RegExp(`：${figure(rows[0]!, RECEIVED)!.value}件?\\[1\\]`));
    // Then one line per input, in order.
    const lines = a.answer.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines.map((l) => Number(/：(\d+)/.exec(l)![1]))).toEqual(rows.map((r) => figure(r, RECEIVED)!.value));
    expectEveryInputCited(a);
    expect(a.chart).toMatchObject({ kind: 'bar', points: expect.any(Array) });
    expect(a.chart!.points.map((p) => p.value)).toEqual(rows.map((r) => figure(r, RECEIVED)!.value));
    for (const p of a.chart!.points) expect(a.citations[p.citation - 1]).toBeDefined();
  });

  it('排名前三 and 最少 order and cut the ranking; ties share a rank', async () => {
    const top = await engine.ask('2018年主动公开信息数排名前三的地区');
    const values = synthetic.filter((r) => r.year === 2018 && figure(r, PUBLISHED)).map((r) => figure(r, PUBLISHED)!.value).sort((x, y) => y - x);
    const lines = top.answer.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => Number(/：(\d+)条/.exec(l)![1]))).toEqual(values.slice(0, 3));
    const least = await engine.ask('2018年哪个地区主动公开信息最少？');
    expect(least.answer.split('\n')[0]).toContain(`：${values.at(-1)}条[1]`);
  });

  it('比…多多少: the difference of one region\'s two years leads, both inputs cited', async () => {
    const [a, b] = [of('赤峰市', 2016), of('赤峰市', 2015)];
    const diff = figure(a, PUBLISHED)!.value - figure(b, PUBLISHED)!.value;
    const ans = await engine.ask('赤峰市2016年比2015年主动公开多了多少条？');
    expect(ans.meta).toMatchObject({ stats: { op: 'difference' } });
    expect(ans.answer.startsWith(`${diff >= 0 ? '多' : '少'}${Math.abs(diff)}条。`)).toBe(true);
    expect(ans.answer).toContain(`${figure(a, PUBLISHED)!.text}[1]`);
    expect(ans.answer).toContain(`${figure(b, PUBLISHED)!.text}[2]`);
    expectEveryInputCited(ans);
  });

  it('增长了百分之几: the percentage change, rounded to two places', async () => {
    const [from, to] = [figure(of('赤峰市', 2013), RECEIVED)!.value, figure(of('赤峰市', 2016), RECEIVED)!.value];
    const pct = Math.round(((to - from) / from) * 10000) / 100;
    const ans = await engine.ask('赤峰市2013年到2016年依申请公开件数增长了百分之几？');
    expect(ans.meta).toMatchObject({ stats: { op: 'percent' } });
    expect(ans.answer.startsWith(`${pct >= 0 ? '增长了' : '下降了'}${Math.abs(pct)}%`)).toBe(true);
    expectEveryInputCited(ans);
  });

  it('a difference with a year whose report does not state the measure refuses, naming the gap (never 0)', async () => {
    const ans = await engine.ask('赤峰市2014年比2013年依申请公开多了多少件？');
    expect(ans.refused).toBe(true);
    expect(ans.answer).toContain('2014年的报告没有说明');
    expect(ans.answer).not.toMatch(/^多|^少/);
    const none = await engine.ask('赤峰市2011年比2012年依申请公开多了多少件？');
    expect(none.answer).toContain('语料库中没有赤峰市2011年的报告');
  });

  it('2012到2020年的变化: every stated year in order, the overall change first, the silent year named', async () => {
    const years = synthetic.filter((r) => r.place === '赤峰市' && figure(r, RECEIVED)).sort((a, b) => a.year - b.year);
    const ans = await engine.ask('赤峰市2012到2020年依申请公开件数的变化');
    expect(ans.meta).toMatchObject({ stats: { op: 'trend' } });
    const [first, last] = [figure(years[0]!, RECEIVED)!, figure(years.at(-1)!, RECEIVED)!];
    expect(ans.answer.split('\n')[0]).toContain(`从${first.text}`);
    expect(ans.answer.split('\n')[0]).toContain(`到${last.text}`);
    const lines = ans.answer.split('\n').filter((l) => /^\d{4}年：/.test(l));
    expect(lines.map((l) => Number(l.slice(0, 4)))).toEqual(years.map((r) => r.year));
    expect(ans.answer).toMatch(/未说明收到政府信息公开申请数：赤峰市 2014年/);
    expect(ans.chart?.kind).toBe('line');
    expectEveryInputCited(ans);
  });

  it('各旗县区合计: the exact sum of the districts\' figures, each cited, the silent district named', async () => {
    const districts = synthetic.filter((r) => r.year === 2017 && r.place.startsWith('赤峰市') && r.place !== '赤峰市');
    const stated = districts.filter((r) => figure(r, RECEIVED));
    const total = stated.reduce((s, r) => s + figure(r, RECEIVED)!.value, 0);
    const ans = await engine.ask('赤峰市各旗县区2017年依申请公开合计多少件？');
    expect(ans.meta).toMatchObject({ stats: { op: 'sum' } });
    expect(ans.answer.startsWith(`合计${total}件`)).toBe(true);
    expect(ans.answer.split('\n').filter((l) => /\[\d+\]$/.test(l))).toHaveLength(stated.length);
    expect(ans.answer).toContain('宁城县 2017年'); // states 未收到 without a figure: missing, not 0
    expectEveryInputCited(ans);
  });

  it('money sums exactly: 10.1元 + 20.2元 + 0.07万元', async () => {
    const ans = await engine.ask('赤峰市各旗县区2018年收费金额合计多少？');
    expect(ans.answer.startsWith('合计730.3元')).toBe(true);
  });

  it('a question about one report is not a comparison: it keeps the ordinary answer', async () => {
    const ans = await engine.ask('赤峰市2012年依申请公开多少件？');
    expect(ans.meta?.answerer).not.toBe('stats');
    expect(ans.answer).toContain(figure(of('赤峰市', 2012), RECEIVED)!.text);
  });

  it('streams a comparison as citations, the text, then done', async () => {
    const events = [];
    for await (const e of engine.stream('2019年哪个地区的依申请公开件数最多？')) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['citations', 'delta', 'done']);
    const done = events.at(-1) as { type: 'done'; answer: Answer };
    expect(done.answer.chart?.points.length).toBeGreaterThan(1);
  });
});

describe('comparison on the seed corpus', () => {
  it('哪个地区的报告中依申请公开件数最多？ ranks the reports that state it, each row cited, the silent report named', async () => {
    const { engine: seeds } = await testEngine();
    const a = await seeds.ask('哪个地区的报告中依申请公开件数最多？');
    const lines = a.answer.split('\n');
    expect(lines[0]).toBe('收到政府信息公开申请数最多的是开封市祥符区（2018年）：15件[1]。');
    expect(lines).toContain('1. 开封市祥符区 2018年：15件[1]');
    expect(lines).toContain('2. 赤峰市 2012年：8件[2]');
    expect(a.citations[0]).toMatchObject({ reportId: SEED_IDS.xiangfu });
    expect(a.citations[1]).toMatchObject({ reportId: SEED_IDS.chifeng, paragraph: 26 });
    expect(a.answer).toMatch(/另有 1 份报告未说明/);
    expectEveryInputCited(a);
  });
});
