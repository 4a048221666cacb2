import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex, type BuildIndexOptions } from '../../src/index/build.js';
import { acquireBuildLock, readManifest } from '../../src/index/manifest.js';
import { IndexSnapshot } from '../../src/index/snapshot.js';
import { summarizeReport } from '../../src/ingest/index.js';
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

const roots: string[] = [];
const opened: IndexSnapshot[] = [];
afterAll(async () => {
  for (const s of opened) s.close();
  await Promise.all(roots.map((d) => fs.rm(d, { recursive: true, force: true })));
});
async function newIndexDir(): Promise<string> {
  const root = await tempDir();
  roots.push(root);
  return path.join(root, 'index');
}

async function build(dir: string, reports: Report[], extra: Partial<BuildIndexOptions> = {}) {
  const built = await buildIndex({ reports, embedder: new FakeEmbedder(), config, dir, ...extra });
  opened.push(built.index);
  return built;
}

async function open(dir: string, options = {}): Promise<IndexSnapshot> {
  const snapshot = await IndexSnapshot.open(dir, path.join(dir, readManifest(dir).store), options);
  opened.push(snapshot);
  await snapshot.ready();
  return snapshot;
}

/** Each chunk's own text must find it first. */
async function expectSelfRetrieval(index: IndexSnapshot, reports: Report[]): Promise<void> {
  const embedder = new FakeEmbedder();
  for (const chunk of reports.flatMap((r) => r.chunks)) {
    const [vector] = await embedder.embed([chunk.norm], { kind: 'query' });
    expect((await index.vectors.search(vector!, 1))[0]?.id).toBe(chunk.id);
  }
}

describe('buildIndex → IndexSnapshot', () => {
  it('round-trips reports, summaries, chunks, vectors and lexical statistics', async () => {
    const dir = await newIndexDir();
    const phases = new Set<string>();
    const built = await build(dir, [reportA, reportB, reportC], { onProgress: (phase) => phases.add(phase) });
    expect([...phases]).toEqual(['embed', 'vectors', 'write']);
    expect(built.stats).toMatchObject({ embedded: 6, reused: 0, reportsEmbedded: [reportA.id, reportB.id, reportC.id] });

    const loaded = await open(dir);
    expect(await loaded.report(reportA.id)).toEqual(reportA);
    expect(loaded.summaries.map(({ id, title, region, year, regionPath, script, source, body }) => ({ id, source, title, region, body, year, regionPath, script }))).toEqual(
      [reportA, reportB, reportC].map(summarizeReport),
    );
    expect(loaded.info).toMatchObject({ embedder: { id: 'fake-bigram-32', dimension: 32 }, counts: { reports: 3, chunks: 6 } });
    expect((await loaded.chunks(['a_chifeng_2012#p2', 'nope#p1']))[0]!.text).toContain('8件');
    expect(await loaded.chunks(['nope#p1'])).toEqual([]);
    await expectSelfRetrieval(loaded, [reportA, reportB, reportC]);
    expect((await loaded.lexical.search(['7059'], 1))[0]!.id).toBe('a_chifeng_2012#p1');
    const inB = (await loaded.lexical.search(['主动公开'], 5, { reportIds: [reportB.id] })).map((h) => h.id);
    expect(inB[0]).toBe('b_suifenhe_2019#p2');
    expect(inB.every((id) => id.startsWith(reportB.id))).toBe(true);
    expect(await loaded.lexical.search(['7059'], 5, { reportIds: [reportB.id] })).toEqual([]);
    expect(await loaded.sectionChunks(reportA.id, ['三、依申请公开情况'])).toEqual([reportA.chunks[1]]);
  });

  it('refuses two reports with the same id', async () => {
    const twin = { ...reportB, id: reportA.id, source: 'corpus/a_chifeng_2012.html' };
    await expect(build(await newIndexDir(), [reportA, twin])).rejects.toMatchObject({ code: 'INVALID_INPUT_FILE' });
  });

  it('searches through an HNSW graph, rows added after it exactly, and leaves out removed reports', async () => {
    const dir = await newIndexDir();
    await build(dir, [reportA, reportB], { graphTailMax: 2 });
    // Small thresholds make this tiny index take the large-corpus path: graph + tail scan, post-filtered.
    const large = { exactMaxVectors: 1, lexicalMaxReports: 1 };
    const withGraph = await open(dir, large);
    expect(withGraph.info.vectors.hnsw).toMatchObject({ watermark: 5 });
    expect(withGraph.graphState).toBe('ready');
    await expectSelfRetrieval(withGraph, [reportA, reportB]);
    await build(dir, [reportA, reportC], { graphTailMax: 100 });
    const after = await open(dir, large);
    expect(after.info.vectors.hnsw).toMatchObject({ watermark: 5 });
    await expectSelfRetrieval(after, [reportA, reportC]);
    const [vector] = await new FakeEmbedder().embed([reportB.chunks[1]!.norm], { kind: 'query' });
    const ids = (await after.vectors.search(vector!, 10)).map((h) => h.id);
    expect(ids.some((id) => id.startsWith(reportB.id))).toBe(false);
    // Lexical search over a scope too large to score whole ranks the candidates it is given.
    expect((await after.lexical.search(['7059'], 5, { candidates: ['a_chifeng_2012#p1', 'a_chifeng_2012#p2'] }))[0]!.id).toBe('a_chifeng_2012#p1');
    expect(await after.lexical.search(['7059'], 5)).toEqual([]);
  });
});

describe('incremental builds', () => {
  it('embeds only changed and new reports; a changed report keeps the vectors of its unchanged chunks', async () => {
    const dir = await newIndexDir();
    await build(dir, [reportA, reportB]);
    const changedA = structuredClone(reportA);
    changedA.chunks[1]!.norm += ' 补充';
    changedA.checksum = 'changed';
    const embedder = new FakeEmbedder();
    const second = await buildIndex({ reports: [changedA, reportB, reportC], embedder, config, dir });
    opened.push(second.index);
    expect(second.stats).toMatchObject({ embedded: 2, reused: 2, reportsEmbedded: [reportA.id, reportC.id], reportsRemoved: [] });
    expect(embedder.texts).toEqual([changedA.chunks[1]!.norm, reportC.chunks[0]!.norm]);
    expect(second.index.info.counts).toEqual({ reports: 3, chunks: 6 });
    await expectSelfRetrieval(second.index, [changedA, reportB, reportC]);
  });

  it('removes the reports of files that left the corpus', async () => {
    const dir = await newIndexDir();
    await build(dir, [reportA, reportB]);
    const second = await build(dir, [reportA]);
    expect(second.stats).toMatchObject({ embedded: 0, reportsRemoved: [reportB.id] });
    expect(second.index.summaries.map((s) => s.id)).toEqual([reportA.id]);
    expect(await second.index.lexical.search(['356'], 5)).toEqual([]);
  });

  it('builds a new store when the embedder changed, and deletes the old one', async () => {
    const dir = await newIndexDir();
    const first = await build(dir, [reportA]);
    const second = await build(dir, [reportA], { embedder: new FakeEmbedder('fake-bigram-32-v2') });
    expect(second.stats).toMatchObject({ embedded: 3, reused: 0 });
    expect(second.index.storeDir).not.toBe(first.index.storeDir);
    expect(second.index.info.embedder.id).toBe('fake-bigram-32-v2');
    const third = await build(dir, [reportA], { embedder: new FakeEmbedder('fake-bigram-32-v3') });
    const stores = (await fs.readdir(dir)).filter((e) => e.startsWith('store-'));
    // The replaced store stays for servers still reading it; older ones go.
    expect(stores.sort()).toEqual([path.basename(second.index.storeDir), path.basename(third.index.storeDir)].sort());
  });
});

describe('generations', () => {
  it('a loaded generation keeps its view while a newer one is published; refresh() moves to it', async () => {
    const dir = await newIndexDir();
    const first = await build(dir, [reportA, reportB]);
    const reader = await open(dir);
    const changedB = makeReport({ id: reportB.id, paragraphs: [['二、主动公开', '全年主动公开政府信息400条。']] });
    await build(dir, [reportA, changedB, reportC]);
    // The old generation still answers from what it had: the request that holds it is not disturbed.
    expect(reader.summaries.map((s) => s.id)).toEqual([reportA.id, reportB.id]);
    expect((await reader.report(reportB.id))!.text).toContain('356条');
    expect((await reader.lexical.search(['356'], 1))[0]?.id).toBe('b_suifenhe_2019#p2');
    const next = await reader.refresh();
    expect(next).not.toBe(reader);
    expect(next.info.generation).not.toBe(first.index.info.generation);
    expect(next.summaries.map((s) => s.id).sort()).toEqual([reportA.id, reportB.id, reportC.id].sort());
    expect((await next.report(reportB.id))!.text).toContain('400条');
    await expectSelfRetrieval(next, [reportA, changedB, reportC]);
    expect(await next.refresh()).toBe(next);
  });
});

describe('crashes and failures', () => {
  it('keeps the previous generation when embedding fails mid-build', async () => {
    const dir = await newIndexDir();
    const first = await build(dir, [reportA]);
    const failing = new FakeEmbedder('fake-bigram-32', 32, 1);
    await expect(build(dir, [reportA, reportB, reportC], { embedder: failing })).rejects.toThrow('failed on call 1');
    const loaded = await open(dir);
    expect(loaded.info.generation).toBe(first.index.info.generation);
    expect(loaded.summaries.map((s) => s.id)).toEqual([reportA.id]);
  });

  it('keeps the previous generation when writing fails before the commit', async () => {
    const dir = await newIndexDir();
    const first = await build(dir, [reportA]);
    const onProgress = (phase: string) => {
      if (phase === 'write') throw new Error('disk full (simulated)');
    };
    await expect(build(dir, [reportA, reportB], { onProgress })).rejects.toThrow('disk full');
    const loaded = await open(dir);
    expect(loaded.info.generation).toBe(first.index.info.generation);
    await expectSelfRetrieval(loaded, [reportA]);
  });

  it('ignores what a killed build left (a vector tail, a half-written graph, its lock) and the next build completes', async () => {
    const dir = await newIndexDir();
    const first = await build(dir, [reportA]);
    const storeDir = first.index.storeDir;
    await fs.appendFile(path.join(storeDir, 'vectors.f32'), Buffer.alloc(32 * 4 * 3, 7));
    await fs.writeFile(path.join(storeDir, 'hnsw-9.bin.tmp'), 'partial');
    await fs.writeFile(path.join(dir, '.build.lock'), '999999999\n');
    await expectSelfRetrieval(await open(dir), [reportA]);
    const second = await build(dir, [reportA, reportB], { graphTailMax: 1 });
    await expectSelfRetrieval(second.index, [reportA, reportB]);
    expect((await fs.readdir(storeDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a second build while one is running (its lock held), naming the holder', async () => {
    const dir = await newIndexDir();
    await build(dir, [reportA]);
    const release = acquireBuildLock(dir);
    try {
      await expect(build(dir, [reportA, reportB])).rejects.toMatchObject({ code: 'INDEX_BUSY', message: expect.stringContaining(`pid ${process.pid}`) });
    } finally {
      release();
    }
    await expectSelfRetrieval((await build(dir, [reportA, reportB])).index, [reportA, reportB]);
  });

  it('holds the lock whatever its pid file says (empty, as between a rival process creating and writing it; or a dead pid)', async () => {
    const dir = await newIndexDir();
    await build(dir, [reportA]);
    const release = acquireBuildLock(dir);
    try {
      for (const content of ['', '999999999\n']) {
        await fs.writeFile(path.join(dir, '.build.lock'), content);
        expect(() => acquireBuildLock(dir)).toThrow(expect.objectContaining({ code: 'INDEX_BUSY' }));
      }
    } finally {
      release();
    }
    // Released (as when its process dies): the next build takes it.
    acquireBuildLock(dir)();
  });

  it('keeps files that are not its own (e.g. index/README.md)', async () => {
    const dir = await newIndexDir();
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'README.md'), '# index/\n');
    await build(dir, [reportA]);
    await build(dir, [reportB], { embedder: new FakeEmbedder('other') });
    expect(await fs.readFile(path.join(dir, 'README.md'), 'utf8')).toBe('# index/\n');
  });

  it('builds and loads an empty corpus', async () => {
    const dir = await newIndexDir();
    await build(dir, []);
    const loaded = await open(dir);
    expect(loaded.vectors.size).toBe(0);
    expect(await loaded.vectors.search(new Array(32).fill(0.1), 5)).toEqual([]);
    expect(await loaded.lexical.search(['公开'], 5)).toEqual([]);
  });
});
