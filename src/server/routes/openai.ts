/**
 * An OpenAI-compatible face of the chat API, so chat UIs and SDKs that speak OpenAI's protocol can use
 * the assistant as a "model": `POST /v1/chat/completions` (JSON or SSE `chat.completion.chunk`s ending
 * with `data: [DONE]`) and `GET /v1/models` (one model, `nianbao`).
 *
 * The last user message is the question and earlier user/assistant messages are the history, exactly
 * what /api/chat takes; system messages and sampling parameters are accepted and ignored (the answer
 * is extracted from the reports, not sampled). Citations travel twice: as a top-level `citations`
 * array (the /api/chat shape) for clients that know about it, and as a numbered `来源：` list at the end
 * of the text for plain chat UIs. Answering uses the same rate limit and load-shedding slots as
 * /api/chat. With `apiKey` configured every /v1 route wants `Authorization: Bearer <key>`.
 *
 * Errors keep the project's `{error:{code,message}}` shape plus OpenAI's `type`, so the official
 * client surfaces the message and status.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { ChatTurn } from '../../answer/answerer.js';
import { NianbaoError, isNianbaoError } from '../../errors.js';
import type { Answer, Citation } from '../../types.js';
import { shedWhenFull, type LoadShedder } from '../load-shed.js';
import type { RateLimiter } from '../middleware/rate-limit/index.js';
import { checkQuestion, parseWith, readJson } from '../schemas.js';
import { requireEngine, type EngineHolder } from '../state.js';
import { MAX_CHAT_BYTES, clientAnswer, oneLine } from './api.js';
import { paragraphLabel } from '../../lang/zh/report-terms.js';

/** The one model this server offers; echoed whatever `model` the request names. */
export const OPENAI_MODEL_ID = 'nianbao';
/** Starts the source list appended to the answer text (and is cut off again when the text comes back as history). */
export const SOURCES_HEADING = '\n\n来源：\n';
/** /api/chat's history bounds (chatTurnSchema): the latest turns and the first characters of each. */
const MAX_HISTORY_TURNS = 20;
const MAX_TURN_CHARS = 4000;

const textPart = z.object({ type: z.literal('text'), text: z.string() }).passthrough();
const messageSchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
    // null: an assistant turn that only called tools.
    content: z.union([z.string(), z.array(textPart), z.null()]).optional(),
  })
  .passthrough();

/** The request body; unknown parameters (temperature, max_tokens, tools…) pass and are ignored. */
export const chatCompletionBodySchema = z
  .object({
    model: z.string().optional(),
    messages: z.array(messageSchema).min(1).max(200),
    stream: z.boolean().nullish(),
  })
  .passthrough();

export interface OpenAiRouteDeps {
  /** Answering slots shared with /api/chat. */
  load: LoadShedder;
  /** The per-client budget shared with /api/chat and /api/search. */
  limiter: RateLimiter;
  log?: (line: string) => void;
}

export function createOpenAiRoutes(config: Config, holder: EngineHolder, deps: OpenAiRouteDeps): Hono {
  const v1 = new Hono();
  const { load, limiter } = deps;
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  v1.onError((err, c) => {
    // Other errors (client aborts, bugs) go on to the app's handler.
    if (!isNianbaoError(err)) throw err;
    if (err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
    return c.json(openAiError(err), err.status as 400);
  });
  if (config.apiKey) v1.use('*', requireBearerKey(config.apiKey));

  v1.get('/models', (c) => c.json({ object: 'list', data: [{ id: OPENAI_MODEL_ID, object: 'model', created: 0, owned_by: 'nianbao' }] }));

  const chatLimit = bodyLimit({
    maxSize: MAX_CHAT_BYTES,
    onError: () => {
      throw new NianbaoError('BODY_TOO_LARGE', `request body exceeds ${MAX_CHAT_BYTES / 1024} KB`);
    },
  });

  v1.post('/chat/completions', limiter.middleware, shedWhenFull(load), chatLimit, async (c) => {
    const body = parseWith(chatCompletionBodySchema, await readJson(c));
    const { question, history } = splitConversation(body.messages);
    const checked = checkQuestion(question, config.maxQuestionLength);
    const engine = requireEngine(holder);
    const options = { history };
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const release = await load.acquire({ signal: c.req.raw.signal });
    if (!body.stream) {
      try {
        const { retrieval: _retrieval, ...answer } = clientAnswer(await engine.ask(checked, options), log);
        return c.json({
          id,
          object: 'chat.completion',
          created,
          model: OPENAI_MODEL_ID,
          choices: [{ index: 0, message: { role: 'assistant', content: withSourceList(answer) }, finish_reason: 'stop', logprobs: null }],
          citations: answer.citations,
        });
      } finally {
        release();
      }
    }
    const chunk = (delta: Record<string, unknown>, finish: 'stop' | null = null, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ id, object: 'chat.completion.chunk', created, model: OPENAI_MODEL_ID, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...extra });
    try {
      return streamSSE(c, async (stream) => {
        const controller = new AbortController();
        stream.onAbort(() => controller.abort());
        try {
          await stream.writeSSE({ data: chunk({ role: 'assistant', content: '' }) });
          let streamed = '';
          for await (const event of engine.stream(checked, { ...options, signal: controller.signal })) {
            if (controller.signal.aborted) return;
            if (event.type === 'delta') {
              streamed += event.text;
              await stream.writeSSE({ data: chunk({ content: event.text }) });
            } else if (event.type === 'done') {
              const answer = clientAnswer(event.answer, log);
              // `done` is authoritative (/api/chat clients replace the streamed text with it); text
              // already sent cannot be taken back here, so only what it lacks is sent.
              const rest = answer.answer.startsWith(streamed) ? answer.answer.slice(streamed.length) : `\n\n${answer.answer}`;
              const tail = rest + sourceList(answer.citations);
              if (tail) await stream.writeSSE({ data: chunk({ content: tail }) });
              await stream.writeSSE({ data: chunk({}, 'stop', { citations: answer.citations }) });
              await stream.writeSSE({ data: '[DONE]' });
            }
          }
        } catch (e) {
          if (controller.signal.aborted) return;
          if (!isNianbaoError(e)) log(`[nianbao] openai chat stream failed: ${oneLine(e)}`);
          // OpenAI's clients raise an error for a data line carrying `error`.
          await stream.writeSSE({ data: JSON.stringify(openAiError(isNianbaoError(e) ? e : new NianbaoError('INTERNAL'))) });
        } finally {
          // The slot is held for the whole stream, as on /api/chat.
          release();
        }
      });
    } catch (e) {
      release();
      throw e;
    }
  });

  return v1;
}

/**
 * The question (the last user message) and the turns before it as /api/chat history. Assistant turns
 * lose the source list this route appended; turns are clipped to /api/chat's bounds, the latest kept.
 */
export function splitConversation(messages: z.infer<typeof messageSchema>[]): { question: string; history: ChatTurn[] } {
  let last = messages.length - 1;
  while (last >= 0 && messages[last]!.role !== 'user') last--;
  if (last < 0) throw new NianbaoError('INVALID_REQUEST', 'messages: at least one message with role "user" is required');
  const history: ChatTurn[] = [];
  for (const m of messages.slice(0, last)) {
    if (m.role !== 'user' && m.role !== 'assistant') continue;
    let content = textOf(m.content);
    if (m.role === 'assistant') content = content.split(SOURCES_HEADING)[0]!;
    if (content.trim()) history.push({ role: m.role, content: [...content].slice(0, MAX_TURN_CHARS).join('') });
  }
  return { question: textOf(messages[last]!.content), history: history.slice(-MAX_HISTORY_TURNS) };
}

function textOf(content: string | { text: string }[] | null | undefined): string {
  if (content == null) return '';
  return typeof content === 'string' ? content : content.map((p) => p.text).join('\n');
}

/** The answer text with its numbered source list, for clients that show only `content`. */
export function withSourceList(answer: Pick<Answer, 'answer' | 'citations'>): string {
  return answer.answer + sourceList(answer.citations);
}

/** `\n\n来源：\n[1] 《标题》 三、依申请公开办理情况 第26段 (004_….txt#p26)` (`第3页 第26段` for a PDF), or '' without citations. */
export function sourceList(citations: Citation[]): string {
  if (citations.length === 0) return '';
  const lines = citations.map((c) => `[${c.n}] 《${c.title}》${c.section ? ` ${c.section}` : ''} ${paragraphLabel(c.paragraph, c.page)} (${c.source}#p${c.paragraph})`);
  return SOURCES_HEADING + lines.join('\n');
}

/** `{error:{code,message,type}}`: the project's shape with OpenAI's error type added. */
function openAiError(err: NianbaoError) {
  const type = err.status === 401 ? 'authentication_error' : err.status === 429 ? 'rate_limit_error' : err.status < 500 ? 'invalid_request_error' : 'server_error';
  return { error: { ...err.toJSON().error, type } };
}

/** Refuses (401 UNAUTHORIZED) a request without `Authorization: Bearer <key>`; compared in constant time. */
export function requireBearerKey(key: string): MiddlewareHandler {
  const expected = createHash('sha256').update(key).digest();
  return async function requireBearerKeyMiddleware(c, next) {
    const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    // Hashing first makes both sides the same length, which timingSafeEqual needs.
    if (given === undefined || !timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new NianbaoError('UNAUTHORIZED', given === undefined ? 'missing Authorization: Bearer <key>' : 'wrong API key');
    }
    await next();
  };
}
