/**
 * Request bodies and query strings, checked with zod at the edge. A failure becomes a 400 naming the
 * field (INVALID_REQUEST), and question-specific problems get their own codes (EMPTY_QUESTION,
 * QUESTION_TOO_LONG) so clients can react to them.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { NianbaoError } from '../errors.js';

export const chatTurnSchema = z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(4000) }).strict();

export const chatBodySchema = z
  .object({
    question: z.string(),
    history: z.array(chatTurnSchema).max(20).optional(),
    topK: z.number().int().min(1).max(20).optional(),
    filters: z.object({ reportIds: z.array(z.string().min(1)).min(1).max(100).optional() }).strict().optional(),
    stream: z.boolean().optional(),
  })
  .strict();

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
