import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex, type BuildIndexOptions } from '../../src/index/build.js';
import { loadIndex, summarizeReport } from '../../src/index/store.js';
import type { Report } from '../../src/types.js';
import { FakeEmbedder, makeReport, tempDir } from './helpers.js';

const config = { hnswM: 16, hnswEfConstruction: 100, hnswEfSearch: 64, embedBatchSize: 32 };

const reportA = makeReport({
  id: 'a_chifeng_2012',
  region: '赤峰市',
  year: 2012,
  title: '赤峰市2012年政府信息公开工作年度报告',
  paragraphs: [
    ['二、主动公开情况', '2012年全市主动公开政府信息24215条,其中盟市本级公开信息7059条。'],
    ['三、依申请公开情况', '全年受理依申请公开8件,其中现场书面申请2件。'],
    ['四、收费情况', '2012年我市未收取任何费用。'],
  ],
});
const reportB = makeReport({
  id: 'b_suifenhe_2019',
  region: '绥芬河市',
  year: 2019,
  paragraphs: [
    ['一、总体情况', '2019年以来我局依据省政府信息公开工作要求认真贯彻落实工作要点。'],
    ['二、主动公开', '全年主动公开政府信息356条。'],
  ],
});
const reportC = makeReport({ id: 'c_untitled', title: null, paragraphs: [['一、概述', '本报告由区政府办公室编制。']] });

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));
async function newIndexDir(): Promise<string> {
  const root = await tempDir();
  dirs.push(root);
  return path.join(root, 'index');
}

function build(dir: string, reports: Report[], extra: Partial<BuildIndexOptions> = {}) {
  return buildIndex({ reports, embedder: new FakeEmbedder(), config, dir, ...extra });
}

async function generations(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((e) => e.startsWith('gen-'));
}

describe('buildIndex → loadIndex', () => {
  it('round-trips reports, chunks, labels, vectors and the lexical index', async () => {
    const dir = await newIndexDir();
    const phases = new Set<string>();
    const embedder = new FakeEmbedder();
    const built = await buildIndex({
      reports: [reportA, reportB, reportC],
      embedder,
      embedderInfo: { modelDir: 'models/fake' },
      config,
      dir,
      onProgress: (phase) => phases.add(phase),
    });
    expect([...phases]).toEqual(['embed', 'vectors', 'write']);
    expect(built.stats).toMatchObject({ embedded: 6, reused: 0, reportsReused: [] });

    const loaded = await loadIndex(dir, { embedderId: embedder.id, dimension: embedder.dimension });
    expect(loaded.reports).toEqual([reportA, reportB, reportC]);
    expect(loaded.chunkList.map((c) => c.id)).toEqual(built.index.chunkList.map((c) => c.id));
    expect(loaded.chunks.get('a_chifeng_2012#p2')!.text).toContain('8件');
    expect(loaded.summaries).toEqual([reportA, reportB, reportC].map(summarizeReport));
    expect(loaded.manifest).toEqual(built.index.manifest);
    expect(loaded.manifest).toMatchObject({
      formatVersion: 1,
      embedder: { id: 'fake-bigram-32', dimension: 32, info: { modelDir: 'models/fake' } },
      vectors: { kind: 'hnsw', space: 'cosine', m: 16, efConstruction: 100, efSearch: 64 },
      counts: { reports: 3, chunks: 6, embedded: 6, reused: 0 },
    });
    expect(loaded.manifest.reports[0]).toEqual({ id: reportA.id, source: reportA.source, checksum: reportA.checksum, chunkCount: 3 });

    // Each chunk's own text finds it, in both the vector and the lexical index.
    for (const [label, chunk] of loaded.chunkList.entries()) {
      const [vector] = await embedder.embed([chunk.norm], { kind: 'query' });
      expect(loaded.vector.search(vector!, 1)[0]!.label).toBe(label);
    }
    expect(loaded.lexical.search('7059', 1)[0]!.id).toBe('a_chifeng_2012#p1');
  });

  it('builds an exact (brute) index when asked', async () => {
    const dir = await newIndexDir();
    await build(dir, [reportA], { vectorIndex: 'brute' });
    const loaded = await loadIndex(dir);
    expect(loaded.vector.kind).toBe('brute');
    expect(loaded.manifest.vectors.kind).toBe('brute');
  });

  it('refuses two reports with the same id', async () => {
    const twin = { ...reportB, id: reportA.id, source: 'corpus/a_chifeng_2012.html' };
    await expect(build(await newIndexDir(), [reportA, twin])).rejects.toMatchObject({ code: 'INVALID_INPUT_FILE' });
  });
});

describe('incremental builds', () => {
  it('reuses vectors of unchanged reports and embeds only what changed', async () => {
    const dir = await newIndexDir();
    const first = await build(dir, [reportA, reportB]);
    const changedB = makeReport({ id: reportB.id, paragraphs: [['一、总体情况', '2019年全年主动公开政府信息400条。']] });
    const embedder = new FakeEmbedder();
    const second = await buildIndex({ reports: [reportA, changedB, reportC], embedder, config, dir, previous: first.index });
    expect(second.stats).toEqual({ embedded: 2, reused: 3, reportsEmbedded: [reportB.id, reportC.id], reportsReused: [reportA.id] });
    expect(embedder.texts).toEqual([...changedB.chunks, ...reportC.chunks].map((c) => c.norm));
    const loaded = await loadIndex(dir);
    expect(loaded.manifest.counts).toEqual({ reports: 3, chunks: 5, embedded: 2, reused: 3 });
    const before = first.index.vector.vectorOf(0);
    expect(loaded.vector.vectorOf(0)).toEqual(before);
  });

  it('re-embeds a chunk whose text changed although its file did not (ingest changed)', async () => {
    const dir = await newIndexDir();
    const first = await build(dir, [reportA]);
    const reparsed = structuredClone(reportA);
    reparsed.chunks[1]!.norm += ' 补充';
    const embedder = new FakeEmbedder();
    const second = await buildIndex({ reports: [reparsed], embedder, config, dir, previous: first.index });
    expect(second.stats).toMatchObject({ embedded: 1, reused: 2 });
    expect(embedder.texts).toEqual([reparsed.chunks[1]!.norm]);
  });

  it('re-embeds everything when the previous index came from another embedder', async () => {
    const dir = await newIndexDir();
    const first = await build(dir, [reportA]);
    const other = new FakeEmbedder('fake-bigram-32-v2');
    const second = await buildIndex({ reports: [reportA], embedder: other, config, dir, previous: first.index });
    expect(second.stats).toMatchObject({ embedded: 3, reused: 0 });
    await expect(loadIndex(dir, { embedderId: 'fake-bigram-32-v2' })).resolves.toBeTruthy();
  });
});

describe('atomic builds', () => {
  it('keeps the previous index loadable when embedding fails mid-build', async () => {
    const dir = await newIndexDir();
    const first = await build(dir, [reportA]);
    const failing = new FakeEmbedder('fake-bigram-32', 32, 2); // maxEmbeddingsPerCall 4: call 2 is mid-corpus
    await expect(build(dir, [reportA, reportB, reportC], { embedder: failing })).rejects.toThrow('failed on call 2');
    const loaded = await loadIndex(dir);
    expect(loaded.manifest).toEqual(first.index.manifest);
    expect(await generations(dir)).toEqual([first.index.manifest.generation]);
  });

  it('keeps the previous index loadable when writing fails half-way, and removes the partial generation', async () => {
    const dir = await newIndexDir();
    const first = await build(dir, [reportA]);
    const onProgress = (phase: string, done: number) => {
      if (phase === 'write' && done === 2) throw new Error('disk full (simulated)');
    };
    await expect(build(dir, [reportA, reportB], { onProgress })).rejects.toThrow('disk full');
    expect((await loadIndex(dir)).manifest).toEqual(first.index.manifest);
    expect(await generations(dir)).toEqual([first.index.manifest.generation]);
    expect((await fs.readdir(dir)).filter((e) => e.endsWith('.tmp'))).toEqual([]);
  });

  it('ignores leftovers of a crashed build and cleans them up on the next one, keeping one old generation', async () => {
    const dir = await newIndexDir();
    const first = await build(dir, [reportA]);
    await fs.mkdir(path.join(dir, 'gen-crashed-build'));
    await fs.writeFile(path.join(dir, 'gen-crashed-build', 'reports.json'), '[{"id":');
    expect((await loadIndex(dir)).manifest.generation).toBe(first.index.manifest.generation);
    const second = await build(dir, [reportA, reportB]);
    const third = await build(dir, [reportA, reportB, reportC]);
    expect((await generations(dir)).sort()).toEqual([second.index.manifest.generation, third.index.manifest.generation].sort());
    expect((await loadIndex(dir)).reports).toHaveLength(3);
  });

  it('keeps files that are not its own (e.g. index/README.md)', async () => {
    const dir = await newIndexDir();
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'README.md'), '# index/\n');
    await build(dir, [reportA]);
    await build(dir, [reportB]);
    expect(await fs.readFile(path.join(dir, 'README.md'), 'utf8')).toBe('# index/\n');
  });
});

describe('edge cases', () => {
  it('builds and loads an empty corpus', async () => {
    const dir = await newIndexDir();
    await build(dir, []);
    const loaded = await loadIndex(dir);
    expect(loaded.vector.size).toBe(0);
    expect(loaded.vector.search(new Array(32).fill(0.1), 5)).toEqual([]);
    expect(loaded.lexical.search('公开', 5)).toEqual([]);
  });
});
