/**
 * A real engine over the seed corpus for server/answer tests: real ingest, index and retrieval, with
 * the deterministic hash embedder standing in for the model (fast, no model build), built once per
 * test file into a temp directory.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { buildIndex } from '../../src/index/index.js';
import { createHashEmbedder } from '../fakes/hash-embedder.js';
import { ROOT, seedReports } from './corpus.js';

let cached: Promise<{ engine: Engine; config: Config }> | undefined;

export function testEngine(overrides: Partial<Config> = {}): Promise<{ engine: Engine; config: Config }> {
  if (Object.keys(overrides).length === 0 && cached) return cached;
  const made = (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-engine-'));
    const config = loadConfig({ root: ROOT, indexDir: dir, ...overrides }, {});
    const embedder = createHashEmbedder();
    const { index } = await buildIndex({ reports: await seedReports(), embedder, config, dir });
    return { engine: createEngine(config, index, embedder), config };
  })();
  if (Object.keys(overrides).length === 0) cached = made;
  return made;
}
