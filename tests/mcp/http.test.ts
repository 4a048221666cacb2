/**
 * The MCP tools over Streamable HTTP at `/mcp` of the real app (createApp with the seed engine), served
 * on an ephemeral port and driven by the SDK's StreamableHTTPClientTransport; plus what only HTTP has:
 * an index still loading is a tool error (not a 503), and GET / DELETE are 405 in this stateless server.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createEngineHolder } from '../../src/server/state.js';
import { testEngine } from '../helpers/engine.js';
import { describeMcpTools } from './tools.case.js';

let server: ServerType;
let url: URL;
let client: Client;

async function connect(target: URL): Promise<Client> {
  const c = new Client({ name: 'nianbao-test', version: '0.0.0' });
  await c.connect(new StreamableHTTPClientTransport(target));
  return c;
}

beforeAll(async () => {
  const { engine, config } = await testEngine();
  const app = createApp({ config, engine: createEngineHolder({ status: 'ready', engine }), log: () => {} });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
  });
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
  client = await connect(url);
});

afterAll(async () => {
  await client?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describeMcpTools('Streamable HTTP', () => client);

describe('/mcp specifics', () => {
  it('answers INDEX_NOT_READY as a tool error while the index loads; listing tools still works', async () => {
    const { config } = await testEngine();
    const app = createApp({ config, engine: createEngineHolder({ status: 'loading', progress: '解析报告 (ingest) 2/5' }), log: () => {} });
    const loading = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    const c = await connect(new URL(`http://127.0.0.1:${(loading.address() as AddressInfo).port}/mcp`));
    try {
      expect((await c.listTools()).tools).toHaveLength(4);
      const result = await c.callTool({ name: 'list_reports', arguments: {} });
      expect(result).toMatchObject({ isError: true, structuredContent: { error: { code: 'INDEX_NOT_READY' } } });
      expect(JSON.stringify(result.content)).toContain('2/5');
    } finally {
      await c.close();
      await new Promise((resolve) => loading.close(resolve));
    }
  });

  it('GET and DELETE are 405 (stateless: no stream or session to serve)', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(url, { method, headers: { accept: 'text/event-stream' } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
  });
});

describe('/mcp rate limit', () => {
  it('spends the client\'s request budget: past NIANBAO_RATE_LIMIT_PER_MINUTE a request gets 429 with Retry-After', async () => {
    const { engine, config } = await testEngine();
    const app = createApp({ config: { ...config, rateLimitPerMinute: 2 }, engine: createEngineHolder({ status: 'ready', engine }), log: () => {} });
    let limited: ServerType;
    await new Promise<void>((resolve) => {
      limited = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
    });
    try {
      const target = `http://127.0.0.1:${(limited!.address() as AddressInfo).port}/mcp`;
      const post = () =>
        fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
        });
      expect((await post()).status).toBe(200);
      expect((await post()).status).toBe(200);
      const third = await post();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await third.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    } finally {
      await new Promise((resolve) => limited!.close(resolve));
    }
  });
});
