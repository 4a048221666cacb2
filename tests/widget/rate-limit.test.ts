import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, createRateLimiter, rateLimit, type RateLimitOptions } from '../../src/server/middleware/rate-limit/index.js';
import { MAX_CLIENT_KEY_LENGTH } from '../../src/server/proxy.js';

/** An app behind one trusted proxy (clients told apart by X-Forwarded-For), on a fake clock. */
function setup(options: Omit<RateLimitOptions, 'now'>) {
  const clock = { t: 1_000_000 * 60_000 }; // start exactly on a window boundary
  const app = new Hono();
  app.use('/api/chat', rateLimit({ trustProxy: 1, ...options, now: () => clock.t }));
  app.post('/api/chat', (c) => c.json({ ok: true }));
  app.get('/api/key', (c) => c.text(clientAddress(c, options.trustProxy ?? 1)));
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
  const keyWith = async (trustProxy: number | boolean, headers: Record<string, string>) => (await setup({ perMinute: 1, trustProxy }).app.request('/api/key', { headers })).text();

  it('counts from the right of X-Forwarded-For: the entry the outermost trusted proxy wrote', async () => {
    // The client wrote "198.51.100.7"; proxy 1 appended the client's real address, proxy 2 proxy 1's.
    const header = { 'x-forwarded-for': '198.51.100.7, 203.0.113.5, 10.0.0.1' };
    expect(await keyWith(1, header)).toBe('10.0.0.1');
    expect(await keyWith(2, header)).toBe('203.0.113.5');
    expect(await keyWith(true, header)).toBe('10.0.0.1'); // the old boolean means one proxy
    // Fewer entries than proxies: the leftmost.
    expect(await keyWith(5, header)).toBe('198.51.100.7');
  });

  it('uses the socket address (here: unknown) without trusted proxies or without the header; X-Real-IP is never read', async () => {
    expect(await keyWith(0, { 'x-forwarded-for': '203.0.113.5' })).toBe('unknown');
    expect(await keyWith(false, { 'x-forwarded-for': '203.0.113.5' })).toBe('unknown');
    expect(await keyWith(1, {})).toBe('unknown');
    expect(await keyWith(1, { 'x-real-ip': '203.0.113.6' })).toBe('unknown');
  });

  it('normalises addresses and bounds anything else to 64 characters', async () => {
    expect(await keyWith(1, { 'x-forwarded-for': '203.0.113.5:4711' })).toBe('203.0.113.5');
    expect(await keyWith(1, { 'x-forwarded-for': '[2001:DB8::1]:443' })).toBe('2001:db8::1');
    const junk = await keyWith(1, { 'x-forwarded-for': 'x'.repeat(8000) });
    expect(junk.length).toBeLessThanOrEqual(MAX_CLIENT_KEY_LENGTH);
  });

  it('a client behind one proxy cannot escape the limit by writing its own X-Forwarded-For', async () => {
    const { app } = setup({ perMinute: 2 });
    // What the proxy forwards: whatever the client sent, then the client's real address.
    const send = (spoofed: string) => app.request('/api/chat', { method: 'POST', headers: { 'x-forwarded-for': `${spoofed}, 203.0.113.9` } });
    expect((await send('1.1.1.1')).status).toBe(200);
    expect((await send('2.2.2.2')).status).toBe(200);
    const third = await send('3.3.3.3');
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
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

describe('rate limiter memory', () => {
  it('remembers at most maxClients clients, forgetting the least recently seen', () => {
    const limiter = createRateLimiter({ perMinute: 1, maxClients: 3 });
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) expect(limiter.take(ip).allowed).toBe(true);
    expect(limiter.take('10.0.0.1').allowed).toBe(false); // still remembered, and now the most recent
    expect(limiter.take('10.0.0.4').allowed).toBe(true); // forgets 10.0.0.2
    expect(limiter.size).toBe(3);
    expect(limiter.take('10.0.0.1').allowed).toBe(false);
    expect(limiter.take('10.0.0.2').allowed).toBe(true);
  });

  it('stays bounded under 20,000 requests with distinct 4 KB X-Forwarded-For values', async () => {
    const limiter = createRateLimiter({ perMinute: 5, trustProxy: 1 });
    const app = new Hono();
    app.use('*', limiter.middleware);
    app.get('/', (c) => c.text('ok'));
    const pad = 'f'.repeat(4096);
    for (let i = 0; i < 20_000; i++) await app.request('/', { headers: { 'x-forwarded-for': `${i}-${pad}` } });
    expect(limiter.size).toBe(10_000); // the default cap
  });

  it('peek spends nothing; take spends one', () => {
    const limiter = createRateLimiter({ perMinute: 1 });
    expect(limiter.peek('a').allowed).toBe(true);
    expect(limiter.peek('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
    const refused = limiter.peek('a');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
  });
});
