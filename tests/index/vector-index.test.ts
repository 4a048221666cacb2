import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureRecall } from '../../src/index/recall.js';
import { createVectorIndex, loadVectorIndex } from '../../src/index/vector-factory.js';
import type { VectorIndexOptions } from '../../src/index/vector-index.js';
import { clusteredVectors, seededRandom, tempDir } from './helpers.js';
import { vectorIndexContract } from './vector-index.case.js';

const HNSW = { m: 16, efConstruction: 200, efSearch: 64 };
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

vectorIndexContract('brute', (dimension) => createVectorIndex({ kind: 'brute', dimension }));
vectorIndexContract('hnsw', (dimension) => createVectorIndex({ kind: 'hnsw', dimension, ...HNSW }));

describe('createVectorIndex', () => {
  it.each([
    [{ kind: 'hnsw', dimension: 8, m: 1, efConstruction: 200, efSearch: 64 }, 'm'],
    [{ kind: 'hnsw', dimension: 8, m: 16, efConstruction: 200 }, 'efSearch'],
    [{ kind: 'brute', dimension: 0 }, 'dimension'],
    [{ kind: 'annoy', dimension: 8 }, 'kind'],
  ])('rejects bad options with INVALID_CONFIG naming the field (%j)', (options, field) => {
    expect(() => createVectorIndex(options as VectorIndexOptions)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining(field) }));
  });
});

describe('loadVectorIndex', () => {
  it('names the file when the descriptor is missing or the data is damaged', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    await expect(loadVectorIndex(dir, { efSearch: 64 })).rejects.toThrow('vector-index.json');
    for (const [kind, file] of [['brute', 'vectors.f32'], ['hnsw', 'vectors.hnsw']] as const) {
      const index = createVectorIndex(kind === 'brute' ? { kind, dimension: 4 } : { kind, dimension: 4, ...HNSW });
      index.add([[1, 0, 0, 0], [0, 1, 0, 0]], [0, 1]);
      await index.save(dir);
      const data = await fs.readFile(path.join(dir, file));
      await fs.writeFile(path.join(dir, file), data.subarray(0, data.length - 8));
      await expect(loadVectorIndex(dir, { efSearch: 64 })).rejects.toThrow(file);
    }
  });
});

describe('HNSW recall', () => {
  // Spread 2 makes clusters overlap enough that efSearch matters (recall@10 is ~0.71 at ef = 10).
  const points = clusteredVectors(seededRandom(2024), 2200, 64, 40, 2);
  const stored = points.slice(0, 2000);
  // Held-out queries from the same clusters, so no query is trivially its own neighbour.
  const queries = points.slice(2000);

  it('reaches recall@10 ≥ 0.95 against brute force on 2,000 clustered vectors of dimension 64', () => {
    const report = measureRecall(stored, { ...HNSW, k: 10, queries });
    console.log(`recall@10 ${report.recall.toFixed(4)} over ${report.queries} queries, build ${report.buildMs.toFixed(0)} ms, ${report.queryMs.toFixed(3)} ms/query`);
    expect(report.points).toBe(2000);
    expect(report.queries).toBe(200);
    expect(report.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('applies efSearch again after loading (hnswlib does not persist it)', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const index = createVectorIndex({ kind: 'hnsw', dimension: 64, ...HNSW });
    index.add(stored, stored.map((_, i) => i));
    await index.save(dir);
    const exact = createVectorIndex({ kind: 'brute', dimension: 64 });
    exact.add(stored, stored.map((_, i) => i));
    const recallAt = async (efSearch: number) => {
      const loaded = await loadVectorIndex(dir, { efSearch });
      let found = 0;
      for (const q of queries) {
        const truth = new Set(exact.search(q, 10).map((h) => h.label));
        found += loaded.search(q, 10).filter((h) => truth.has(h.label)).length;
      }
      return found / (queries.length * 10);
    };
    expect(await recallAt(64)).toBeGreaterThanOrEqual(0.95);
    expect(await recallAt(10)).toBeLessThan(0.9);
  });

  it('samples stored vectors as queries when none are given', () => {
    const points = clusteredVectors(seededRandom(5), 500, 16, 10);
    const report = measureRecall(points, { ...HNSW, sampleSize: 50 });
    expect(report.queries).toBe(50);
    expect(report.k).toBe(10);
    expect(report.recall).toBeGreaterThan(0.9);
  });
});
