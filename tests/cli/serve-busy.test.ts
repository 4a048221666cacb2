/**
 * `npm start` while `npm run index` holds the index: the server says it is waiting for that build
 * (503 INDEX_NOT_READY with that progress, never INDEX_BUSY for good) and serves once the build ends.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireBuildLock } from '../../src/index/manifest.js';
import { ROOT, ask, settled, startServer } from '../faults/proc.js';

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((d) => fs.rm(d, { recursive: true, force: true }))));

describe('a server started while another build holds the index', () => {
  it('waits for it, saying so, then builds and serves', { timeout: 180_000 }, async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-serve-busy-'));
    roots.push(root);
    await fs.mkdir(path.join(root, 'corpus'));
    const seed = (await fs.readdir(path.join(ROOT, 'corpus'))).find((f) => f.startsWith('004'))!;
    await fs.copyFile(path.join(ROOT, 'corpus', seed), path.join(root, 'corpus', seed));
    const release = acquireBuildLock(path.join(root, 'index'));
    let released = false;
    const server = await startServer(root);
    try {
      let health: Response | null = null;
      for (let i = 0; i < 200; i++) {
        health = await fetch(`${server.url}/health`);
        const body = (await health.clone().json()) as { progress?: string };
        if (body.progress?.includes('等待另一个索引构建完成')) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(health!.status).toBe(503);
      expect(await health!.json()).toMatchObject({ status: 'loading', progress: expect.stringContaining(`pid ${process.pid}`) });
      expect(server.output()).toContain('等待另一个索引构建完成 (waiting for another index build to finish)');
      release();
      released = true;
      expect((await settled(server)).status).toBe(200);
      expect((await ask(server, '赤峰2012年依申请公开多少件')).body.answer).toMatch(/^8件。/);
      expect(server.output()).not.toContain('INDEX_BUSY');
    } finally {
      if (!released) release();
      await server.stop();
    }
  });
});
