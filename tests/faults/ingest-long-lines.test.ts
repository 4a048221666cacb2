/**
 * Reports with no line breaks: a 2.4 MB report on one line (once one 830,000-character chunk, and a
 * 4.6 MB answer) and a long paragraph with no sentence punctuation at all. Both are ingested from
 * files and indexed among the seed reports; no chunk exceeds the limit, and a question about each is
 * answered correctly, from the right report, with a bounded answer and bounded quotes.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANSWER_CHARS } from '../../src/answer/answerer.js';
import { MAX_QUOTE_CHARS } from '../../src/answer/citations.js';
import { loadConfig } from '../../src/config.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { buildIndex } from '../../src/index/index.js';
import { DEFAULT_CHUNK_OPTIONS, chunkCeiling } from '../../src/ingest/chunks.js';
import { ingestCorpus } from '../../src/ingest/index.js';
import type { Answer, Report } from '../../src/types.js';
import { createHashEmbedder } from '../fakes/hash-embedder.js';
import { ROOT } from './proc.js';

const MB = 1024 * 1024;
const OPENING =
  '根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现公布宁城县人民政府2016年度政府信息公开工作年度报告。' +
  '本报告由宁城县人民政府办公室编制，所列数据统计期限自2016年1月1日起至2016年12月31日止。';
/** Sentences of the kind these reports repeat all year, with numbers that vary from round to round. */
const ROUNDS = [
  (i: number) => `第${i}期《宁城县人民政府公报》刊登规范性文件${((i * 7) % 23) + 2}件、人事任免信息${((i * 5) % 17) + 1}条。`,
  (i: number) => `本批次在县政府门户网站发布工作动态${((i * 13) % 97) + 10}条，其中图片新闻${((i * 3) % 29) + 1}条。`,
  (i: number) => `各乡镇便民服务中心第${i}轮集中培训${((i * 11) % 9) + 1}场次，参训人员${((i * 37) % 400) + 50}人次；`,
  (i: number) => `县档案馆、县图书馆查阅点接待查阅群众${((i * 17) % 300) + 20}人次，提供复印件${((i * 19) % 150) + 5}份。`,
];
const FACT = '全年共受理政府信息公开申请386件，均已按规定期限答复。';
/** A statutory table as a page without block tags flattens it: cells joined by `|` on the same line. */
const INLINE_TABLE = '第二十条第(一)项 | 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 | 规章 | 0 | 0 | 0 | 规范性文件 | 12 | 12 | 57 | ';

/**
 * ~2.4 MB of report on a single line, with a flattened table a quarter of the way in (which once made
 * the whole line one "table row") and the one sentence a question asks about in the middle.
 */
function singleLineReport(): string {
  const parts = [OPENING];
  let bytes = Buffer.byteLength(OPENING);
  const add = (sentence: string) => {
    parts.push(sentence);
    bytes += Buffer.byteLength(sentence);
  };
  let table = false;
  let fact = false;
  for (let i = 1; bytes < 2.4 * MB; i++) {
    if (!table && bytes >= 0.6 * MB) {
      add(INLINE_TABLE);
      table = true;
    }
    if (!fact && bytes >= 1.2 * MB) {
      add(FACT);
      fact = true;
    }
    add(ROUNDS[i % ROUNDS.length]!(i));
  }
  return parts.join('');
}

/** A title line, then one 60,000-character paragraph without a single stop, comma or semicolon. */
function unpunctuatedReport(): string {
  let body = '';
  for (let i = 1; body.length < 30_000; i++) body += `敖汉旗第${i}轮政务公开专题培训${(i % 7) + 1}场次参训人员${((i * 37) % 400) + 50}人次 `;
  body += '敖汉旗全年依申请公开信息收费0元 ';
  for (let i = 1; body.length < 60_000; i++) body += `敖汉旗第${i}批主动公开文件${(i % 9) + 2}件公开目录条目${((i * 13) % 90) + 10}条 `;
  return `敖汉旗人民政府2017年政府信息公开工作年度报告\n${body}`;
}

let dir: string;
let reports: Report[];
let engine: Engine;
const askBounded = async (question: string): Promise<Answer> => {
  const { retrieval: _retrieval, ...answer } = await engine.ask(question);
  expect(answer.answer.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
  for (const c of answer.citations) {
    expect(c.quote.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
    expect((c.context ?? '').length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
  }
  // What a client receives: kilobytes, whatever the report's size.
  expect(Buffer.byteLength(JSON.stringify(answer))).toBeLessThan(16 * 1024);
  return answer;
};

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-long-lines-'));
  const corpus = path.join(dir, 'corpus');
  await fs.cp(path.join(ROOT, 'corpus'), corpus, { recursive: true });
  await fs.writeFile(path.join(corpus, 'ningcheng-2016.txt'), singleLineReport());
  await fs.writeFile(path.join(corpus, 'aohan-2017.txt'), unpunctuatedReport());
  reports = (await ingestCorpus(corpus)).reports;
  const config = loadConfig({ root: dir, indexDir: path.join(dir, 'index') }, {});
  const embedder = createHashEmbedder();
  const { index } = await buildIndex({ reports, embedder, config, dir: path.join(dir, 'index') });
  engine = createEngine(config, index, embedder);
});

afterAll(async () => {
  engine?.index.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('a 2.4 MB report with no line breaks', () => {
  it('is one paragraph cut into chunks of at most the limit, read back whole, each citing that paragraph', async () => {
    const file = await fs.stat(path.join(dir, 'corpus', 'ningcheng-2016.txt'));
    expect(file.size).toBeGreaterThanOrEqual(2.4 * MB);
    const r = reports.find((x) => x.id === 'ningcheng-2016')!;
    expect(r.paragraphs).toHaveLength(1);
    expect(r.chunks.length).toBeGreaterThan(r.text.length / DEFAULT_CHUNK_OPTIONS.maxChars);
    for (const c of r.chunks) {
      expect(c.text.length).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.maxChars);
      expect(c.anchor).toBe(1);
    }
    expect(r.chunks.map((c) => c.text).join('')).toBe(r.text);
    // Cuts fall after sentences: every chunk but the last ends with a stop.
    for (const c of r.chunks.slice(0, -1)) expect(c.text).toMatch(/[。；]$/);
  });

  it('answers a question about one sentence in its middle, from that report, in kilobytes', async () => {
    const a = await askBounded('宁城县2016年受理政府信息公开申请多少件？');
    expect(a.refused).toBe(false);
    expect(a.grounded).toBe(true);
    expect(a.answer).toMatch(/^386件。/);
    expect(a.citations[0]).toMatchObject({ reportId: 'ningcheng-2016', source: 'ningcheng-2016.txt', paragraph: 1, url: '/reports/ningcheng-2016#p1' });
    expect(a.citations[0]!.quote).toContain(FACT);
  });
});

describe('a long paragraph with no sentence punctuation', () => {
  it('is cut hard at the limit, never inside a number', () => {
    const r = reports.find((x) => x.id === 'aohan-2017')!;
    const body = r.paragraphs.find((p) => p.kind === 'paragraph')!;
    const pieces = r.chunks.filter((c) => c.anchor === body.n);
    expect(pieces.length).toBeGreaterThanOrEqual(Math.ceil(body.text.length / DEFAULT_CHUNK_OPTIONS.maxChars));
    for (const c of r.chunks) expect(c.text.length).toBeLessThanOrEqual(chunkCeiling());
    for (const [k, c] of pieces.entries()) {
      expect(r.text.slice(Math.max(c.start, body.start), c.end).length).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.maxChars);
      if (k < pieces.length - 1) expect(`${c.text.at(-1)}${pieces[k + 1]!.text[0]}`).not.toMatch(/^\d\d$/);
    }
  });

  it('answers from the piece that holds the figure, with a bounded quote', async () => {
    const a = await askBounded('敖汉旗2017年依申请公开信息收费多少元？');
    expect(a.refused).toBe(false);
    expect(a.grounded).toBe(true);
    expect(a.answer).toMatch(/^0元。/);
    expect(a.citations[0]).toMatchObject({ reportId: 'aohan-2017', source: 'aohan-2017.txt' });
    expect(a.citations[0]!.quote).toContain('收费0元');
  });
});
