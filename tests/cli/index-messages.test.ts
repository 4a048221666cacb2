/**
 * What `npm start` and `npm run index` say about the index, as a newcomer reads it. A server started on
 * a project without a usable index says that it is building it and why, shows the phases, then
 * `索引就绪` — and never tells its reader to run `npm run index`, which is what it is doing. `npm run
 * index` ends by saying a running server picks the new generation up by itself (or, with live reload
 * off, that a restart is needed).
 */
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { reloadNote, run as runIndex } from '../../src/cli/index-build.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { startServer, type Server } from '../faults/proc.js';

/** A temp project (NIANBAO_ROOT) with the seed corpus and an empty index folder. */
async function project(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'nianbao-messages-'));
  await cp(CORPUS_DIR, path.join(root, 'corpus'), { recursive: true });
  await mkdir(path.join(root, 'index'));
  return root;
}

/** Waits until the server's output contains `text`. */
async function waitFor(server: Server, text: string, timeoutMs = 90_000): Promise<string> {
  for (let waited = 0; !server.output().includes(text); waited += 100) {
    if (!server.alive() || waited > timeoutMs) throw new Error(`no "${text}" in:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return server.output();
}

describe('npm start on a project without a usable index', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('says it is building the index and why, shows each phase, then 索引就绪; never "run npm run index"', async () => {
    server = await startServer(await project());
    const output = await waitFor(server, '索引就绪');
    const at = (text: string | RegExp) => output.search(typeof text === 'string' ? new RegExp(text.replace(/[()]/g, '\\$&')) : text);
    expect(output).toContain('正在构建索引 (building the index): 没有索引 (no index yet)…');
    expect(output).toMatch(/解析报告 \(ingest\): 5\/5/);
    expect(output).toMatch(/计算向量 \(embed\): \d+\/\d+/);
    expect(at('已启动')).toBeLessThan(at('正在构建索引'));
    expect(at('正在构建索引')).toBeLessThan(at(/解析报告 \(ingest\)/));
    expect(at(/解析报告 \(ingest\)/)).toBeLessThan(at('索引就绪'));
    expect(output).not.toContain('npm run index');
    expect(output).not.toContain('索引尚未就绪');
    // Phases are named for people (no bare `scan: 1/1`), and a phase with nothing to do shows nothing.
    expect(output).not.toMatch(/^scan:/m);
    expect(output).not.toMatch(/: 0\/0 /);
  });

  it('an index of an older format: it says it is rebuilding it, without advice to run npm run index', async () => {
    const root = await project();
    await writeFile(path.join(root, 'index/manifest.json'), '{"formatVersion":1}');
    server = await startServer(root);
    const output = await waitFor(server, '索引就绪');
    expect(output).toMatch(/正在构建索引 \(building the index\): 索引与当前配置不兼容.*format version 1.*…/);
    expect(output).not.toContain('npm run index');
  });
});

describe('npm run index closing lines', () => {
  const saved = { ...process.env };
  let stdout = '';

  beforeAll(async () => {
    process.env.NIANBAO_ROOT = await project();
    process.env.NIANBAO_EMBED_DIM = '32';
  });
  afterAll(() => {
    for (const key of ['NIANBAO_ROOT', 'NIANBAO_EMBED_DIM', 'NIANBAO_RELOAD_INTERVAL_MS']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
  afterEach(() => vi.restoreAllMocks());

  async function index(...args: string[]): Promise<number> {
    stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      return await runIndex(args);
    } finally {
      vi.restoreAllMocks();
    }
  }

  it('a build ends saying a running server loads it within ~1 s, no restart', async () => {
    expect(await index()).toBe(0);
    expect(stdout).toContain('索引已构建 (index built)');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('运行中的服务会在约 1 秒内自动加载新索引，无需重启 (a running server picks this up by itself within ~1 s; no restart needed)');
  });

  it('with live reload off (NIANBAO_RELOAD_INTERVAL_MS=0) it says a restart is needed', async () => {
    process.env.NIANBAO_RELOAD_INTERVAL_MS = '0';
    expect(await index('--force')).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/需重启.*\(live reload is off: restart a running server to use the new index\)/);
    delete process.env.NIANBAO_RELOAD_INTERVAL_MS;
  });

  it('an index already up to date has nothing new to load and says only that', async () => {
    expect(await index()).toBe(0);
    expect(stdout).toContain('索引已是最新');
    expect(stdout).not.toContain('自动加载');
  });

  it('names other intervals in their unit', () => {
    expect(reloadNote(250)).toContain('约 250 毫秒内');
    expect(reloadNote(2500)).toContain('~2.5 s');
  });
});
