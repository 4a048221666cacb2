/**
 * Live reload: a server picks up new index generations by itself, requests running meanwhile never
 * fail, and /health names the generation. Also the cluster mode (NIANBAO_WORKERS), as a real process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEngine } from '../../src/engine.js';
import { buildIndex } from '../../src/index/index.js';
import { parseReport } from '../../src/ingest/index.js';
import { createApp } from '../../src/server/app.js';
import { watchIndex } from '../../src/server/reload.js';
import { createEngineHolder } from '../../src/server/state.js';
import { createHashEmbedder } from '../fakes/hash-embedder.js';

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((d) => fs.rm(d, { recursive: true, force: true }))));

const report = (id: string, county: string, figure: number) =>
  parseReport({
    id,
    source: `corpus/${id}.txt`,
    checksum: `${id}-${figure}`,
    text: `湖州市${county}人民政府2021年政府信息公开工作年度报告\n一、主动公开政府信息情况\n全年主动公开政府信息${figure}条。`,
  });

describe('live reload', () => {
  it('serves each new generation within one check, while requests keep succeeding', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-reload-'));
    roots.push(dir);
    const config = loadConfig({ root: process.cwd(), indexDir: dir, reloadIntervalMs: 0 }, {});
    const embedder = createHashEmbedder();
    const build = (reports: ReturnType<typeof report>[]) => buildIndex({ reports, embedder, config, dir });
    const first = await build([report('deqing', '德清县', 153)]);
    const holder = createEngineHolder();
    const engine = createEngine(config, first.index, embedder);
    holder.current = { status: 'ready', engine };
    const watcher = watchIndex(holder, config, engine);
    const app = createApp({ config, engine: holder });
    const ask = async (question: string) => {
      const res = await app.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { answer: string }).answer;
    };
    const health = async () => ((await (await app.request('/health')).json()) as { index: { generation: string; reports: number } }).index;

    const before = await health();
    expect(before).toMatchObject({ reports: 1 });
    expect(await ask('长兴县2021年主动公开政府信息多少条')).toContain('语料库中没有');

    // Requests run the whole time builds publish generations and the watcher swaps them in.
    let running = true;
    let answered = 0;
    const load = (async () => {
      while (running) {
        expect(await ask('德清县2021年主动公开政府信息多少条')).toMatch(/^153条。/);
        answered++;
      }
    })();
    await build([report('deqing', '德清县', 153), report('changxing', '长兴县', 88)]);
    expect(await watcher.check()).toBe(true);
    await build([report('deqing', '德清县', 153), report('changxing', '长兴县', 90)]);
    expect(await watcher.check()).toBe(true);
    expect(await watcher.check()).toBe(false);
    running = false;
    await load;
    expect(answered).toBeGreaterThan(0);

    const after = await health();
    expect(after.reports).toBe(2);
    expect(after.generation).not.toBe(before.generation);
    expect(await ask('长兴县2021年主动公开政府信息多少条')).toMatch(/^90条。/);
    watcher.stop();
  });
});

describe('NIANBAO_WORKERS=2', () => {
  it('serves from two processes on one port', { timeout: 150_000 }, async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-cluster-'));
    roots.push(root);
    await fs.mkdir(path.join(root, 'corpus'));
    const seed = (await fs.readdir('corpus')).find((f) => f.startsWith('004'))!;
    await fs.copyFile(path.join('corpus', seed), path.join(root, 'corpus', seed));
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli/main.ts'), 'serve', '--port', '0'], {
      env: { ...process.env, NIANBAO_ROOT: root, NIANBAO_WORKERS: '2', NIANBAO_EMBED_DIM: '32' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    try {
      for (let waited = 0; (out.match(/索引就绪/g) ?? []).length < 2; waited += 100) {
        if (waited > 100_000) throw new Error(`not ready:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const urls = new Set(out.match(/http:\/\/127\.0\.0\.1:\d+/g));
      expect(urls.size).toBe(1);
      const url = [...urls][0]!;
      const res = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '赤峰2012年依申请公开多少件' }) });
      expect(((await res.json()) as { answer: string }).answer).toMatch(/^8件。/);
      expect(out).toContain('2 个工作进程');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
