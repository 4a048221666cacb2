/**
 * Spoofed proxy headers against the real server. Behind one proxy (a small one here that appends the
 * client's address to X-Forwarded-For, as nginx's `$proxy_add_x_forwarded_for` does) a client writing
 * a new X-Forwarded-For on every request is still limited as itself. Without a trusted proxy, a forged
 * X-Forwarded-Host does not pass the origin check, and a forged Host never reaches the demo page.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProject, startServer, type ServerProcess } from './server-process.js';

let root: string;
let behindProxy: ServerProcess;
let direct: ServerProcess;
let proxy: http.Server;
let proxyUrl: string;

/** Forwards to `target`, appending the peer address to X-Forwarded-For. */
function startProxy(target: string): Promise<http.Server> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': forwarded } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  root = await seedProject();
  behindProxy = await startServer(root, { NIANBAO_TRUST_PROXY: '1', NIANBAO_RATE_LIMIT_PER_MINUTE: '5' });
  direct = await startServer(root, { NIANBAO_WIDGET_ALLOW_LOCALHOST: 'false' });
  proxy = await startProxy(behindProxy.url);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await behindProxy?.stop();
  await direct?.stop();
  await fs.rm(root, { recursive: true, force: true });
});

describe('behind a trusted proxy', () => {
  it('limits a client that sends a different X-Forwarded-For on every request', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${proxyUrl}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}, ${'f'.repeat(2000)}${i}` },
        body: JSON.stringify({ question: '赤峰2012年依申请公开多少件' }),
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });
});

describe('without a trusted proxy', () => {
  it('refuses a cross-origin call whose X-Forwarded-Host claims to be this server', async () => {
    const res = await fetch(`${direct.url}/api/suggestions`, { headers: { Origin: 'https://evil.example', 'X-Forwarded-Host': 'evil.example' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('never puts the Host header into the demo page', async () => {
    const page = await new Promise<string>((resolve, reject) => {
      const url = new URL(direct.url);
      http
        .get({ host: url.hostname, port: url.port, path: '/', headers: { Host: 'evil.example:666' } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(page).toContain('<script src="/widget.js" data-endpoint="/" async></script>');
    expect(page).not.toContain('evil.example');
  });
});
