import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScaleCorpus, type ScaleQuestion } from '../../bench/scale/generate.js';

const REPORTS = 30;
const BODIES = ['人民政府', '教育局', '公安局', '民政局', '财政局', '人力资源和社会保障局', '自然资源局', '生态环境局', '住房和城乡建设局', '交通运输局', '水利局', '农业农村局', '商务局', '文化和旅游局', '卫生健康局', '应急管理局', '市场监督管理局', '统计局', '医疗保障局'];
const TITLE = new RegExp(`^(.+[县区市旗])(${BODIES.join('|')})(\\d{4})年政府信息公开工作年度报告$`);

async function readCorpus(dir: string): Promise<Map<string, string>> {
  const corpus = path.join(dir, 'corpus');
  const out = new Map<string, string>();
  for (const f of (await readdir(corpus)).sort()) out.set(f, await readFile(path.join(corpus, f), 'utf8'));
  return out;
}

describe('generateScaleCorpus', () => {
  let tmp: string;
  let first: { files: string[]; questions: ScaleQuestion[] };
  let corpus: Map<string, string>;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'nianbao-scale-'));
    first = await generateScaleCorpus({ reports: REPORTS, seed: 7, outDir: path.join(tmp, 'a') });
    corpus = await readCorpus(path.join(tmp, 'a'));
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('writes the same bytes for the same reports and seed', async () => {
    const second = await generateScaleCorpus({ reports: REPORTS, seed: 7, outDir: path.join(tmp, 'b') });
    expect(second.files).toEqual(first.files);
    expect(second.questions).toEqual(first.questions);
    expect(await readCorpus(path.join(tmp, 'b'))).toEqual(corpus);
    const questions = (dir: string) => readFile(path.join(tmp, dir, 'questions.jsonl'), 'utf8');
    expect(await questions('b')).toBe(await questions('a'));
    expect(corpus.size).toBe(REPORTS);
  });

  it('reuses an up-to-date corpus and reads its questions back', async () => {
    const again = await generateScaleCorpus({ reports: REPORTS, seed: 7, outDir: path.join(tmp, 'a') });
    expect(again).toEqual(first);
  });

  it('writes reports of the expected shape and size', () => {
    for (const text of corpus.values()) {
      expect(text.split('\n')[0]).toMatch(TITLE);
      for (const h of ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '六、其他需要报告的事项']) expect(text).toContain(h);
      const bytes = Buffer.byteLength(text);
      expect(bytes).toBeGreaterThan(1500);
      expect(bytes).toBeLessThan(3500);
    }
  });

  it('asks one grounded question per ten reports', () => {
    expect(first.questions.map((q) => q.id)).toEqual(['q0', 'q10', 'q20']);
    for (const q of first.questions) {
      const text = corpus.get(q.source)!;
      const year = TITLE.exec(text.split('\n')[0]!)![3];
      const fact = q.facts[0]![0]!;
      expect(q.kind).toBe('fact');
      expect(fact).toMatch(/^\d+(\.\d)?$/);
      expect(text).toContain(q.evidence);
      expect(q.evidence.length).toBeGreaterThanOrEqual(10);
      expect(q.evidence).toContain(fact);
      expect(q.question).toContain(`${year}年`);
    }
  });

  it('never repeats a (region, body, year) combination', () => {
    const combos = [...corpus.values()].map((t) => t.split('\n')[0]);
    expect(new Set(combos).size).toBe(combos.length);
  });

  it('spreads 2,000 reports over many places, bodies and years', async () => {
    const { files } = await generateScaleCorpus({ reports: 2000, seed: 3, outDir: path.join(tmp, 'big') });
    const titles = await Promise.all(files.map(async (f) => (await readFile(path.join(tmp, 'big', 'corpus', f), 'utf8')).split('\n')[0]!));
    expect(new Set(titles).size).toBe(2000);
    const parts = titles.map((t) => TITLE.exec(t)!);
    expect(new Set(parts.map((m) => m[1])).size).toBeGreaterThan(1000);
    expect(new Set(parts.map((m) => m[2])).size).toBe(19);
    expect(new Set(parts.map((m) => m[3])).size).toBe(12);
  });
});
