import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, rateLimit, type RateLimitOptions } from '../../src/server/middleware/rate-limit/index.js';

function setup(options: Omit<RateLimitOptions, 'now'>) {
  const clock = { t: 1_000_000 * 60_000 }; // start exactly on a window boundary
  const app = new Hono();
  app.use('/api/chat', rateLimit({ ...options, now: () => clock.t }));
  app.post('/api/chat', (c) => c.json({ ok: true }));
  app.get('/api/key', (c) => c.text(clientAddress(c)));
  const send = (ip = '10.0.0.1') => app.request('/api/chat', { method: 'POST', headers: { 'x-forwarded-for': ip } });
  return { app, clock, send };
}

describe('rateLimit', () => {
  it('allows perMinute requests, then answers 429 RATE_LIMITED with an honest Retry-After', async () => {
    const { send, clock } = setup({ perMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(200);
    const res = await send();
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // At the very start of the next window the full previous window still counts; a second later it has faded.
    expect(res.headers.get('retry-after')).toBe('61');
    clock.t += 60_000;
    expect((await send()).status).toBe(429);
    clock.t += 1_000;
    expect((await send()).status).toBe(200);
  });

  it('counts each client separately', async () => {
    const { send } = setup({ perMinute: 1 });
    expect((await send('10.0.0.1')).status).toBe(200);
    expect((await send('10.0.0.1')).status).toBe(429);
    expect((await send('10.0.0.2')).status).toBe(200);
  });

  it('slides: the previous window still counts in proportion to its overlap', async () => {
    const { send, clock } = setup({ perMinute: 10 });
    for (let i = 0; i < 10; i++) await send();
    clock.t += 60_000 + 15_000; // 15 s into the next window: 75% of the previous 10 (7.5) still count
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(200); // 7.5 + 0, 1, 2 < 10
    const res = await send(); // 7.5 + 3 ≥ 10
    expect(res.status).toBe(429);
    // 10·(1 − (15 s + d)/60 s) + 3 < 10  ⇔  d > 3 s
    expect(res.headers.get('retry-after')).toBe('4');
    clock.t += 4_000;
    expect((await send()).status).toBe(200);
  });

  it('forgets a window two windows old', async () => {
    const { send, clock } = setup({ perMinute: 2 });
    await send();
    await send();
    expect((await send()).status).toBe(429);
    clock.t += 120_000;
    expect((await send()).status).toBe(200);
  });

  it('uses a custom key when given one', async () => {
    const app = new Hono();
    app.use('*', rateLimit({ perMinute: 1, key: (c) => c.req.header('x-api-key') ?? 'anon' }));
    app.get('/', (c) => c.text('ok'));
    expect((await app.request('/', { headers: { 'x-api-key': 'a' } })).status).toBe(200);
    expect((await app.request('/', { headers: { 'x-api-key': 'b' } })).status).toBe(200);
    expect((await app.request('/', { headers: { 'x-api-key': 'a' } })).status).toBe(429);
  });

  it('rejects a non-positive limit at construction', () => {
    expect(() => rateLimit({ perMinute: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});

describe('clientAddress', () => {
  it('takes the first X-Forwarded-For entry, then X-Real-IP, then unknown', async () => {
    const { app } = setup({ perMinute: 1 });
    const key = async (headers: Record<string, string>) => (await app.request('/api/key', { headers })).text();
    expect(await key({ 'x-forwarded-for': '203.0.113.5, 10.0.0.1' })).toBe('203.0.113.5');
    expect(await key({ 'x-real-ip': '203.0.113.6' })).toBe('203.0.113.6');
    expect(await key({})).toBe('unknown');
  });

  it('ignores forwarding headers when the proxy is not trusted, so a client cannot pick its own key', async () => {
    const app = new Hono();
    app.use('/api/chat', rateLimit({ perMinute: 1, trustProxy: false }));
    app.post('/api/chat', (c) => c.json({ ok: true }));
    const send = (ip: string) => app.request('/api/chat', { method: 'POST', headers: { 'x-forwarded-for': ip } });
    expect((await send('10.0.0.1')).status).toBe(200);
    expect((await send('10.0.0.2')).status).toBe(429);
  });
});
