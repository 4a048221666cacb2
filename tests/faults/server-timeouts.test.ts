/**
 * Slow and vanishing clients against the real server (`nianbao serve`, raw sockets): a body trickled
 * a byte a second is cut off at the request deadline, headers that never finish at the header
 * deadline, an idle keep-alive connection at the keep-alive deadline, and an upload aborted midway
 * is one line in the log, not a stack trace. Deadlines are set small through the environment.
 */
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, seedProject, startServer, type ServerProcess } from './server-process.js';

const REQUEST_TIMEOUT_MS = 1500;
const HEADERS_TIMEOUT_MS = 1000;
const KEEPALIVE_TIMEOUT_MS = 500;

let root: string;
let server: ServerProcess;

beforeAll(async () => {
  root = await seedProject();
  server = await startServer(root, {
    NIANBAO_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    NIANBAO_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    NIANBAO_KEEPALIVE_TIMEOUT_MS: String(KEEPALIVE_TIMEOUT_MS),
  });
});

afterAll(async () => {
  await server?.stop();
  await fs.rm(root, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('connection deadlines', () => {
  it('cuts off a client sending its body at 1 byte/s after the request timeout, with 408', async () => {
    const body = JSON.stringify({ question: '赤峰2012年依申请公开多少件' });
    const exchange = await rawExchange(server.port, 8000, (socket) => {
      socket.write(`POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
      const bytes = Buffer.from(body);
      let i = 0;
      const drip = setInterval(() => {
        if (socket.destroyed || i >= bytes.length) return clearInterval(drip);
        socket.write(bytes.subarray(i, ++i));
      }, 1000);
    });
    expect(exchange.closedAfterMs).not.toBeNull();
    expect(exchange.closedAfterMs!).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(exchange.closedAfterMs!).toBeLessThan(REQUEST_TIMEOUT_MS + 2000);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 408/);
    // The server is fine afterwards.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('cuts off a client whose headers never finish after the headers timeout', async () => {
    const exchange = await rawExchange(server.port, 8000, (socket) => {
      socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write('X-Slow: 1\r\n')), 300);
    });
    expect(exchange.closedAfterMs).not.toBeNull();
    expect(exchange.closedAfterMs!).toBeLessThan(HEADERS_TIMEOUT_MS + 2000);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const exchange = await rawExchange(server.port, 5000, (socket) => {
      socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    });
    expect(exchange.received).toMatch(/^HTTP\/1\.1 200/);
    expect(exchange.closedAfterMs).not.toBeNull();
    expect(exchange.closedAfterMs!).toBeLessThan(KEEPALIVE_TIMEOUT_MS + 1500);
  });
});

describe('aborted uploads', () => {
  it('log one line each, without a stack trace, and the server keeps serving', async () => {
    const before = server.output().length;
    for (const path of ['/api/batch', '/api/chat']) {
      await rawExchange(server.port, 2000, (socket) => {
        socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n["赤峰2012年`);
        setTimeout(() => socket.destroy(), 200);
      });
    }
    await sleep(500);
    const logged = server.output().slice(before).trim().split('\n');
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatch(/client aborted.*POST \/api\/batch/);
    expect(logged[1]).toMatch(/client aborted.*POST \/api\/chat/);
    expect(server.output()).not.toMatch(/^\s+at /m);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
