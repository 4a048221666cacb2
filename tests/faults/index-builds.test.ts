/**
 * Builds that collide: 50 pairs of `npm run index -- --force` started at the same moment on one index
 * (every fifth pair with one of the two killed with SIGKILL at a random point). Each process either
 * completes or exits at once with one line saying another build is running; after every pair the
 * manifest names a complete store that verifies against its checksums, holds every report, and no
 * store but the current and the one it replaced is left.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../src/index/manifest.js';
import { IndexSnapshot } from '../../src/index/snapshot.js';
import { verifyStore } from '../../src/index/verify.js';
import { ROOT, runCli, startCli } from './proc.js';

const PAIRS = 50;
let root: string;
let reports: number;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(process.env.TMPDIR ?? '/tmp', 'nianbao-builds-'));
  await fs.mkdir(path.join(root, 'corpus'));
  const seeds = (await fs.readdir(path.join(ROOT, 'corpus'))).filter((f) => /^\d{3}_.*\.txt$/.test(f));
  for (const f of seeds) await fs.copyFile(path.join(ROOT, 'corpus', f), path.join(root, 'corpus', f));
  reports = seeds.length;
  const first = await runCli(root, ['index']);
  expect(first.code, first.output).toBe(0);
});

afterAll(() => fs.rm(root, { recursive: true, force: true }));

/** A seeded random sequence (the same kills on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe(`${PAIRS} pairs of parallel builds`, () => {
  it('always leave a manifest naming a complete store that verifies', { timeout: 1_200_000 }, async () => {
    const dir = path.join(root, 'index');
    const next = random(12);
    const outcomes = { built: 0, busy: 0, killed: 0 };
    for (let pair = 0; pair < PAIRS; pair++) {
      const runs = [startCli(root, ['index', '--force']), startCli(root, ['index', '--force'])];
      if (pair % 5 === 4) {
        const victim = runs[Math.floor(next() * 2)]!;
        setTimeout(() => victim.child.kill('SIGKILL'), 500 + next() * 3000);
      }
      for (const { code, signal, output } of await Promise.all(runs.map((r) => r.done))) {
        if (signal === 'SIGKILL') outcomes.killed++;
        else if (code === 0) outcomes.built++;
        else {
          // The loser says why in one line and leaves the index alone.
          expect(output, output).toMatch(/INDEX_BUSY|另一个索引构建正在进行/);
          expect(output.trim().split('\n').filter((l) => /另一个索引构建正在进行/.test(l))).toHaveLength(1);
          outcomes.busy++;
        }
      }
      const manifest = readManifest(dir);
      expect(verifyStore(dir, manifest.store, manifest.files), `pair ${pair}`).toEqual([]);
      const index = await IndexSnapshot.open(dir, path.join(dir, manifest.store));
      try {
        expect(index.summaries, `pair ${pair}`).toHaveLength(reports);
      } finally {
        index.close();
      }
      const stores = (await fs.readdir(dir)).filter((n) => n.startsWith('store-'));
      // A killed build's half-written store is removed by the next build; none other stays.
      expect(stores.filter((s) => s !== manifest.store && s !== manifest.previous).length, `pair ${pair}: ${stores.join(', ')}`).toBeLessThanOrEqual(1);
    }
    // Every pair built at least once, unless its builder was the one killed.
    expect(outcomes.built + outcomes.killed).toBeGreaterThanOrEqual(PAIRS);
    expect(outcomes.busy).toBeGreaterThan(0);
    // After everything, a plain build finds the index verified and up to date.
    const last = await runCli(root, ['index']);
    expect(last.code, last.output).toBe(0);
    expect(last.output).toContain('校验无误');
    console.log(`parallel builds: ${JSON.stringify(outcomes)}`);
  });
});
