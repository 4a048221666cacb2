/**
 * The contract every `Embedder` keeps, as one suite run against each implementation (the way Hono
 * runs `router/common.case.test.ts` against every router). `factory` is called twice, to check that
 * separate instances agree.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { embedMany, type Embedder } from '../../src/embed/embedder.js';

const TEXTS = [
  '赤峰市2012年全年受理依申请公开8件。',
  '株洲市蘆淞區人民政府2013年政府信息公開年度報告',
  '政府集中采购 | 2 | 49.1400',
  'RSS订阅 2019',
  '市政府门户网站访问量达到179万余人次',
];
const TOLERANCE = 1e-5;

const norm = (v: number[]) => Math.hypot(...v);
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));

/** Registers the contract tests for one implementation. */
export function describeEmbedderContract(name: string, factory: () => Embedder | Promise<Embedder>): void {
  describe(`Embedder contract: ${name}`, () => {
    let embedder: Embedder;
    let other: Embedder;
    beforeAll(async () => {
      embedder = await factory();
      other = await factory();
    });

    it('has a non-empty id, a positive dimension and batch limit', () => {
      expect(embedder.id).toMatch(/\S/);
      expect(Number.isInteger(embedder.dimension) && embedder.dimension > 0).toBe(true);
      expect(embedder.maxEmbeddingsPerCall).toBeGreaterThan(0);
    });

    it('returns one vector of `dimension` numbers per text, in order', async () => {
      const vectors = await embedder.embed(TEXTS, { kind: 'passage' });
      expect(vectors).toHaveLength(TEXTS.length);
      for (const v of vectors) {
        expect(v).toHaveLength(embedder.dimension);
        expect(v.every(Number.isFinite)).toBe(true);
      }
      expect(maxDiff(vectors[0]!, vectors[1]!)).toBeGreaterThan(TOLERANCE);
    });

    it('returns unit-length vectors', async () => {
      for (const v of await embedder.embed(TEXTS, { kind: 'passage' })) expect(norm(v)).toBeCloseTo(1, 4);
    });

    it('is deterministic across calls and instances', async () => {
      const a = await embedder.embed(TEXTS, { kind: 'passage' });
      const b = await embedder.embed(TEXTS, { kind: 'passage' });
      const c = await other.embed(TEXTS, { kind: 'passage' });
      expect(other.id).toBe(embedder.id);
      a.forEach((v, i) => {
        expect(maxDiff(v, b[i]!)).toBeLessThan(TOLERANCE);
        expect(maxDiff(v, c[i]!)).toBeLessThan(TOLERANCE);
      });
    });

    it('gives the same vectors in a batch as one text at a time', async () => {
      const batch = await embedder.embed(TEXTS, { kind: 'passage' });
      for (const [i, text] of TEXTS.entries()) {
        const [single] = await embedder.embed([text], { kind: 'passage' });
        expect(maxDiff(batch[i]!, single!)).toBeLessThan(TOLERANCE);
      }
    });

    it('embeds both query and passage kinds', async () => {
      const [q] = await embedder.embed(['赤峰2012年依申请公开多少件'], { kind: 'query' });
      const [p] = await embedder.embed(['赤峰2012年依申请公开多少件'], { kind: 'passage' });
      for (const v of [q!, p!]) {
        expect(v).toHaveLength(embedder.dimension);
        expect(norm(v)).toBeCloseTo(1, 4);
      }
    });

    it('handles the empty string with a finite unit vector', async () => {
      const [v] = await embedder.embed([''], { kind: 'query' });
      expect(v).toHaveLength(embedder.dimension);
      expect(v!.every(Number.isFinite)).toBe(true);
      expect(norm(v!)).toBeCloseTo(1, 4);
    });

    it('returns nothing for no texts', async () => {
      expect(await embedder.embed([], { kind: 'passage' })).toEqual([]);
    });

    it('stops when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('stop'));
      await expect(embedMany(embedder, TEXTS, { kind: 'passage', signal: controller.signal })).rejects.toThrow('stop');
    });

    it('batches through embedMany without changing the vectors', async () => {
      const direct = await embedder.embed(TEXTS, { kind: 'passage' });
      const seen: number[] = [];
      const batched = await embedMany(embedder, TEXTS, { kind: 'passage', batchSize: 2, onProgress: (done) => seen.push(done) });
      expect(seen).toEqual([2, 4, 5]);
      batched.forEach((v, i) => expect(maxDiff(v, direct[i]!)).toBeLessThan(TOLERANCE));
    });
  });
}
