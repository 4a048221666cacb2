import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ZodTypeAny } from 'zod';
import { ERRORS } from '../../src/errors.js';
import { parseQuestionArray } from '../../src/eval/questions.js';
import { createApp } from '../../src/server/app.js';
import { batchJsonItemSchema, createOpenApiDocument, type OpenApiDocument } from '../../src/server/openapi.js';
import { chatCompletionBodySchema } from '../../src/server/routes/openai.js';
import { createStatsPageRoutes } from '../../src/server/routes/stats-page.js';
import { chatBodySchema, searchQuerySchema, statsQuerySchema } from '../../src/server/schemas.js';
import { createEngineHolder } from '../../src/server/state.js';
import { testEngine } from '../helpers/engine.js';

let app: Hono;
let doc: OpenApiDocument;

beforeAll(async () => {
  const t = await testEngine();
  app = createApp({ config: t.config, engine: createEngineHolder({ status: 'ready', engine: t.engine }) });
  doc = (await (await app.request('/openapi.json')).json()) as OpenApiDocument;
});

/** What zod-to-openapi makes of `schema` on its own, as a request body. */
function generateSchema(schema: ZodTypeAny): unknown {
  const registry = new OpenAPIRegistry();
  registry.registerPath({ method: 'post', path: '/x', request: { body: { content: { 'application/json': { schema } } } }, responses: {} });
  const generated = new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: '3.1.0', info: { title: 'x', version: '1' } });
  return (generated.paths!['/x']!.post!.requestBody as { content: Record<string, { schema: unknown }> }).content['application/json']!.schema;
}

type Op = { parameters?: { name: string; in: string; required?: boolean; schema: unknown }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
const op = (method: string, path: string) => (doc.paths as Record<string, Record<string, Op>>)[path]![method]!;
const bodySchema = (method: string, path: string, type = 'application/json') => op(method, path).requestBody!.content[type]!.schema;

/** A JSON Schema 2020-12 validator that resolves the document's `#/components/schemas/…` refs. */
function validatorFor(schema: unknown) {
  const ajv = new Ajv2020({ strict: false });
  return ajv.compile({ ...(schema as object), components: doc.components });
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toContain('年报问答');
  });

  it('documents every route of the live app (a route added without registering its paths fails here)', () => {
    const live = new Set(
      app.routes
        .filter((r) => !r.path.includes('*') && r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
        .filter((key) => !key.endsWith(' /openapi.json') && !key.endsWith(' /docs')),
    );
    const documented = new Set(Object.entries(doc.paths ?? {}).flatMap(([path, item]) => Object.keys(item as object).map((m) => `${m.toUpperCase()} ${path}`)));
    const missing = [...live].filter((key) => !documented.has(key));
    expect(missing, 'routes missing from src/server/openapi.ts: register them with an OpenApiContributor').toEqual([]);
    // The core routes the issue names, so an empty app cannot pass the check above by accident.
    for (const key of ['GET /health', 'POST /api/chat', 'GET /api/search', 'GET /api/reports', 'GET /api/reports/{id}', 'POST /api/batch', 'GET /api/suggestions', 'GET /', 'GET /reports', 'GET /reports/{id}', 'GET /widget.js', 'GET /favicon.ico', 'GET /api/stats', 'GET /stats', 'GET /assets/chart.umd.js']) {
      expect(live.has(key), key).toBe(true);
    }
  });

  it('documents the statistics page and its scripts, mounted or not yet', () => {
    const documented = new Set(Object.entries(doc.paths ?? {}).flatMap(([path, item]) => Object.keys(item as object).map((m) => `${m.toUpperCase()} ${path}`)));
    const pageRoutes = createStatsPageRoutes().routes.map((r) => `${r.method} ${r.path}`);
    expect(pageRoutes).toEqual(expect.arrayContaining(['GET /stats', 'GET /assets/chart.umd.js']));
    for (const key of [...pageRoutes, 'GET /api/stats']) expect(documented.has(key), key).toBe(true);
  });

  it('shares one Error component listing every code of the catalogue', () => {
    const error = doc.components!.schemas!.Error as { properties: { error: { properties: { code: { enum: string[] } } } } };
    expect(error.properties.error.properties.code.enum.sort()).toEqual(Object.keys(ERRORS).sort());
    const chat400 = op('post', '/api/chat').responses['400']!.content!['application/json']!.schema;
    expect(chat400).toEqual({ $ref: '#/components/schemas/Error' });
  });

  it('documents both the JSON and the SSE answer of POST /api/chat', () => {
    expect(Object.keys(op('post', '/api/chat').responses['200']!.content!)).toEqual(['application/json', 'text/event-stream']);
  });

  it('an actual error response validates against the Error component', async () => {
    const res = await app.request('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: '' }) });
    expect(res.status).toBe(400);
    expect(validatorFor({ $ref: '#/components/schemas/Error' })(await res.json())).toBe(true);
  });
});

describe('the document matches the schemas the routes validate with', () => {
  it('POST /api/chat body is generated from chatBodySchema', () => {
    expect(bodySchema('post', '/api/chat')).toEqual(generateSchema(chatBodySchema));
  });

  it('POST /v1/chat/completions body is generated from chatCompletionBodySchema', () => {
    expect(bodySchema('post', '/v1/chat/completions')).toEqual(generateSchema(chatCompletionBodySchema));
  });

  it('POST /api/batch JSON body is an array of the batch record schema', () => {
    const schema = bodySchema('post', '/api/batch') as { items: unknown; maxItems: number };
    expect(schema.items).toEqual(generateSchema(batchJsonItemSchema));
    expect(schema.maxItems).toBe(1000);
    expect(Object.keys(op('post', '/api/batch').requestBody!.content)).toEqual(['application/json', 'multipart/form-data', 'application/x-ndjson', 'text/csv']);
  });

  it('GET /api/search query parameters are generated from searchQuerySchema', () => {
    const params = op('get', '/api/search').parameters!;
    expect(params.map((p) => [p.name, p.in, p.required])).toEqual([
      ['q', 'query', true],
      ['k', 'query', false],
      ['mode', 'query', false],
    ]);
    for (const p of params) expect(p.schema).toEqual(generateSchema(searchQuerySchema.shape[p.name as keyof typeof searchQuerySchema.shape]));
  });

  it('GET /api/stats query parameters are generated from statsQuerySchema; JSON and CSV answers are documented', () => {
    const params = op('get', '/api/stats').parameters!;
    expect(params.map((p) => [p.name, p.in, p.required])).toEqual([
      ['measure', 'query', true],
      ['region', 'query', false],
      ['include', 'query', false],
      ['year', 'query', false],
      ['body', 'query', false],
      ['format', 'query', false],
    ]);
    for (const p of params) expect(p.schema).toEqual(generateSchema(statsQuerySchema.shape[p.name as keyof typeof statsQuerySchema.shape]));
    const stats = op('get', '/api/stats').responses;
    expect(Object.keys(stats['200']!.content!)).toEqual(['application/json', 'text/csv']);
    for (const status of ['400', '429', '503']) expect(stats[status]!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Error' });
  });

  it('an actual /api/stats answer and its errors validate against the document', async () => {
    const validate = validatorFor(op('get', '/api/stats').responses['200']!.content!['application/json']!.schema);
    const res = await app.request(`/api/stats?measure=${encodeURIComponent('依申请公开.收到')}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { values: unknown[] };
    expect(body.values.length).toBeGreaterThan(0);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    // Every field the route sends is documented (an undocumented one would go unnoticed otherwise).
    const documented = doc.components!.schemas!.StatsResult as { properties: Record<string, { items?: { properties: Record<string, unknown> } }> };
    expect(Object.keys(body).sort()).toEqual(Object.keys(documented.properties).sort());
    for (const v of body.values as Record<string, unknown>[]) for (const key of Object.keys(v)) expect(documented.properties.values!.items!.properties, key).toHaveProperty(key);
    for (const bad of ['measure=x', 'measure=', `measure=${encodeURIComponent('依申请公开.收到')}&year=12`, `measure=${encodeURIComponent('依申请公开.收到')}&format=xls`]) {
      const err = await app.request(`/api/stats?${bad}`);
      expect(err.status, bad).toBe(400);
      expect(validatorFor({ $ref: '#/components/schemas/Error' })(await err.json())).toBe(true);
    }
  });

  it('the Answer component documents the comparison chart', () => {
    const answer = doc.components!.schemas!.Answer as { properties: Record<string, unknown>; required: string[] };
    expect(answer.properties).toHaveProperty('chart');
    expect(answer.required).not.toContain('chart');
    const chart = doc.components!.schemas!.AnswerChart as { properties: Record<string, unknown>; required: string[] };
    expect(chart.required.sort()).toEqual(['kind', 'points', 'title', 'unit']);
    const validate = validatorFor({ $ref: '#/components/schemas/Answer' });
    const chartOf = (kind: string) => ({ kind, title: 't', unit: '件', points: [{ label: '赤峰市', value: 8, citation: 1 }] });
    expect(validate({ answer: 'a', citations: [], refused: false, grounded: true, chart: chartOf('bar') })).toBe(true);
    expect(validate({ answer: 'a', citations: [], refused: false, grounded: true, chart: chartOf('pie') })).toBe(false);
  });

  it('a valid chat request passes zod, the document and the route; an invalid one fails all three', async () => {
    const validate = validatorFor(bodySchema('post', '/api/chat'));
    const good = { question: '赤峰2012年依申请公开多少件', history: [{ role: 'user', content: '你好' }], topK: 3, filters: { reportIds: ['x'] }, stream: false };
    expect(chatBodySchema.safeParse(good).success).toBe(true);
    expect(validate(good)).toBe(true);
    expect((await postJson('/api/chat', { question: good.question, topK: 3 })).status).toBe(200);
    for (const bad of [{ question: 'q', topK: 0 }, { question: 'q', extra: 1 }, { question: 'q', history: [{ role: 'system', content: 'x' }] }, {}]) {
      expect(chatBodySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
      expect((await postJson('/api/chat', bad)).status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('batch items: the document, the item schema and the route parser agree', async () => {
    const validate = validatorFor(bodySchema('post', '/api/batch'));
    const good = ['赤峰2012年依申请公开多少件', { question: '祥符区2018年办结市长专线多少件' }, { id: 7, question: '赤峰', gold: '8件' }, { id: null, question: '赤峰' }];
    expect(validate(good)).toBe(true);
    expect(parseQuestionArray(good).errors).toEqual([]);
    for (const item of good) expect(batchJsonItemSchema.safeParse(item).success).toBe(true);
    for (const bad of [{ id: 'a' }, { question: 5 }, 3, { id: true, question: 'q' }]) {
      expect(validate([bad]), JSON.stringify(bad)).toBe(false);
      expect(batchJsonItemSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
      expect(parseQuestionArray([bad]).errors, JSON.stringify(bad)).toHaveLength(1);
      expect((await postJson('/api/batch', [bad])).status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('search parameters: zod and the route accept and refuse the same values', async () => {
    const shape = searchQuerySchema.shape;
    for (const [k, ok] of [['3', true], ['50', true], ['0', false], ['51', false], ['1.5', false], ['abc', false], ['', false]] as const) {
      expect(shape.k.safeParse(k).success, `k=${k}`).toBe(ok);
      expect((await app.request(`/api/search?q=${encodeURIComponent('赤峰')}&k=${k}`)).status, `k=${k}`).toBe(ok ? 200 : 400);
    }
    for (const [mode, ok] of [['lexical', true], ['vector', true], ['fuzzy', false]] as const) {
      expect(shape.mode.safeParse(mode).success, mode).toBe(ok);
      expect((await app.request(`/api/search?q=${encodeURIComponent('赤峰')}&mode=${mode}`)).status, mode).toBe(ok ? 200 : 400);
    }
  });
});

describe('GET /docs', () => {
  it('lists every operation of the document on a self-contained Chinese page', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('接口文档');
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of Object.keys(item as object)) expect(html, `${method} ${path}`).toContain(`id="${method}-${path}"`);
    }
    expect(html).toContain('id="schema-Error"');
  });

  it('creates a fresh document from the contributors it is given', () => {
    expect(Object.keys(createOpenApiDocument([]).paths ?? {})).toEqual([]);
  });
});

const postJson = (path: string, body: unknown) => app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
