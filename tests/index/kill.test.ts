/**
 * `npm run index` killed with SIGKILL at random points, as a crash or an OOM killer would: the
 * generation a running server serves keeps answering, and the next build completes. The builds are
 * real child processes (the CLI), the server side is a real engine with its index watcher.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEngine } from '../../src/engine.js';
import { prepareIndex } from '../../src/index/index.js';
import { watchIndex } from '../../src/server/reload.js';
import { createEngineHolder, requireEngine } from '../../src/server/state.js';
import { seededRandom, tempDir } from './helpers.js';

const ROOT = process.cwd();
const REALISTIC = path.join(ROOT, 'tests/fixtures/eval/realistic/corpus');
const roots: string[] = [];
afterAll(() => Promise.all(roots.map((d) => fs.rm(d, { recursive: true, force: true }))));

/** Starts `npm run index [args]` on the temp project; resolves with its exit code or signal. */
function startBuild(root: string, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'index', ...args], {
    cwd: ROOT,
    env: { ...process.env, NIANBAO_ROOT: root, NIANBAO_EMBED_DIM: '32' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, done };
}

describe('index builds killed with SIGKILL', () => {
  it('keep the served generation answering, and the next build completes', { timeout: 180_000 }, async () => {
    const root = await tempDir();
    roots.push(root);
    const corpus = path.join(root, 'corpus');
    await fs.mkdir(corpus);
    const files = (await fs.readdir(REALISTIC)).filter((f) => !f.startsWith('.') && f !== 'README.md').sort();
    const [first, rest] = [files.slice(0, 6), files.slice(6)];
    for (const f of first) await fs.copyFile(path.join(REALISTIC, f), path.join(corpus, f));

    const config = loadConfig({ root, embedDim: 32, reloadIntervalMs: 0 }, {});
    const prepared = await prepareIndex(config);
    const holder = createEngineHolder();
    const engine = createEngine(config, prepared.index, prepared.embedder);
    holder.current = { status: 'ready', engine };
    const watcher = watchIndex(holder, config, engine);
    const question = '德清水利局21年主动公开了多少条信息？';
    const served = async () => {
      await watcher.check();
      const a = await requireEngine(holder).ask(question);
      expect(a.answer).toMatch(/^153条。/);
    };
    await served();

    // New reports arrive; every build of them is killed somewhere between start-up and its commit,
    // some of them full rebuilds into a new store (--force).
    for (const f of rest) await fs.copyFile(path.join(REALISTIC, f), path.join(corpus, f));
    const random = seededRandom(Number(process.env.NIANBAO_KILL_SEED ?? 11));
    const kills: string[] = [];
    for (let round = 0; round < 5; round++) {
      const build = startBuild(root, round % 2 ? ['--force'] : []);
      const delay = 400 + Math.floor(random() * 3600);
      const timer = setTimeout(() => build.child.kill('SIGKILL'), delay);
      const { signal } = await build.done;
      clearTimeout(timer);
      kills.push(`${delay}ms:${signal ?? 'finished'}`);
      await served();
      // Whatever the build had committed is a whole generation: it loads and answers.
      if (signal === null) break;
    }
    expect(kills.some((k) => k.endsWith('SIGKILL')), kills.join(' ')).toBe(true);
    if (process.env.NIANBAO_KILL_LOG) console.log(kills.join(' '));

    const final = await startBuild(root).done;
    expect(final.code, final.output).toBe(0);
    await served();
    const index = requireEngine(holder).index;
    expect(index.summaries).toHaveLength(files.length);
    const added = await requireEngine(holder).ask('宜兴市教育局2020年主动公开多少条');
    expect(added.answer).toMatch(/^758条。/);
    // Killed builds left no half-built store behind once a build completed.
    const stores = (await fs.readdir(path.join(root, 'index'))).filter((e) => e.startsWith('store-'));
    expect(stores.length).toBeLessThanOrEqual(2);
    watcher.stop();
  });
});
