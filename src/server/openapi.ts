/**
 * The OpenAPI 3.1 document of the server (`GET /openapi.json`, rendered at `GET /docs`), generated with
 * zod-to-openapi from the very zod schemas the routes validate with (`chatBodySchema`,
 * `searchQuerySchema`, `statsQuerySchema`, the batch `recordSchema`), so the document cannot drift from what is enforced.
 * Response shapes are documentation only: the server does not validate its own output.
 *
 * Each group of routes contributes its paths through an `OpenApiContributor` (a function given the
 * registry), listed in `CORE_CONTRIBUTORS`; a new route module adds one there, and
 * tests/server/openapi.test.ts fails for any route of the live app left out.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z, type ZodTypeAny } from 'zod';
import { ERRORS, type ErrorCode } from '../errors.js';
import { recordSchema } from '../eval/questions.js';
import { MAX_CHAT_BYTES } from './routes/api.js';
import { MAX_BATCH_BYTES, MAX_BATCH_QUESTIONS } from './routes/batch.js';
import { chatCompletionBodySchema } from './routes/openai.js';
import { registerStatsPagePaths } from './routes/stats-page.js';
import { chatBodySchema, searchQuerySchema, statsQuerySchema } from './schemas.js';

// Needed for `.openapi(...)` on this module's response schemas; request schemas use plain `.describe()`.
extendZodWithOpenApi(z);

/** Adds one group of routes to the document. */
export type OpenApiContributor = (registry: OpenAPIRegistry) => void;

const ERROR_CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

/** `{error:{code,message}}`, the one error shape of the server (src/errors.ts). */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).describe('错误码（见 src/errors.ts）；客户端应依据错误码而非文字作判断'),
      message: z.string().describe('中文说明 (English): 细节'),
    }),
  })
  .openapi('Error', {
    description: `所有 API 错误的统一格式。错误码与 HTTP 状态：${ERROR_CODES.map((code) => `${code} ${ERRORS[code].status}（${ERRORS[code].zh}）`).join('；')}`,
  });

const citationSchema = z
  .object({
    n: z.number().int(),
    reportId: z.string(),
    source: z.string().describe('语料目录内的文件路径'),
    title: z.string(),
    region: z.string().nullable(),
    year: z.number().int().nullable(),
    section: z.string().describe('标题路径，以 ` > ` 连接'),
    paragraph: z.number().int(),
    page: z.number().int().optional().describe('段落所在页码（PDF 报告）'),
    quote: z.string().describe('原文引文'),
    context: z.string().optional().describe('表格行的可读形式'),
    url: z.string().describe('报告浏览页中该段落的锚点'),
  })
  .openapi('Citation');

/** `AnswerChart` (src/types.ts): the small chart under an answer that compares several reports. */
const answerChartSchema = z
  .object({
    kind: z.enum(['bar', 'line']).describe('bar：跨报告比较；line：同一地区跨年份变化'),
    title: z.string(),
    unit: z.string().describe('数值的单位，如 件、条、元'),
    points: z.array(
      z.object({
        label: z.string().describe('地区或年份'),
        value: z.number(),
        citation: z.number().int().describe('该数值的引用编号（citations 中的 n）'),
      }),
    ),
  })
  .openapi('AnswerChart');

const answerSchema = z
  .object({
    answer: z.string(),
    citations: z.array(citationSchema),
    refused: z.boolean(),
    grounded: z.boolean(),
    chart: answerChartSchema.optional().describe('答案比较了多份报告的同一统计项时给出（由标准统计项计算）'),
    meta: z.record(z.unknown()).optional(),
  })
  .openapi('Answer');

const reportSummarySchema = z
  .object({
    id: z.string(),
    source: z.string(),
    title: z.string(),
    region: z.string().nullable(),
    body: z.string().nullable(),
    year: z.number().int().nullable(),
    regionPath: z.array(z.string()).nullable().optional(),
    script: z.string(),
  })
  .passthrough()
  .openapi('ReportSummary');

const json = (schema: ZodTypeAny, description: string): ResponseConfig => ({ description, content: { 'application/json': { schema } } });
const text = (type: string, description: string): ResponseConfig => ({ description, content: { [type]: { schema: z.string() } } });

/** The error responses an operation can give, each listing its codes. */
function errors(...codes: ErrorCode[]): Record<number, ResponseConfig> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code]);
  return Object.fromEntries([...byStatus].map(([status, list]) => [status, json(errorResponseSchema, list.join(' / '))]));
}

const NOT_READY: ErrorCode[] = ['INDEX_NOT_READY', 'INDEX_INCOMPATIBLE', 'INDEX_CORRUPT', 'INTERNAL'];
const ANSWERING: ErrorCode[] = ['RATE_LIMITED', 'ORIGIN_NOT_ALLOWED', 'OVERLOADED', ...NOT_READY];

const idParam = z.object({ id: z.string().describe('报告 id') });

/** `/api/chat`, `/api/search`, `/api/reports`, `/api/reports/{id}`, `/api/suggestions` (routes/api.ts). */
export const registerApiPaths: OpenApiContributor = (registry) => {
  registry.registerPath({
    method: 'post',
    path: '/api/chat',
    tags: ['API'],
    summary: '提问：返回带引用的答案（JSON 或 SSE 流）',
    description: `请求体最大 ${MAX_CHAT_BYTES / 1024} KB。\`stream: true\` 或 \`Accept: text/event-stream\` 时以 SSE 返回。`,
    request: { body: { required: true, content: { 'application/json': { schema: chatBodySchema, example: { question: '赤峰2012年依申请公开多少件', topK: 5 } } } } },
    responses: {
      200: {
        description: '答案',
        content: {
          'application/json': { schema: answerSchema },
          'text/event-stream': {
            schema: z.string().describe(
              'SSE 事件：`citations`（Citation[]）、`delta`（{text}）、`done`（最终答案 Answer，以它为准）、`error`（{error:{code,message}}）',
            ),
          },
        },
      },
      ...errors('INVALID_REQUEST', 'MALFORMED_JSON', 'EMPTY_QUESTION', 'QUESTION_TOO_LONG', 'BODY_TOO_LARGE', ...ANSWERING),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/search',
    tags: ['API'],
    summary: '检索：返回融合得分与各路排名（调试用）',
    request: { query: searchQuerySchema },
    responses: {
      200: json(
        z.object({ query: z.unknown().describe('解析后的查询'), notice: z.string().nullable(), hits: z.array(z.record(z.unknown())) }),
        '命中的段落（source, reportId, title, section, paragraph, text, score, ranks …）',
      ),
      ...errors('INVALID_REQUEST', 'EMPTY_QUESTION', 'QUESTION_TOO_LONG', ...ANSWERING),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/reports',
    tags: ['API'],
    summary: '报告列表（元数据）',
    responses: { 200: json(z.object({ reports: z.array(reportSummarySchema) }), '全部报告'), ...errors('ORIGIN_NOT_ALLOWED', ...NOT_READY) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/reports/{id}',
    tags: ['API'],
    summary: '单个报告：章节与编号段落',
    request: { params: idParam },
    responses: {
      200: json(
        z.object({ sections: z.array(z.unknown()), paragraphs: z.array(z.record(z.unknown())), warnings: z.array(z.unknown()) }).passthrough(),
        '报告元数据、章节、段落（含表格行）',
      ),
      ...errors('REPORT_NOT_FOUND', 'ORIGIN_NOT_ALLOWED', ...NOT_READY),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/suggestions',
    tags: ['API'],
    summary: '推荐问题（均已验证可以作答）',
    responses: { 200: json(z.object({ questions: z.array(z.string()) }), '推荐问题'), ...errors('ORIGIN_NOT_ALLOWED', ...NOT_READY) },
  });
};

const measureSchema = z.object({ id: z.string().describe('统计项 id，如 依申请公开.收到'), name: z.string(), unit: z.string().describe('基本单位，如 件、元、人次') });

/** The JSON body of `GET /api/stats` (`statsJson` in routes/stats.ts). */
export const statsResponseSchema = z
  .object({
    measure: measureSchema.describe('所查询的统计项'),
    measures: z.array(measureSchema).describe('全部标准统计项'),
    scope: z.object({ region: z.string().nullable(), year: z.string().nullable(), body: z.string().nullable() }).describe('请求的范围（原样）'),
    values: z
      .array(
        z.object({
          reportId: z.string(),
          title: z.string(),
          region: z.string().nullable(),
          year: z.number().int().nullable(),
          body: z.string().nullable(),
          value: z.number().describe('以基本单位计的数值'),
          text: z.string().describe('原文写法，如 8件、49.14万元'),
          unit: z.string(),
          source: z.string().describe('语料目录内的文件路径'),
          section: z.string().describe('标题路径'),
          paragraph: z.number().int(),
          page: z.number().int().optional().describe('段落所在页码（PDF 报告）'),
          quote: z.string().describe('含该数字的原文分句'),
          url: z.string().describe('报告浏览页中该段落的链接，数字高亮：/reports/<id>?hl=8件#p26'),
        }),
      )
      .describe('说明了该统计项的报告，按地区、年份排序'),
    missing: z
      .array(z.object({ reportId: z.string(), title: z.string(), region: z.string().nullable(), year: z.number().int().nullable() }))
      .describe('范围内未说明该统计项的报告（不计为 0）'),
  })
  .openapi('StatsResult');

/** `GET /api/stats` (routes/stats.ts). */
export const registerStatsPaths: OpenApiContributor = (registry) => {
  registry.registerPath({
    method: 'get',
    path: '/api/stats',
    tags: ['API'],
    summary: '统计：一个标准统计项在各报告中的数值（带引用），及未说明该项的报告',
    description: '`region=赤峰` 含赤峰市及其下辖旗县区；`year` 为 2012 或 2012-2019；`format=csv` 返回 CSV（UTF-8 带 BOM：表头一行，每个数值一行，再加未说明的报告各一行）。与搜索共用限流额度。',
    request: { query: statsQuerySchema },
    responses: {
      200: {
        description: '统计结果',
        content: {
          'application/json': { schema: statsResponseSchema },
          'text/csv': { schema: z.string().describe('地区,年份,发布机关,统计项,数值,单位,原文数字,报告,文件,段落,页,原文') },
        },
      },
      ...errors('INVALID_REQUEST', 'RATE_LIMITED', 'ORIGIN_NOT_ALLOWED', ...NOT_READY),
    },
  });
};

/**
 * One item of the JSON body of `/api/batch`: a string or a question record. The record is the batch
 * CLI's `recordSchema` as the route applies it: an absent or null id is numbered before validation.
 */
export const batchJsonItemSchema = z.union([
  z.string().describe('问题；id 为其序号（从 1 开始）'),
  recordSchema.extend({ id: recordSchema.shape.id.nullish().describe('文本或数字；省略或为 null 时为该项序号（从 1 开始）') }).describe('问题记录；其他字段原样带到结果中'),
]);

/** `POST /api/batch` (routes/batch.ts). */
export const registerBatchPaths: OpenApiContributor = (registry) => {
  registry.registerPath({
    method: 'post',
    path: '/api/batch',
    tags: ['API'],
    summary: '批量问答：按输入顺序以 NDJSON 流式返回',
    description: `最多 ${MAX_BATCH_QUESTIONS} 个问题，请求体最大 ${MAX_BATCH_BYTES / 1024 / 1024} MB；任一条不合法则整个请求 400 并指出第几条。每个问题消耗一次限流额度。`,
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.array(batchJsonItemSchema).max(MAX_BATCH_QUESTIONS),
            example: ['赤峰2012年依申请公开多少件', { id: 'q2', question: '祥符区2018年办结市长专线多少件' }],
          },
          'multipart/form-data': { schema: z.object({ file: z.string().openapi({ format: 'binary', description: '.jsonl 或 .csv 问题文件（UTF-8 或 GBK）' }) }) },
          'application/x-ndjson': { schema: z.string().describe('每行一个 {id?, question, …}') },
          'text/csv': { schema: z.string().describe('表头含 question，可选 id') },
        },
      },
    },
    responses: {
      200: text('application/x-ndjson', '每个问题一行 {id, question, answer, citations, refused, grounded, latency_ms, …}；流中途失败时最后一行为 {error:{code,message}}'),
      ...errors('INVALID_REQUEST', 'INVALID_INPUT_FILE', 'MALFORMED_JSON', 'TOO_MANY_QUESTIONS', 'QUESTION_TOO_LONG', 'BODY_TOO_LARGE', 'RATE_LIMITED', 'ORIGIN_NOT_ALLOWED', ...NOT_READY),
    },
  });
};

/** `/health`, the pages, the widget script and this document itself (app.ts). */
export const registerSitePaths: OpenApiContributor = (registry) => {
  registry.registerPath({
    method: 'get',
    path: '/health',
    tags: ['运维'],
    summary: '健康检查：索引、嵌入模型与答题器状态',
    responses: {
      200: json(z.object({ status: z.literal('ready'), index: z.record(z.unknown()), embedder: z.object({ id: z.string(), dimension: z.number() }), answerer: z.object({ id: z.string() }) }), '就绪'),
      503: json(
        z.object({ status: z.string().describe('loading / failed / corrupt'), progress: z.unknown().optional(), error: errorResponseSchema.shape.error.optional() }),
        '索引加载中、加载失败或损坏',
      ),
    },
  });
  const page = (path: string, summary: string, codes: ErrorCode[], params?: typeof idParam) =>
    registry.registerPath({
      method: 'get',
      path,
      tags: ['页面'],
      summary,
      ...(params ? { request: { params } } : {}),
      responses: { 200: text('text/html', 'HTML 页面'), ...Object.fromEntries(codes.map((code) => [ERRORS[code].status, text('text/html', `${code}：中文错误页（Accept: application/json 时为 Error JSON）`)])) },
    });
  page('/', '演示页（嵌入了问答小部件）', []);
  page('/reports', '报告浏览', ['INDEX_NOT_READY']);
  page('/reports/{id}', '报告阅读页（#p26 高亮第 26 段）', ['REPORT_NOT_FOUND', 'INDEX_NOT_READY'], idParam);
  page('/docs', '本接口文档', []);
  registry.registerPath({
    method: 'get',
    path: '/widget.js',
    tags: ['页面'],
    summary: '问答小部件脚本',
    responses: { 200: text('application/javascript', '小部件脚本'), ...errors('NOT_FOUND') },
  });
  registry.registerPath({ method: 'get', path: '/favicon.ico', tags: ['页面'], summary: '网站图标', responses: { 200: text('image/x-icon', '图标') } });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    tags: ['运维'],
    summary: '本 OpenAPI 3.1 文档',
    responses: { 200: json(z.record(z.unknown()), 'OpenAPI 文档') },
  });
};

/** The OpenAI-compatible `/v1` routes (routes/openai.ts); errors there also carry OpenAI's `type`. */
export const registerOpenAiPaths: OpenApiContributor = (registry) => {
  const security = { description: '配置了 API 密钥时需要 `Authorization: Bearer <key>`' };
  registry.registerPath({
    method: 'get',
    path: '/v1/models',
    tags: ['OpenAI 兼容'],
    summary: '模型列表（只有 nianbao）',
    description: security.description,
    responses: { 200: json(z.object({ object: z.literal('list'), data: z.array(z.record(z.unknown())) }), '模型列表'), ...errors('UNAUTHORIZED') },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/chat/completions',
    tags: ['OpenAI 兼容'],
    summary: 'OpenAI 兼容的对话补全：最后一条用户消息为问题',
    description: `${security.description}。stream 为 true 时返回 SSE \`chat.completion.chunk\`，以 \`data: [DONE]\` 结束。`,
    request: {
      body: { required: true, content: { 'application/json': { schema: chatCompletionBodySchema, example: { model: 'nianbao', messages: [{ role: 'user', content: '赤峰2012年依申请公开多少件' }] } } } },
    },
    responses: {
      200: {
        description: 'chat.completion（含 citations）或 SSE 流',
        content: { 'application/json': { schema: z.record(z.unknown()) }, 'text/event-stream': { schema: z.string() } },
      },
      ...errors('INVALID_REQUEST', 'MALFORMED_JSON', 'EMPTY_QUESTION', 'QUESTION_TOO_LONG', 'UNAUTHORIZED', 'BODY_TOO_LARGE', 'RATE_LIMITED', 'OVERLOADED', ...NOT_READY),
    },
  });
};

/** The MCP endpoint (src/mcp/http.ts): stateless Streamable HTTP, JSON-RPC 2.0 over POST. */
export const registerMcpPaths: OpenApiContributor = (registry) => {
  const rpc = z.object({ jsonrpc: z.literal('2.0'), id: z.union([z.string(), z.number(), z.null()]).optional() }).passthrough();
  registry.registerPath({
    method: 'post',
    path: '/mcp',
    tags: ['MCP'],
    summary: 'MCP 工具调用（JSON-RPC 2.0，无会话）',
    request: { body: { required: true, content: { 'application/json': { schema: rpc.describe('MCP JSON-RPC 请求') } } } },
    responses: { 200: json(rpc, 'JSON-RPC 响应') },
  });
  for (const method of ['get', 'delete'] as const) {
    registry.registerPath({ method, path: '/mcp', tags: ['MCP'], summary: '不支持（无会话服务只接受 POST）', responses: { 405: json(rpc, 'JSON-RPC 错误，Allow: POST') } });
  }
};

/** Every group of routes the app mounts; a new route module adds its contributor here. */
export const CORE_CONTRIBUTORS: readonly OpenApiContributor[] = [
  registerSitePaths,
  registerApiPaths,
  registerStatsPaths,
  registerBatchPaths,
  registerStatsPagePaths,
  registerOpenAiPaths,
  registerMcpPaths,
];

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** Builds the OpenAPI 3.1 document from the contributors' registrations. */
export function createOpenApiDocument(contributors: readonly OpenApiContributor[] = CORE_CONTRIBUTORS): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.register('Error', errorResponseSchema);
  for (const contribute of contributors) contribute(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: '年报问答 API (nianbao)', version: '1', description: '政府信息公开工作年度报告问答。所有错误均为 {error:{code,message}}（见组件 Error）。' },
  });
}

let cached: OpenApiDocument | undefined;
/** The server's document, built once (the schemas do not change while the process runs). */
export function openApiDocument(): OpenApiDocument {
  cached ??= createOpenApiDocument();
  return cached;
}
