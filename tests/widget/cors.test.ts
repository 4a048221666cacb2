import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { describe, expect, it } from 'vitest';
import { widgetCors, type WidgetCorsOptions } from '../../src/server/middleware/cors/index.js';
import { rateLimit } from '../../src/server/middleware/rate-limit/index.js';

const SERVER = 'http://127.0.0.1:8787';

function appWith(options: WidgetCorsOptions): Hono {
  const app = new Hono();
  app.use('/api/*', widgetCors(options));
  app.get('/api/suggestions', (c) => c.json({ questions: ['q'] }));
  app.post('/api/chat', (c) => streamSSE(c, async (s) => s.writeSSE({ event: 'done', data: '{}' })));
  app.get('/widget.js', (c) => c.text('js'));
  return app;
}

const get = (app: Hono, origin?: string) => app.request(`${SERVER}/api/suggestions`, { headers: origin ? { Origin: origin } : {} });
const preflight = (app: Hono, origin: string) =>
  app.request(`${SERVER}/api/chat`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
  });

describe('widgetCors', () => {
  it('lets requests without an Origin header through untouched', async () => {
    const res = await get(appWith({ allowedOrigins: [], allowLocalhost: false }));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows the same origin even when nothing is listed', async () => {
    const res = await get(appWith({ allowedOrigins: [], allowLocalhost: false }), SERVER);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SERVER);
  });

  it('allows any localhost / 127.0.0.1 port by default', async () => {
    const app = appWith({ allowedOrigins: [] });
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:5173', 'http://[::1]:8080', 'http://localhost']) {
      const res = await get(app, origin);
      expect(res.status, origin).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('vary')).toContain('Origin');
    }
    // Only plain http localhost: a look-alike host is not localhost.
    expect((await get(app, 'http://localhost.evil.example')).status).toBe(403);
  });

  it('refuses localhost when allowLocalhost is false and it is not listed', async () => {
    const res = await get(appWith({ allowedOrigins: [], allowLocalhost: false }), 'http://127.0.0.1:9999');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
  });

  it('allows listed origins (normalized) and refuses others with 403 ORIGIN_NOT_ALLOWED', async () => {
    const app = appWith({ allowedOrigins: [' https://www.example.gov.cn/ ', 'http://127.0.0.1:9999'], allowLocalhost: false });
    expect((await get(app, 'https://www.example.gov.cn')).status).toBe(200);
    expect((await get(app, 'http://127.0.0.1:9999')).status).toBe(200);
    const refused = await get(app, 'https://evil.example');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED', message: expect.stringContaining('https://evil.example') } });
    // Readable by the page, so the widget can say why it does not work.
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect((await get(app, 'null')).status).toBe(403);
  });

  it('answers an allowed preflight with 204 and the CORS headers', async () => {
    const res = await preflight(appWith({ allowedOrigins: ['https://a.example'] }), 'https://a.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(res.headers.get('access-control-max-age')).toBe('600');
  });

  it('refuses a preflight from an unlisted origin without CORS headers', async () => {
    const res = await preflight(appWith({ allowedOrigins: [], allowLocalhost: false }), 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.json()).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
  });

  it('puts the CORS headers on streamed answers and exposes Retry-After', async () => {
    const res = await appWith({ allowedOrigins: [] }).request(`${SERVER}/api/chat`, { method: 'POST', headers: { Origin: 'http://localhost:3000' } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(await res.text()).toContain('event: done');
  });

  it('leaves paths it is not mounted on alone (widget.js loads from any site)', async () => {
    const res = await appWith({ allowedOrigins: [], allowLocalhost: false }).request(`${SERVER}/widget.js`, { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
  });

  it('reads X-Forwarded-Host for the same-origin check only behind a trusted proxy', async () => {
    const from = (app: Hono) => app.request(`${SERVER}/api/suggestions`, { headers: { Origin: 'https://evil.example', 'X-Forwarded-Host': 'evil.example' } });
    // No proxy: the header is the caller's own claim and makes nobody "same origin".
    const direct = await from(appWith({ allowedOrigins: [], allowLocalhost: false }));
    expect(direct.status).toBe(403);
    expect(await direct.json()).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
    expect((await from(appWith({ allowedOrigins: [], allowLocalhost: false, trustProxy: 0 }))).status).toBe(403);
    // Behind one proxy, the host it received the request for is this server's public host.
    const proxied = appWith({ allowedOrigins: [], allowLocalhost: false, trustProxy: 1 });
    expect((await from(proxied)).status).toBe(200);
    const viaProxy = (xfh: string) => proxied.request(`${SERVER}/api/suggestions`, { headers: { Origin: 'https://wenda.example.gov.cn', 'X-Forwarded-Host': xfh } });
    expect((await viaProxy('wenda.example.gov.cn')).status).toBe(200);
    // A client-written entry left of the proxy's own does not count.
    expect((await viaProxy('wenda.example.gov.cn, internal.example')).status).toBe(403);
  });

  it('allows everything with "*"', async () => {
    expect((await get(appWith({ allowedOrigins: ['*'], allowLocalhost: false }), 'https://any.example')).status).toBe(200);
  });

  it('fails at construction on an invalid entry, naming it', () => {
    expect(() => widgetCors({ allowedOrigins: ['not a url'] })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('not a url') }));
    expect(() => widgetCors({ allowedOrigins: ['ftp://x.example'] })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  it('keeps the CORS headers on a 429 from the rate limiter mounted after it', async () => {
    const app = new Hono();
    app.use('/api/*', widgetCors({ allowedOrigins: [] }));
    app.use('/api/chat', rateLimit({ perMinute: 1 }));
    app.post('/api/chat', (c) => c.json({ ok: true }));
    const send = () => app.request(`${SERVER}/api/chat`, { method: 'POST', headers: { Origin: 'http://localhost:3000', 'x-forwarded-for': '10.0.0.1' } });
    expect((await send()).status).toBe(200);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
