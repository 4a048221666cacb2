/**
 * Keeping index/ in step with corpus/ (prepareIndex): start-up reads no unchanged file, a touched file
 * with the same bytes is not re-indexed, one new report is one small incremental generation embedded
 * with the frozen model, and the model is derived again only when asked or when the vocabulary drifts.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { prepareIndex, type Prepared } from '../../src/index/maintain.js';
import { tempDir } from './helpers.js';

const SEEDS = path.resolve('corpus');
const roots: string[] = [];
const opened: Prepared[] = [];
afterAll(async () => {
  for (const p of opened) p.index.close();
  await Promise.all(roots.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function setup(files: string[]): Promise<Config> {
  const root = await tempDir();
  roots.push(root);
  await fs.mkdir(path.join(root, 'corpus'));
  for (const f of files) await fs.copyFile(path.join(SEEDS, f), path.join(root, 'corpus', f));
  return loadConfig({ root, embedDim: 32 }, {});
}

async function prepare(config: Config, options: Parameters<typeof prepareIndex>[1] = {}): Promise<Prepared> {
  const p = await prepareIndex(config, options);
  opened.push(p);
  return p;
}

let seeds: string[];
beforeAll(async () => {
  seeds = (await fs.readdir(SEEDS)).filter((f) => f.endsWith('.txt')).sort();
});

describe('prepareIndex', () => {
  it('builds once, then loads without reading files; a touched file is recorded, not re-embedded', async () => {
    const config = await setup(seeds.slice(0, 2));
    const first = await prepare(config);
    expect(first.stats).toMatchObject({ full: true, reason: 'no index yet' });
    expect(first.index.summaries).toHaveLength(2);

    const again = await prepare(config);
    expect(again.stats).toBeNull();
    expect(again.index.info.generation).toBe(first.index.info.generation);

    const file = path.join(config.root, 'corpus', seeds[0]!);
    const later = new Date(Date.now() + 5000);
    await fs.utimes(file, later, later);
    const touched = await prepare(config);
    expect(touched.stats).toMatchObject({ full: false, embedded: 0, reportsEmbedded: [] });
    expect((await prepare(config)).stats).toBeNull();
  });

  it('adds one report incrementally with the frozen model, and removes a deleted one', async () => {
    // A two-report model knows few of a third report's words: allow any drift to see the incremental path.
    const config = { ...(await setup(seeds.slice(0, 2))), modelDriftMax: 1 };
    const first = await prepare(config);
    await fs.copyFile(path.join(SEEDS, seeds[2]!), path.join(config.root, 'corpus', seeds[2]!));
    const added = await prepare(config);
    expect(added.stats).toMatchObject({ full: false, reportsEmbedded: [seeds[2]!.replace(/\.txt$/, '')] });
    expect(added.stats!.embedded).toBe((await added.index.report(seeds[2]!.replace(/\.txt$/, '')))!.chunks.length);
    expect(added.embedder.id).toBe(first.embedder.id);
    expect(added.index.storeDir).toBe(first.index.storeDir);
    expect(added.stats!.drift).toBeGreaterThanOrEqual(0);

    await fs.rm(path.join(config.root, 'corpus', seeds[0]!));
    const removed = await prepare(config);
    expect(removed.stats).toMatchObject({ full: false, embedded: 0, reportsRemoved: [seeds[0]!.replace(/\.txt$/, '')] });
    expect(removed.index.summaries.map((s) => s.source).sort()).toEqual(seeds.slice(1, 3).map((f) => f));
  });

  it('derives the model again on --rebuild-model or when the vocabulary drifts past modelDriftMax', async () => {
    const config = await setup(seeds.slice(0, 1));
    const first = await prepare(config);
    const rebuilt = await prepare(config, { rebuildModel: true });
    expect(rebuilt.stats).toMatchObject({ full: true, embedded: first.index.vectors.size });
    expect(rebuilt.index.storeDir).not.toBe(first.index.storeDir);

    // Reports of another place and style bring words the one-report model never saw.
    const strict = { ...config, modelDriftMax: 0.001 };
    for (const f of seeds.slice(1, 3)) await fs.copyFile(path.join(SEEDS, f), path.join(config.root, 'corpus', f));
    const drifted = await prepare(strict);
    expect(drifted.stats).toMatchObject({ full: true, reason: expect.stringContaining('vocabulary drift') });
    expect(drifted.stats!.drift).toBeGreaterThan(0.001);
    expect(drifted.embedder.id).not.toBe(first.embedder.id);
    expect(drifted.index.summaries).toHaveLength(3);
  });

  it('indexes both files of one base name (dup.md + dup.txt) under distinct ids, with a warning, and keeps the ids on later builds', async () => {
    const config = await setup(seeds.slice(0, 1));
    const text = await fs.readFile(path.join(SEEDS, seeds[1]!), 'utf8');
    await fs.writeFile(path.join(config.root, 'corpus', 'dup.md'), text);
    await fs.writeFile(path.join(config.root, 'corpus', 'dup.txt'), text);
    const lines: string[] = [];
    const p = await prepare(config, { log: (l) => lines.push(l) });
    const ids = Object.fromEntries(p.index.summaries.map((s) => [s.source, s.id]));
    expect(ids).toEqual({ [`${seeds[0]}`]: seeds[0]!.replace(/\.txt$/, ''), 'dup.md': 'dup', 'dup.txt': 'dup-txt' });
    expect(lines.some((l) => l.includes('dup.txt') && l.includes('dup-txt') && l.includes('dup.md'))).toBe(true);
    expect(p.skipped).toEqual([]);
    // The renamed report's chunks carry its id, so citations of the two files never collide.
    const renamed = await p.index.report('dup-txt');
    expect(renamed!.chunks.every((c) => c.reportId === 'dup-txt' && c.id.startsWith('dup-txt#'))).toBe(true);
    expect(renamed!.warnings.join('\n')).toContain('dup-txt');

    // dup.txt changes: it keeps its id; dup.md leaves: dup.txt still keeps it (ids do not move under users).
    await fs.appendFile(path.join(config.root, 'corpus', 'dup.txt'), '\n本报告另附说明。\n');
    const changed = await prepare(config);
    expect(changed.index.summaries.find((s) => s.source === 'dup.txt')!.id).toBe('dup-txt');
    await fs.rm(path.join(config.root, 'corpus', 'dup.md'));
    await fs.utimes(path.join(config.root, 'corpus', 'dup.txt'), new Date(), new Date(Date.now() + 5000));
    const after = await prepare(config);
    expect(after.index.summaries.map((s) => s.id).sort()).toEqual([seeds[0]!.replace(/\.txt$/, ''), 'dup-txt']);
  });

  it('re-reads a report when its sidecar under the base name (name.meta.json) appears or changes', async () => {
    const config = await setup(seeds.slice(0, 1));
    const first = await prepare(config);
    const id = seeds[0]!.replace(/\.txt$/, '');
    expect(first.index.summariesById.get(id)!.year).not.toBe(2001);
    await fs.writeFile(path.join(config.root, 'corpus', `${id}.meta.json`), JSON.stringify({ year: 2001 }));
    const updated = await prepare(config);
    expect(updated.stats).toMatchObject({ full: false, reportsEmbedded: [id] });
    expect(updated.index.summariesById.get(id)!.year).toBe(2001);
    expect((await prepare(config)).stats).toBeNull();
  });

  it('with noBuild, says the index is stale instead of building', async () => {
    const config = await setup(seeds.slice(0, 1));
    await expect(prepareIndex(config, { noBuild: true })).rejects.toMatchObject({ code: 'INDEX_NOT_READY' });
    await prepare(config);
    await fs.copyFile(path.join(SEEDS, seeds[1]!), path.join(config.root, 'corpus', seeds[1]!));
    await expect(prepareIndex(config, { noBuild: true })).rejects.toMatchObject({ code: 'INDEX_NOT_READY', message: expect.stringContaining(seeds[1]!) });
  });
});
