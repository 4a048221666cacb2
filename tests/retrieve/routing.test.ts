/**
 * Report routing on real-looking pages: a passage belongs to its report's place, a place above or
 * below the one asked about never answers for it, and a year the report does not cover is refused.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { buildIndex } from '../../src/index/index.js';
import { ingestCorpus } from '../../src/ingest/index.js';
import { createHashEmbedder } from '../fakes/hash-embedder.js';

let engine: Engine;
beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-routing-'));
  const config = loadConfig({ root: process.cwd(), indexDir: dir }, {});
  const { reports } = await ingestCorpus(path.resolve('tests/fixtures/eval/realistic/corpus'), process.cwd());
  const embedder = createHashEmbedder();
  const { index } = await buildIndex({ reports, embedder, config, dir });
  engine = createEngine(config, index, embedder);
});

describe('routing', () => {
  it('answers from a report whose place is named only once, in its preamble (every figure after it says 我镇)', async () => {
    const a = await engine.ask('天荒坪镇2021年低保对象有多少户');
    expect(a.refused).toBe(false);
    expect(a.answer).toMatch(/^126户。/);
    expect(a.citations[0]!.source).toMatch(/r07_tianhuangping/);
  });

  it('never answers a province from a town report that cites the province', async () => {
    const a = await engine.ask('浙江省政府办公厅2021年主动公开了多少条政府信息');
    expect(a.refused).toBe(true);
    expect(a.answer).toContain('语料库中没有浙江省人民政府办公厅2021年的报告');
  });

  it('never answers a district from the report of a street inside it, and names the near report', async () => {
    const a = await engine.ask('历下区人民政府2021年主动公开了多少条政府信息');
    expect(a.refused).toBe(true);
    expect(a.answer).toContain('相近的有');
    expect(a.answer).toContain('泉城路街道');
  });

  it('refuses a year the unit has no report for, listing the years it has', async () => {
    const a = await engine.ask('德清县水利局2019年主动公开了多少条信息？');
    expect(a.refused).toBe(true);
    expect(a.answer).toContain('2021年、2022年');
  });

  it('resolves short and colloquial names through the gazetteer (科右中旗, 延边州外办, 两位数年份)', async () => {
    const a = await engine.ask('延边州外办2019年公示了多少条因公出国团组信息');
    expect(a.answer).toMatch(/^31条。/);
    const b = await engine.ask('科右中旗21年财政预决算信息公开了多少条');
    expect(b.answer).toMatch(/^132条。/);
  });
});
