import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { corpusChecksum } from '../../src/index/manifest.js';
import { isIndexStale, loadIndex, summarizeReport } from '../../src/index/store.js';
import { FakeEmbedder, makeReport, tempDir } from './helpers.js';

const config = { hnswM: 16, hnswEfConstruction: 100, hnswEfSearch: 64, embedBatchSize: 32 };
const reports = [
  makeReport({ id: 'r1', paragraphs: [['一、概述', '全年主动公开政府信息24215条。']] }),
  makeReport({ id: 'r2', paragraphs: [['一、概述', '全年受理依申请公开8件。'], ['二、收费', '未收取费用。']] }),
];

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((d) => fs.rm(d, { recursive: true, force: true }))));

let dir: string;
let generation: string;
beforeEach(async () => {
  const root = await tempDir();
  roots.push(root);
  dir = path.join(root, 'index');
  generation = (await buildIndex({ reports, embedder: new FakeEmbedder(), config, dir })).index.manifest.generation;
});
const genFile = (name: string) => path.join(dir, generation, name);

describe('loadIndex errors', () => {
  it('INDEX_NOT_READY when the directory or its manifest is missing, naming the path and the fix', async () => {
    const missing = path.join(dir, 'nope');
    await expect(loadIndex(missing)).rejects.toMatchObject({ code: 'INDEX_NOT_READY', message: expect.stringContaining(missing) });
    await fs.rm(path.join(dir, 'manifest.json'));
    await expect(loadIndex(dir)).rejects.toMatchObject({ code: 'INDEX_NOT_READY', message: expect.stringContaining('npm run index') });
  });

  it('INDEX_CORRUPT naming manifest.json when it cannot be parsed or lacks fields', async () => {
    await fs.writeFile(path.join(dir, 'manifest.json'), '{"formatVersion": 1,');
    await expect(loadIndex(dir)).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('manifest.json') });
    await fs.writeFile(path.join(dir, 'manifest.json'), '{"formatVersion": 1}');
    await expect(loadIndex(dir)).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('manifest.json') });
  });

  it('INDEX_INCOMPATIBLE on another format version', async () => {
    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'));
    await fs.writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: 99 }));
    await expect(loadIndex(dir)).rejects.toMatchObject({ code: 'INDEX_INCOMPATIBLE', message: expect.stringContaining('format version 99') });
  });

  it('INDEX_INCOMPATIBLE naming both embedder ids, or both dimensions', async () => {
    const err = await loadIndex(dir, { embedderId: 'bge-small-zh', dimension: 512 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INDEX_INCOMPATIBLE' });
    expect((err as Error).message).toContain('fake-bigram-32');
    expect((err as Error).message).toContain('bge-small-zh');
    await expect(loadIndex(dir, { embedderId: 'fake-bigram-32', dimension: 64 })).rejects.toMatchObject({
      code: 'INDEX_INCOMPATIBLE',
      message: expect.stringMatching(/dimension 32.*dimension 64/),
    });
  });

  it.each([
    ['reports.json', 'missing', 'reports.json'],
    ['reports.json', '[{"id": "r1"}]', 'reports.json'],
    ['labels.json', '["r1#p1", "r2#p1", "nope#p9"]', 'labels.json'],
    ['labels.json', '["r1#p1"]', 'labels.json'],
    ['lexical.json', '{"formatVersion": 1, "engine": null}', 'lexical.json'],
    ['vector-index.json', 'not json', 'vector-index.json'],
    ['vectors.hnsw', 'truncate', 'vectors.hnsw'],
  ])('INDEX_CORRUPT naming the file when %s is %s', async (file, content, named) => {
    if (content === 'missing') await fs.rm(genFile(file));
    else if (content === 'truncate') await fs.truncate(genFile(file), 100);
    else await fs.writeFile(genFile(file), content);
    await expect(loadIndex(dir)).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining(named) });
  });

  it('INDEX_CORRUPT when reports.json disagrees with the manifest', async () => {
    await fs.writeFile(genFile('reports.json'), JSON.stringify([reports[0]]));
    await expect(loadIndex(dir)).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('reports.json') });
  });
});

describe('isIndexStale', () => {
  it('is fresh for the same files and embedder, whatever their order', async () => {
    await expect(isIndexStale(dir, [...reports].reverse(), 'fake-bigram-32')).resolves.toEqual({ stale: false });
  });

  it('is stale without an index, naming why', async () => {
    const result = await isIndexStale(path.join(dir, 'nope'), reports, 'fake-bigram-32');
    expect(result).toMatchObject({ stale: true, reason: expect.stringContaining('npm run index') });
  });

  it('is stale when the embedder changed', async () => {
    await expect(isIndexStale(dir, reports, 'other-model')).resolves.toMatchObject({ stale: true, reason: expect.stringContaining('other-model') });
  });

  it('is stale when a file changed, was added or removed, naming it', async () => {
    const files = reports.map(({ source, checksum }) => ({ source, checksum }));
    const changed = [files[0]!, { ...files[1]!, checksum: 'f'.repeat(64) }];
    await expect(isIndexStale(dir, changed, 'fake-bigram-32')).resolves.toMatchObject({ reason: expect.stringContaining('corpus/r2.txt') });
    await expect(isIndexStale(dir, [files[0]!], 'fake-bigram-32')).resolves.toMatchObject({ reason: expect.stringContaining('corpus/r2.txt (removed)') });
    const added = [...files, { source: 'corpus/r3.txt', checksum: 'e'.repeat(64) }];
    await expect(isIndexStale(dir, added, 'fake-bigram-32')).resolves.toMatchObject({ reason: expect.stringContaining('corpus/r3.txt') });
  });

  it('is stale when the manifest points at a generation that is gone', async () => {
    await fs.rm(path.join(dir, generation), { recursive: true });
    await expect(isIndexStale(dir, reports, 'fake-bigram-32')).resolves.toMatchObject({ stale: true });
  });
});

describe('corpusChecksum and summarizeReport', () => {
  it('depends on paths and checksums, not on order', () => {
    const a = { source: 'corpus/a.txt', checksum: '1'.repeat(64) };
    const b = { source: 'corpus/b.txt', checksum: '2'.repeat(64) };
    expect(corpusChecksum([a, b])).toBe(corpusChecksum([b, a]));
    expect(corpusChecksum([a, b])).not.toBe(corpusChecksum([a, { ...b, source: 'corpus/c.txt' }]));
  });

  it('falls back to the report id when the title is unknown', () => {
    const report = makeReport({ id: 'x_untitled', title: null, region: '赤峰市', year: 2012, paragraphs: [['一', '内容']] });
    expect(summarizeReport(report)).toEqual({
      id: 'x_untitled',
      source: 'corpus/x_untitled.txt',
      title: 'x_untitled',
      region: '赤峰市',
      body: '人民政府',
      year: 2012,
      regionPath: null,
      script: 'simplified',
    });
  });
});
