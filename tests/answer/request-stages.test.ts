/**
 * Wrong figures the scale benchmark's questions exposed (bench/scale), phrased as users ask them: one
 * passage about applications holds the received, answered and granted counts, and each question must
 * get its own; place names that begin with a numeral or a word like `本` must still route.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { buildIndex } from '../../src/index/index.js';
import { parseReport } from '../../src/ingest/index.js';
import { createHashEmbedder } from '../fakes/hash-embedder.js';

const report = (id: string, title: string, received: number, answered: number, granted: number) =>
  parseReport({
    id,
    source: `corpus/${id}.txt`,
    checksum: id,
    text: [
      title,
      '一、总体情况',
      '我局高度重视政府信息公开工作，全年召开专题会议3次。',
      '三、收到和处理政府信息公开申请情况',
      `2019年，我局收到政府信息公开申请${received}件，其中当面申请2件、网上申请${received - 4}件、信函申请2件。已答复${answered}件，其中同意公开${granted}件、部分公开1件、信息不存在${answered - granted - 1}件。`,
      '六、其他需要报告的事项',
      '政务公开咨询窗口全年答复群众咨询1081人次，答复率100%。',
    ].join('\n'),
  });

let engine: Engine;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-stages-'));
  const config = loadConfig({ root: process.cwd(), indexDir: dir }, {});
  const embedder = createHashEmbedder();
  const reports = [
    report('wutai', '忻州市五台县民政局2019年政府信息公开工作年度报告', 14, 12, 3),
    report('xihu', '本溪市溪湖区民政局2019年政府信息公开工作年度报告', 30, 29, 20),
  ];
  const { index } = await buildIndex({ reports, embedder, config, dir });
  engine = createEngine(config, index, embedder);
});
afterAll(async () => {
  engine.index.close();
  await rm(dir, { recursive: true, force: true });
});

describe('one passage, several stages of a request', () => {
  it.each([
    ['五台县民政局2019年收到政府信息公开申请多少件', '14件'],
    ['五台县民政局2019年答复政府信息公开申请多少件', '12件'],
    ['五台县民政局2019年信息公开申请中同意公开的有几件', '3件'],
    ['五台县民政局2019年依申请同意公开多少件', '3件'],
  ])('%s → %s', async (question, figure) => {
    const a = await engine.ask(question);
    expect(a.answer.startsWith(`${figure}。`)).toBe(true);
  });
});

describe('place names that look like other words', () => {
  it('a numeral that begins a place name stays part of it (五台县 is not 5台县)', async () => {
    const a = await engine.ask('五台县民政局2019年收到政府信息公开申请多少件');
    expect(a.citations[0]!.reportId).toBe('wutai');
  });

  it('a place the corpus lacks is refused by name, not answered from another place (九台区)', async () => {
    const a = await engine.ask('九台区民政局2019年收到了几件信息公开申请？');
    expect(a.refused).toBe(true);
    expect(a.answer).toContain('九台区');
  });

  it('本溪市 is a city, not 本 + 溪市: its report names 民政局 as its body', async () => {
    expect(engine.index.summariesById.get('xihu')).toMatchObject({ region: '辽宁省本溪市溪湖区', body: '民政局' });
    const a = await engine.ask('本溪市溪湖区民政局2019年收到政府信息公开申请多少件');
    expect(a.answer.startsWith('30件。')).toBe(true);
  });
});

describe('characters simplified Chinese keeps in names', () => {
  it('乾 of 乾县/乾安县 is not a traditional 干: the question stays simplified and routes', async () => {
    const { parseQuery } = await import('../../src/retrieve/query.js');
    const q = parseQuery('乾安县医保局2023年依申请同意公开多少件？', engine.catalog);
    expect(q.script).toBe('simplified');
    expect(q.norm).toContain('乾安县');
    expect(q.regionPath).toEqual(['吉林省', '松原市', '乾安县']);
  });
});
