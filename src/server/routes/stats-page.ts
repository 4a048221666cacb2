/**
 * The statistics page and the two scripts only it loads: `GET /stats` (pages/stats.ts),
 * `GET /assets/chart.umd.js` (Chart.js, from node_modules, as installed) and `GET /assets/stats.js`
 * (pages/stats-client.ts, bundled with esbuild on first use, as the widget is). The page links each
 * script with its content hash (`?v=…`), so both are served with a year-long cache and a changed file is
 * a new URL; gzip is prepared once and sent to clients that accept it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { Hono, type Context } from 'hono';
import { measureList } from '../../stats/query.js';
import type { OpenApiContributor } from '../openapi.js';
import { renderStatsPage, type MeasureOption, type StatsPageQuery } from '../pages/stats.js';
import { BROWSER_BUNDLE } from '../../widget/build.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface StatsPageRouteOptions {
  /** The picker's catalogue; default the standard measures, as `GET /api/stats` lists them. */
  measures?: readonly MeasureOption[];
}

/** A script held in memory: its text, its gzip and the hash its URL carries. */
interface Asset {
  body: string;
  gzip: Buffer;
  hash: string;
}

function asset(body: string): Asset {
  return { body, gzip: gzipSync(body), hash: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

/** Chart.js's UMD build (defines `window.Chart`), without its source-map comment (the map is not served). */
async function loadChartJs(): Promise<Asset> {
  const main = createRequire(import.meta.url).resolve('chart.js'); // …/chart.js/dist/chart.cjs
  const text = await readFile(path.join(path.dirname(main), 'chart.umd.js'), 'utf8');
  return asset(text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
}

/** pages/stats-client.ts as one minified script that starts the page. */
async function buildStatsClient(): Promise<Asset> {
  const result = await build({
    stdin: {
      contents: "import { startStatsPage } from './stats-client.js';\nvoid startStatsPage(document, window);\n",
      resolveDir: path.join(here, '../pages'),
      sourcefile: 'stats-entry.ts',
      loader: 'ts',
    },
    ...BROWSER_BUNDLE,
  });
  return asset(result.outputFiles[0]!.text);
}

/** A query value, trimmed and bounded (it is echoed into the form). */
function param(c: Context, name: string, max = 64): string | undefined {
  const value = c.req.query(name)?.trim().slice(0, max);
  return value || undefined;
}

/** Routes for `/stats` and its scripts; mount with `app.route('/', createStatsPageRoutes())`. */
export function createStatsPageRoutes(options: StatsPageRouteOptions = {}): Hono {
  const app = new Hono();
  const measures = options.measures ?? measureList();
  let chart: Promise<Asset> | undefined;
  let client: Promise<Asset> | undefined;
  // Built once; a failed build is retried on the next request rather than cached.
  const chartJs = (): Promise<Asset> => (chart ??= loadChartJs().catch((e: unknown) => ((chart = undefined), Promise.reject(e))));
  const statsJs = (): Promise<Asset> => (client ??= buildStatsClient().catch((e: unknown) => ((client = undefined), Promise.reject(e))));

  const serveScript = (load: () => Promise<Asset>) => async (c: Context) => {
    const script = await load();
    const etag = `"${script.hash}"`;
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('ETag', etag);
    c.header('Vary', 'Accept-Encoding');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip');
      return c.body(new Uint8Array(script.gzip));
    }
    return c.body(script.body);
  };

  app.get('/stats', async (c) => {
    const [chartScript, clientScript] = await Promise.all([chartJs(), statsJs()]);
    const query: StatsPageQuery = { measure: param(c, 'measure'), region: param(c, 'region'), year: param(c, 'year', 16), body: param(c, 'body') };
    return c.html(renderStatsPage({
      query,
      measures,
      chartScript: `/assets/chart.umd.js?v=${chartScript.hash}`,
      clientScript: `/assets/stats.js?v=${clientScript.hash}`,
    }));
  });
  app.get('/assets/chart.umd.js', serveScript(chartJs));
  app.get('/assets/stats.js', serveScript(statsJs));
  return app;
}

/** The OpenAPI entries of these routes, for `CORE_CONTRIBUTORS` in src/server/openapi.ts. */
export const registerStatsPagePaths: OpenApiContributor = (registry) => {
  const script = { description: '脚本（长期缓存；页面以 ?v=<内容哈希> 引用）', content: { 'text/javascript': { schema: { type: 'string' as const } } } };
  registry.registerPath({
    method: 'get',
    path: '/stats',
    tags: ['页面'],
    summary: '统计对比页：按地区或年份对比一项标准指标（图表 + 表格，每个数值链接到原文段落）',
    description: '查询参数与 GET /api/stats 相同（measure、region、year、body），写在页面地址里，便于分享。',
    responses: { 200: { description: 'HTML 页面', content: { 'text/html': { schema: { type: 'string' as const } } } } },
  });
  registry.registerPath({ method: 'get', path: '/assets/chart.umd.js', tags: ['页面'], summary: 'Chart.js（仅统计对比页加载）', responses: { 200: script } });
  registry.registerPath({ method: 'get', path: '/assets/stats.js', tags: ['页面'], summary: '统计对比页的脚本', responses: { 200: script } });
};
