/**
 * A corpus that lies outside the project root (NIANBAO_CORPUS_DIR=/srv/…): the index is built the way
 * `npm start` builds it (prepareIndex), and every place a report's `source` reaches a user — chat
 * answers, batch results, the report API, the report page — names the file inside the corpus
 * (`chifeng-2012.txt`), never a path of the server's disk.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openEngine, type Engine } from '../../src/engine.js';
import type { Prepared } from '../../src/index/index.js';
import { createApp } from '../../src/server/app.js';
import { createEngineHolder } from '../../src/server/state.js';
import type { Citation } from '../../src/types.js';
import { ROOT } from './proc.js';

const QUESTION = '赤峰2012年依申请公开多少件';
let outside: string;
let engine: Engine & { prepared: Prepared };
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  outside = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-outside-'));
  expect(path.relative(ROOT, outside).startsWith('..')).toBe(true);
  const corpus = path.join(outside, 'srv', 'reports');
  await fs.mkdir(corpus, { recursive: true });
  await fs.copyFile(path.join(ROOT, 'corpus/004_4dd6e611894a30a9.txt'), path.join(corpus, 'chifeng-2012.txt'));
  await fs.copyFile(path.join(ROOT, 'corpus/002_95e09199245b4244.txt'), path.join(corpus, 'xiangfu-2018.txt'));
  const config = loadConfig({ root: ROOT, corpusDir: corpus, indexDir: path.join(outside, 'index'), embedDim: 32 }, {});
  engine = await openEngine(config);
  app = createApp({ config, engine: createEngineHolder({ status: 'ready', engine }), log: () => {} });
});

afterAll(async () => {
  engine?.prepared.index.close();
  await fs.rm(outside, { recursive: true, force: true });
});

/** A source as users may see it: the file's path inside the corpus, no disk path, no temp folder. */
function expectCorpusRelative(source: string, file = 'chifeng-2012.txt') {
  expect(source).toBe(file);
  expect(source.startsWith('/')).toBe(false);
  expect(source).not.toContain(path.basename(outside));
}

describe('sources of a corpus outside the project root', () => {
  it('answers cite the corpus file, not a server path', async () => {
    const a = await engine.ask(QUESTION);
    expect(a.answer).toContain('8件');
    expect(a.citations.length).toBeGreaterThan(0);
    for (const c of a.citations) expectCorpusRelative(c.source);
  });

  it('the chat API, the batch API and the report API name the corpus file; no response mentions the disk path', async () => {
    const chat = await app.request('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: QUESTION }) });
    const chatText = await chat.text();
    expect(chat.status).toBe(200);
    for (const c of (JSON.parse(chatText) as { citations: Citation[] }).citations) expectCorpusRelative(c.source);

    const batch = await app.request('/api/batch', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([QUESTION]) });
    const batchText = await batch.text();
    expect(batch.status).toBe(200);
    const [line] = batchText.trim().split('\n').map((l) => JSON.parse(l) as { citations: Citation[] });
    expect(line!.citations.length).toBeGreaterThan(0);
    for (const c of line!.citations) expectCorpusRelative(c.source);

    const list = await app.request('/api/reports');
    const listText = await list.text();
    const sources = (JSON.parse(listText) as { reports: { source: string }[] }).reports.map((r) => r.source).sort();
    expect(sources).toEqual(['chifeng-2012.txt', 'xiangfu-2018.txt']);

    const one = await app.request(`/api/reports/${encodeURIComponent('chifeng-2012')}`);
    const oneText = await one.text();
    expectCorpusRelative((JSON.parse(oneText) as { source: string }).source);

    for (const body of [chatText, batchText, listText, oneText]) expect(body).not.toContain(outside);
  });

  it('the report page shows the corpus file', async () => {
    const page = await app.request('/reports/chifeng-2012');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('chifeng-2012.txt');
    expect(html).not.toContain(outside);
  });
});
