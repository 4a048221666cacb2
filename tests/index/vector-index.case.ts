/**
 * The VectorIndex contract suite, run against every implementation (as Hono runs one router suite
 * against every router). `create(dimension)` returns an empty index of the implementation under test.
 */
import fs from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { loadVectorIndex } from '../../src/index/vector-factory.js';
import type { VectorIndex } from '../../src/index/vector-index.js';
import { clusteredVectors, seededRandom, tempDir } from './helpers.js';

const DIM = 16;

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (Math.hypot(...a) * Math.hypot(...b));
}

export function vectorIndexContract(name: string, create: (dimension: number) => VectorIndex): void {
  describe(`VectorIndex contract: ${name}`, () => {
    const vectors = clusteredVectors(seededRandom(7), 300, DIM, 6);
    const labels = vectors.map((_, i) => i * 3 + 1); // sparse labels: the index must not assume 0..n-1
    const filled = () => {
      const index = create(DIM);
      index.add(vectors, labels);
      return index;
    };
    const dirs: string[] = [];
    afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

    it('finds each stored vector as its own nearest neighbour', () => {
      const index = filled();
      expect(index.size).toBe(vectors.length);
      expect(index.dimension).toBe(DIM);
      vectors.forEach((v, i) => {
        const [top] = index.search(v, 1);
        expect(top!.label).toBe(labels[i]);
        expect(top!.score).toBeCloseTo(1, 5);
      });
    });

    it('returns k hits, best first, scored by cosine similarity', () => {
      const index = filled();
      const query = clusteredVectors(seededRandom(8), 1, DIM, 1)[0]!;
      const hits = index.search(query, 7);
      expect(hits).toHaveLength(7);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
      for (const hit of hits) expect(hit.score).toBeCloseTo(cosine(query, vectors[labels.indexOf(hit.label)]!), 4);
    });

    it('returns fewer hits when k exceeds the size, none for k = 0 or an empty index', () => {
      const index = create(DIM);
      expect(index.search(vectors[0]!, 5)).toEqual([]);
      index.add(vectors.slice(0, 3), [10, 11, 12]);
      expect(index.search(vectors[0]!, 50)).toHaveLength(3);
      expect(index.search(vectors[0]!, 0)).toEqual([]);
    });

    it('applies a label filter inside the search', () => {
      const index = filled();
      const allowed = new Set(labels.filter((_, i) => i % 50 === 0));
      const hits = index.search(vectors[1]!, 4, (label) => allowed.has(label));
      expect(hits).toHaveLength(4);
      expect(hits.every((h) => allowed.has(h.label))).toBe(true);
      // A filter narrower than k yields just what it allows, not an error.
      expect(index.search(vectors[1]!, 5, (label) => label === labels[200]).map((h) => h.label)).toEqual([labels[200]]);
      expect(index.search(vectors[1]!, 5, () => false)).toEqual([]);
    });

    it('grows across several add calls and replaces a re-added label', () => {
      const index = create(DIM);
      index.add(vectors.slice(0, 100), labels.slice(0, 100));
      index.add(vectors.slice(100), labels.slice(100));
      expect(index.size).toBe(vectors.length);
      index.add([vectors[5]!], [labels[0]!]);
      expect(index.size).toBe(vectors.length);
      expect(cosine(index.vectorOf(labels[0]!), vectors[5]!)).toBeCloseTo(1, 5);
    });

    it('gives back stored vectors at unit length and rejects unknown labels', () => {
      const index = filled();
      const stored = index.vectorOf(labels[42]!);
      expect(Math.hypot(...stored)).toBeCloseTo(1, 5);
      expect(cosine(stored, vectors[42]!)).toBeCloseTo(1, 5);
      expect(() => index.vectorOf(2)).toThrow(RangeError);
    });

    it('rejects vectors of the wrong dimension and mismatched labels', () => {
      const index = create(DIM);
      expect(() => index.add([[1, 2, 3]], [0])).toThrow(RangeError);
      expect(() => index.add([vectors[0]!], [0, 1])).toThrow(RangeError);
      expect(() => index.add([vectors[0]!], [-1])).toThrow(RangeError);
      expect(() => index.search([1, 2], 1)).toThrow(RangeError);
    });

    it('saves and loads to identical results', async () => {
      const index = filled();
      const dir = await tempDir();
      dirs.push(dir);
      await index.save(dir);
      const loaded = await loadVectorIndex(dir, { efSearch: 64 });
      expect(loaded.kind).toBe(index.kind);
      expect(loaded.size).toBe(index.size);
      expect(loaded.dimension).toBe(DIM);
      const queries = clusteredVectors(seededRandom(9), 20, DIM, 6);
      for (const q of queries) expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
    });
  });
}
