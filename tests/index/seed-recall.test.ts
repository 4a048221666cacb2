/**
 * HNSW against brute force on the real thing: the seed corpus's chunks embedded with the derived
 * offline model, queried with the dev questions and with stored chunks.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildLocalModel, createEmbedder, embedMany } from '../../src/embed/index.js';
import { measureRecall } from '../../src/index/index.js';
import { ROOT, seedReports } from '../helpers/corpus.js';
import { tempDir } from '../embed/seed-corpus.js';

describe('HNSW recall on the seed chunks', () => {
  const modelDir = tempDir('recall-model');

  it('recall@10 ≥ 0.95 against brute force at the configured M / efConstruction / efSearch', async () => {
    const reports = await seedReports();
    const config = loadConfig({ root: ROOT }, {});
    const model = await buildLocalModel({ texts: reports.map((r) => r.paragraphs.map((p) => p.norm).join('\n')), dim: config.embedDim, outDir: modelDir });
    const embedder = await createEmbedder(config, { localModelDir: model.dir });
    const chunks = reports.flatMap((r) => r.chunks);
    const vectors = await embedMany(embedder, chunks.map((c) => c.norm), { kind: 'passage' });
    const questions = (await readFile(path.resolve(ROOT, 'tests/fixtures/eval/dev.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { question: string }).question);
    const queries = await embedMany(embedder, questions, { kind: 'query' });
    const params = { m: config.hnswM, efConstruction: config.hnswEfConstruction, efSearch: config.hnswEfSearch, k: 10 };
    const byQuestion = measureRecall(vectors, { ...params, queries });
    const byChunk = measureRecall(vectors, params);
    expect(byQuestion.points).toBe(chunks.length);
    expect(byQuestion.recall).toBeGreaterThanOrEqual(0.95);
    expect(byChunk.recall).toBeGreaterThanOrEqual(0.95);
  });
});
