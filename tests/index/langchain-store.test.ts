import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { NianbaoVectorStore } from '../../src/index/langchain-store.js';
import type { LoadedIndex } from '../../src/index/index.js';
import { FakeEmbedder, makeReport, tempDir } from './helpers.js';

const report = makeReport({
  id: 'chifeng_2012',
  region: '赤峰市',
  year: 2012,
  title: '赤峰市2012年政府信息公开工作年度报告',
  paragraphs: [
    ['二、主动公开情况', '2012年全市主动公开政府信息24215条。'],
    ['三、依申请公开情况', '全年受理依申请公开8件,其中现场书面申请2件。'],
    ['四、收费情况', '未收取任何费用。'],
  ],
});

let root: string;
let index: LoadedIndex;
beforeAll(async () => {
  root = await tempDir();
  const config = { hnswM: 16, hnswEfConstruction: 100, hnswEfSearch: 64, embedBatchSize: 32 };
  index = (await buildIndex({ reports: [report], embedder: new FakeEmbedder(), config, dir: path.join(root, 'index') })).index;
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe('NianbaoVectorStore (LangChain adapter)', () => {
  it('answers similarity searches with chunk Documents scored by cosine similarity', async () => {
    const store = new NianbaoVectorStore(index, new FakeEmbedder());
    const results = await store.similaritySearchWithScore(report.chunks[1]!.norm, 1);
    expect(results).toHaveLength(1);
    const [doc, score] = results[0]!;
    expect(doc).toMatchObject({
      id: 'chifeng_2012#p2',
      pageContent: report.chunks[1]!.text,
      metadata: {
        reportId: 'chifeng_2012',
        title: '赤峰市2012年政府信息公开工作年度报告',
        region: '赤峰市',
        year: 2012,
        section: '三、依申请公开情况',
        paragraphs: [2],
      },
    });
    expect(score).toBeCloseTo(1, 5);
  });

  it('works as a retriever and applies filters given as data', async () => {
    const store = new NianbaoVectorStore(index, new FakeEmbedder());
    const docs = await store.asRetriever({ k: 2, filter: { textIncludes: '24215' } }).invoke(report.chunks[1]!.norm);
    expect(docs.map((d) => d.id)).toEqual(['chifeng_2012#p1']);
    expect(await store.asRetriever({ k: 2, filter: { reportIds: ['another_report'] } }).invoke(report.chunks[1]!.norm)).toEqual([]);
  });

  it('is read-only and refuses an embedder the index was not built with', async () => {
    const store = new NianbaoVectorStore(index, new FakeEmbedder());
    await expect(store.addDocuments()).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(() => new NianbaoVectorStore(index, new FakeEmbedder('another-model'))).toThrow(expect.objectContaining({ code: 'INDEX_INCOMPATIBLE' }));
  });
});
