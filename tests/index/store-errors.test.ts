import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { readManifest } from '../../src/index/manifest.js';
import { IndexSnapshot } from '../../src/index/snapshot.js';
import { FakeEmbedder, makeReport, tempDir } from './helpers.js';

const config = { hnswM: 16, hnswEfConstruction: 100, hnswEfSearch: 64, embedBatchSize: 32 };
const reports = [
  makeReport({ id: 'r1', paragraphs: [['一、概述', '全年主动公开政府信息24215条。']] }),
  makeReport({ id: 'r2', paragraphs: [['一、概述', '全年受理依申请公开8件。'], ['二、收费', '未收取费用。']] }),
];

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((d) => fs.rm(d, { recursive: true, force: true }))));

let dir: string;
let storeDir: string;
beforeEach(async () => {
  const root = await tempDir();
  roots.push(root);
  dir = path.join(root, 'index');
  // A graph over every row, so the graph file is part of what can break.
  const built = await buildIndex({ reports, embedder: new FakeEmbedder(), config, dir, graphTailMax: 1 });
  storeDir = built.index.storeDir;
  built.index.close();
});

const load = () => IndexSnapshot.open(dir, path.join(dir, readManifest(dir).store));

describe('loading errors name the file and the fix', () => {
  it('INDEX_NOT_READY when the directory or its manifest is missing', async () => {
    const missing = path.join(dir, 'nope');
    expect(() => readManifest(missing)).toThrow(expect.objectContaining({ code: 'INDEX_NOT_READY', message: expect.stringContaining('npm run index') }));
  });

  it('INDEX_CORRUPT naming manifest.json when it cannot be parsed, lacks fields or names a missing store', async () => {
    const file = path.join(dir, 'manifest.json');
    for (const text of ['{"formatVersion": 2', '{"formatVersion": 2, "store": "../../etc", "createdAt": ""}', '{"formatVersion": 2, "store": "store-gone", "createdAt": ""}']) {
      await fs.writeFile(file, text);
      expect(() => readManifest(dir)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT', message: expect.stringContaining('manifest.json') }));
    }
  });

  it('INDEX_INCOMPATIBLE on another format version', async () => {
    await fs.writeFile(path.join(dir, 'manifest.json'), '{"formatVersion": 1, "generation": "gen-x"}');
    expect(() => readManifest(dir)).toThrow(expect.objectContaining({ code: 'INDEX_INCOMPATIBLE' }));
  });

  it('INDEX_CORRUPT naming nianbao.db when the database is not one', async () => {
    for (const f of await fs.readdir(storeDir)) if (f.startsWith('nianbao.db')) await fs.rm(path.join(storeDir, f));
    await fs.writeFile(path.join(storeDir, 'nianbao.db'), 'this is not a database, it is a sentence long enough to look like a header');
    await expect(load()).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('nianbao.db') });
  });

  it('INDEX_CORRUPT naming vectors.f32 when it holds fewer vectors than the store committed', async () => {
    await fs.truncate(path.join(storeDir, 'vectors.f32'), 100);
    await expect(load()).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('vectors.f32') });
  });

  it('a damaged graph file: the index still answers, by exact search, and says why', async () => {
    const graph = (await fs.readdir(storeDir)).find((f) => f.startsWith('hnsw-'))!;
    await fs.writeFile(path.join(storeDir, graph), Buffer.alloc(64, 1));
    const snapshot = await load();
    await snapshot.ready();
    expect(snapshot.graphState).toMatch(new RegExp(`^failed: .*${graph}`));
    const [vector] = await new FakeEmbedder().embed([reports[1]!.chunks[0]!.norm], { kind: 'query' });
    expect((await snapshot.vectors.search(vector!, 1))[0]!.id).toBe(reports[1]!.chunks[0]!.id);
    snapshot.close();
  });

  it('INDEX_CORRUPT naming the graph file when it is missing', async () => {
    const graph = (await fs.readdir(storeDir)).find((f) => f.startsWith('hnsw-'))!;
    await fs.rm(path.join(storeDir, graph));
    await expect(load()).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining(graph) });
  });
});
