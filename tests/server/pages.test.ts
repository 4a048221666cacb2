/**
 * The server's pages as a browser gets them: Chinese HTML error pages (same look, links back) for
 * unknown reports and paths and for failures on page routes, while /api/* and /health stay JSON; the
 * favicon; one font stack for pages and widget.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hono } from 'hono';
import type { Config } from '../../src/config.js';
import type { Engine } from '../../src/engine.js';
import { createApp } from '../../src/server/app.js';
import { createEngineHolder, type EngineState } from '../../src/server/state.js';
import { FONT_STACK, WIDGET_CSS } from '../../src/widget/styles.js';
import { SEED_IDS } from '../helpers/corpus.js';
import { testEngine } from '../helpers/engine.js';

const BROWSER = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const JSON_CLIENT = { Accept: 'application/json' };

let config: Config;
let engine: Engine;
let app: Hono;
const appWith = (state: EngineState): Hono => createApp({ config, engine: createEngineHolder(state) });

beforeAll(async () => {
  ({ config, engine } = await testEngine());
  app = appWith({ status: 'ready', engine });
});

/** The parts of an error page a reader sees. */
async function page(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await res.text();
  return {
    html,
    h1: /<h1>(.*?)<\/h1>/.exec(html)?.[1],
    links: [...html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]),
  };
}

describe('error pages for browsers', () => {
  it('an unknown report is a Chinese 404 page with the site look and the way back', async () => {
    const res = await app.request('/reports/no-such-report', { headers: BROWSER });
    expect(res.status).toBe(404);
    const { html, h1, links } = await page(res);
    expect(h1).toBe('未找到该报告');
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain('<code>no-such-report</code>');
    expect(html).toContain('class="site-header"');
    expect(links).toContainEqual(['/reports', '返回报告列表']);
    expect(links).toContainEqual(['/', '返回首页']);
    expect(html).toContain('REPORT_NOT_FOUND');
    expect(html).not.toContain('{"error"');
  });

  it('an unknown path is a 404 page too, the path shown as text', async () => {
    const res = await app.request('/no/such/<script>alert(1)</script>', { headers: BROWSER });
    expect(res.status).toBe(404);
    const { html, h1, links } = await page(res);
    expect(h1).toBe('页面不存在');
    expect(html).toContain('<code>/no/such/&lt;script&gt;alert(1)&lt;/script&gt;</code>');
    expect(html).not.toContain('<script>alert(1)');
    expect(links).toContainEqual(['/reports', '返回报告列表']);
    // A client that sends no Accept header (curl) asks for a page URL and gets the page.
    expect((await app.request('/no/such/page')).headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('a page route that fails (index loading, an unexpected error) answers with a page and the same status', async () => {
    const loading = await appWith({ status: 'loading' }).request('/reports', { headers: BROWSER });
    expect(loading.status).toBe(503);
    expect((await page(loading)).h1).toBe('索引尚未就绪');
    const index = Object.create(engine.index, { report: { value: async () => { throw new Error('disk on fire'); } } });
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const broken = await appWith({ status: 'ready', engine: { ...engine, index } }).request(`/reports/${SEED_IDS.chifeng}`, { headers: BROWSER });
      expect(broken.status).toBe(500);
      const { html, h1 } = await page(broken);
      expect(h1).toBe('服务器内部错误');
      expect(html).not.toContain('disk on fire');
    } finally {
      quiet.mockRestore();
    }
  });
});

describe('JSON stays JSON', () => {
  it('/api/* answers {error:{code,message}} even to a browser', async () => {
    for (const path of ['/api/reports/no-such-report', '/api/nothing']) {
      const res = await app.request(path, { headers: BROWSER });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(path === '/api/nothing' ? 'NOT_FOUND' : 'REPORT_NOT_FOUND');
      expect(body.error.message).toMatch(/^未找到/);
    }
    const loading = await appWith({ status: 'loading' }).request('/api/reports', { headers: BROWSER });
    expect(loading.status).toBe(503);
    expect(((await loading.json()) as { error: { code: string } }).error.code).toBe('INDEX_NOT_READY');
  });

  it('a page URL asked for JSON only answers JSON', async () => {
    const res = await app.request('/reports/no-such-report', { headers: JSON_CLIENT });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('REPORT_NOT_FOUND');
  });
});

describe('favicon', () => {
  it('/favicon.ico is a 32 px icon (ICO holding a PNG), cacheable', async () => {
    const res = await app.request('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    expect(res.headers.get('cache-control')).toContain('max-age');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const view = new DataView(bytes.buffer);
    expect([view.getUint16(0, true), view.getUint16(2, true), view.getUint16(4, true)]).toEqual([0, 1, 1]); // reserved, type icon, one image
    expect([bytes[6], bytes[7]]).toEqual([32, 32]);
    const offset = view.getUint32(18, true);
    expect([...bytes.slice(offset, offset + 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // PNG signature
    expect([view.getUint32(offset + 16), view.getUint32(offset + 20)]).toEqual([32, 32]); // IHDR width, height
    expect(view.getUint32(14, true)).toBe(bytes.length - offset);
  });

  it('every page links an inline SVG icon (no request, nothing external)', async () => {
    for (const path of ['/', '/reports', `/reports/${SEED_IDS.chifeng}`, '/no/such/page']) {
      const html = await (await app.request(path, { headers: BROWSER })).text();
      const href = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)">/.exec(html)?.[1];
      expect(href, path).toMatch(/^data:image\/svg\+xml,/);
      expect(decodeURIComponent(href!.slice('data:image/svg+xml,'.length))).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<\/svg>$/);
    }
  });
});

describe('fonts', () => {
  it('pages and the widget share one CJK-first font stack (Latin and digits drawn by the CJK font)', async () => {
    const html = await (await app.request('/reports')).text();
    expect(html).toContain(`font:16px/1.75 ${FONT_STACK}}`);
    expect(WIDGET_CSS).toContain(`font: 15px/1.6 ${FONT_STACK};`);
    const families = FONT_STACK.split(',').map((f) => f.trim());
    // A Latin UI font ahead of the CJK ones is what drew "2018" apart from "年".
    expect(families).not.toContain('system-ui');
    expect(families.indexOf('"WenQuanYi Micro Hei"')).toBeLessThan(families.indexOf('sans-serif'));
  });
});
