/**
 * Request bodies and query strings, checked with zod at the edge. A failure becomes a 400 naming the
 * field (INVALID_REQUEST), and question-specific problems get their own codes (EMPTY_QUESTION,
 * QUESTION_TOO_LONG) so clients can react to them.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { NianbaoError } from '../errors.js';

export const chatTurnSchema = z
  .object({ role: z.enum(['user', 'assistant']), content: z.string().max(4000) })
  .strict()
  .describe('对话中的一轮（旧问答），最多 4000 字');

export const chatBodySchema = z
  .object({
    question: z.string().describe('问题；去掉首尾空白后不能为空，且不超过配置的最大长度（EMPTY_QUESTION / QUESTION_TOO_LONG）'),
    history: z.array(chatTurnSchema).max(20).optional().describe('此前的对话，最多 20 轮'),
    topK: z.number().int().min(1).max(20).optional().describe('检索的段落数'),
    filters: z
      .object({ reportIds: z.array(z.string().min(1)).min(1).max(100).optional().describe('只在这些报告中检索') })
      .strict()
      .optional(),
    stream: z.boolean().optional().describe('true：以 SSE（text/event-stream）返回；省略时看 Accept 头'),
  })
  .strict()
  .describe('POST /api/chat 的请求体');

/**
 * `GET /api/search` query parameters. The route checks each parameter with its field schema here
 * (`searchQuerySchema.shape.k`), so the OpenAPI document describes exactly what is enforced; `q` goes
 * through `checkQuestion` for its own error codes, and a missing `k` means the configured topK.
 */
export const searchQuerySchema = z.object({
  q: z.string().describe('问题或关键词；去掉首尾空白后不能为空'),
  k: z.coerce.number().int().min(1).max(50).optional().describe('返回的命中数，1–50，默认为配置的 topK'),
  mode: z.enum(['hybrid', 'lexical', 'vector']).optional().describe('检索方式，默认 hybrid'),
});

export type ChatBody = z.infer<typeof chatBodySchema>;

/** Reads and parses the JSON body; MALFORMED_JSON when it is not JSON at all. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) throw new NianbaoError('MALFORMED_JSON', 'empty body');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new NianbaoError('MALFORMED_JSON', (e as Error).message);
  }
}

/** Validates with a schema; the first issue names the field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || '(body)';
  const detail = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : `${field}: ${issue.message}`;
  throw new NianbaoError('INVALID_REQUEST', detail);
}

/** Trims a question and enforces the length limits. */
export function checkQuestion(question: string, maxLength: number): string {
  const q = question.trim();
  if (!q) throw new NianbaoError('EMPTY_QUESTION');
  if ([...q].length > maxLength) throw new NianbaoError('QUESTION_TOO_LONG', `${[...q].length} > ${maxLength} characters`);
  return q;
}

/**
 * `GET /api/stats` query: a standard measure (`依申请公开.收到`, see `measures` in the response), and
 * optionally a region (`赤峰` covers 赤峰市 and its districts), a year or range (`2012`, `2012-2019`) and a
 * body. `format=csv` answers a CSV file instead of JSON.
 */
export const statsQuerySchema = z.object({
  measure: z.string().min(1, 'measure 必填 (required)').describe('统计项 id，如 依申请公开.收到；可用的统计项见响应的 measures'),
  region: z.string().max(50).optional().describe('地区，如 赤峰（含下辖旗县区）'),
  include: z.enum(['all', 'self', 'below']).optional().describe('地区范围：all 本级及下辖（默认）、self 仅本级、below 仅下辖'),
  year: z
    .string()
    .regex(/^\d{4}(?:\s*[-~–—至到]\s*\d{4})?$/, 'year 须为 2012 或 2012-2019 (a year or a range)')
    .optional()
    .describe('年份或年份范围，如 2012 或 2012-2019'),
  body: z.string().max(50).optional().describe('发布机关，如 人民政府'),
  format: z.enum(['json', 'csv']).optional().describe('json（默认）或 csv'),
});

export type StatsQuery = z.infer<typeof statsQuerySchema>;

/** `2012` → 2012; `2012-2019` → [2012, 2019] (either order). */
export function parseYearScope(year: string | undefined): number | [number, number] | null {
  if (!year) return null;
  const [a, b] = year.split(/\s*[-~–—至到]\s*/).map(Number);
  if (b === undefined) return a!;
  return a! <= b ? [a!, b] : [b, a!];
}
