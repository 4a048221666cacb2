/**
 * `npm run mcp` as an MCP client starts it: the SDK's StdioClientTransport spawns `node --import tsx
 * src/cli/main.ts mcp` on a temp project holding a copy of the seed corpus and no index. The server
 * builds the index (progress on stderr) while already answering; the shared tool contract then runs
 * over stdio, which also proves stdout carried nothing but protocol messages (any other line would
 * be a parse error on the client).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeMcpTools } from './tools.case.js';

const ROOT = process.cwd();
let root: string;
let client: Client;
let transport: StdioClientTransport;
let stderr = '';
const clientErrors: Error[] = [];

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(process.env.TMPDIR ?? os.tmpdir(), 'nianbao-mcp-'));
  await fs.mkdir(path.join(root, 'corpus'));
  for (const f of (await fs.readdir(path.join(ROOT, 'corpus'))).filter((f) => /^\d{3}_.*\.txt$/.test(f))) {
    await fs.copyFile(path.join(ROOT, 'corpus', f), path.join(root, 'corpus', f));
  }
  transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'mcp'],
    cwd: ROOT,
    env: { ...(process.env as Record<string, string>), NIANBAO_ROOT: root, NIANBAO_EMBED_DIM: '32' },
    stderr: 'pipe',
  });
  (transport.stderr as Readable).setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  client = new Client({ name: 'nianbao-test', version: '0.0.0' });
  client.onerror = (e) => clientErrors.push(e);
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

describeMcpTools('stdio', () => client);

describe('npm run mcp', () => {
  it('built the index on first use with its progress and logs on stderr, and sent nothing else on stdout', async () => {
    // Runs after the contract suite: the index was built for its first tool call.
    expect(stderr).toContain('nianbao MCP server on stdio');
    expect(stderr).toContain('nianbao MCP ready');
    expect(await fs.readdir(path.join(root, 'index'))).not.toHaveLength(0);
    expect(clientErrors).toEqual([]);
    expect(client.getServerVersion()).toMatchObject({ name: 'nianbao' });
  });

  it('exits by itself when the client closes stdin', async () => {
    const pid = transport.pid!;
    const started = Date.now();
    await client.close();
    // The SDK client waits 2 s for an exit after ending stdin before it sends SIGTERM.
    expect(Date.now() - started).toBeLessThan(2000);
    for (let waited = 0; waited < 10_000 && alive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
