/**
 * The JSON API: chat (JSON or SSE), search, reports, suggestions. Handlers only read input, call the
 * engine and shape output; errors are thrown as NianbaoError and answered by the app's one handler.
 * Chat and search answer inside a slot of the load shedder (503 OVERLOADED when none frees in time);
 * the body is read and checked before taking a slot, so a slow upload never holds one, and a request
 * that could not even queue is refused before its body is read, so refusals stay cheap.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { Config } from '../../config.js';
import { NianbaoError, formatMessage, isNianbaoError } from '../../errors.js';
import { describeReport } from '../../ingest/index.js';
import type { Answer, Report } from '../../types.js';
import { shedWhenFull, type LoadShedder } from '../load-shed.js';
import { chatBodySchema, checkQuestion, parseWith, readJson, searchQuerySchema } from '../schemas.js';
import { requireEngine, type EngineHolder } from '../state.js';
import { answerableSuggestions } from '../suggestions.js';

/** Largest `/api/chat` body: a 500-character question plus 20 turns of history fit with room to spare. */
export const MAX_CHAT_BYTES = 256 * 1024;

export interface ApiRouteDeps {
  /** Answering slots shared by chat, search and batch. */
  load: LoadShedder;
  /** Where server-side details go that clients must not see (upstream errors); default stderr. */
  log?: (line: string) => void;
}

export function createApiRoutes(config: Config, holder: EngineHolder, deps: ApiRouteDeps): Hono {
  const api = new Hono();
  const { load } = deps;
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  // A question is at most a few KB; refuse huge bodies before reading them into memory.
  const chatLimit = bodyLimit({
    maxSize: MAX_CHAT_BYTES,
    onError: () => {
      throw new NianbaoError('BODY_TOO_LARGE', `request body exceeds ${MAX_CHAT_BYTES / 1024} KB`);
    },
  });

  const shed = shedWhenFull(load);

  api.post('/chat', shed, chatLimit, async (c) => {
    const body = parseWith(chatBodySchema, await readJson(c));
    const question = checkQuestion(body.question, config.maxQuestionLength);
    const engine = requireEngine(holder);
    const wantsStream = body.stream ?? (c.req.header('accept') ?? '').includes('text/event-stream');
    const options = { k: body.topK, reportIds: body.filters?.reportIds, history: body.history };
    const release = await load.acquire({ signal: c.req.raw.signal });
    if (!wantsStream) {
      try {
        const { retrieval: _retrieval, ...answer } = await engine.ask(question, options);
        return c.json(clientAnswer(answer, log));
      } finally {
        release();
      }
    }
    try {
      return streamSSE(c, async (stream) => {
        const controller = new AbortController();
        stream.onAbort(() => controller.abort());
        try {
          for await (const event of engine.stream(question, { ...options, signal: controller.signal })) {
            if (controller.signal.aborted) return;
            if (event.type === 'citations') await stream.writeSSE({ event: 'citations', data: JSON.stringify(event.citations) });
            else if (event.type === 'delta') await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: event.text }) });
            else await stream.writeSSE({ event: 'done', data: JSON.stringify(clientAnswer(event.answer, log)) });
          }
        } catch (e) {
          if (controller.signal.aborted) return;
          if (!isNianbaoError(e)) log(`[nianbao] chat stream failed: ${oneLine(e)}`);
          const err = isNianbaoError(e) ? e : new NianbaoError('INTERNAL');
          await stream.writeSSE({ event: 'error', data: JSON.stringify(err.toJSON()) });
        } finally {
          // The slot is held for the whole stream: its answer is being computed until `done`.
          release();
        }
      });
    } catch (e) {
      release();
      throw e;
    }
  });

  api.get('/search', shed, async (c) => {
    const q = checkQuestion(c.req.query('q') ?? '', config.maxQuestionLength);
    const kParsed = searchQuerySchema.shape.k.safeParse(c.req.query('k'));
    if (!kParsed.success) throw new NianbaoError('INVALID_REQUEST', `k must be a whole number from 1 to 50, got "${c.req.query('k')}"`);
    const k = kParsed.data ?? config.topK;
    const modeParsed = searchQuerySchema.shape.mode.safeParse(c.req.query('mode'));
    if (!modeParsed.success) throw new NianbaoError('INVALID_REQUEST', `mode must be hybrid, lexical or vector, got "${c.req.query('mode')}"`);
    const mode = modeParsed.data ?? 'hybrid';
    const engine = requireEngine(holder);
    const release = await load.acquire({ signal: c.req.raw.signal });
    const result = await engine.retrieve(q, { k, mode }).finally(release);
    return c.json({
      query: result.query,
      notice: result.notice ?? null,
      hits: result.hits.map((h) => ({
        source: h.report.source,
        reportId: h.report.id,
        title: h.report.title,
        section: h.chunk.headingPath.join(' > '),
        paragraph: h.chunk.anchor ?? h.chunk.paragraphs[0],
        ...(h.chunk.page ? { page: h.chunk.page } : {}),
        paragraphs: h.chunk.paragraphs,
        text: h.chunk.text,
        context: h.chunk.context,
        score: h.score,
        ranks: h.ranks,
      })),
    });
  });

  api.get('/reports', (c) => {
    const { index } = requireEngine(holder);
    return c.json({ reports: index.summaries.map(({ statedYears: _years, ...summary }) => summary) });
  });

  api.get('/reports/:id', async (c) => {
    const report = await requireEngine(holder).index.report(c.req.param('id'));
    if (!report) throw new NianbaoError('REPORT_NOT_FOUND', c.req.param('id'));
    return c.json(reportView(report));
  });

  // Suggestions are checked against the engine once per loaded index: the widget never suggests a refusal.
  const checked = new WeakMap<object, Promise<string[]>>();
  api.get('/suggestions', async (c) => {
    const engine = requireEngine(holder);
    let questions = checked.get(engine.index);
    if (!questions) {
      questions = answerableSuggestions(engine.index.summaries, (q) => engine.ask(q));
      checked.set(engine.index, questions);
    }
    return c.json({ questions: await questions });
  });

  return api;
}

/**
 * The answer as sent to clients. The LLM answerer records the model service's error text in
 * `meta.error` (useful in the CLI and evals); it can name hosts, keys' prefixes or quotas, so here it
 * goes to the server log as one line and the client gets a generic Chinese message with a code.
 */
export function clientAnswer<T extends Answer>(answer: T, log: (line: string) => void): T {
  const upstream = answer.meta?.error;
  if (upstream === undefined) return answer;
  log(`[nianbao] 大模型调用失败，已改用 ${String(answer.meta?.fallbackAnswerer ?? 'fallback')} 作答 (LLM call failed): ${oneLine(upstream)}`);
  return { ...answer, meta: { ...answer.meta, error: formatMessage('LLM_UNAVAILABLE'), errorCode: 'LLM_UNAVAILABLE' } };
}

/** An error or value as one log line. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.replace(/\s+/g, ' ').slice(0, 500);
}

/** A report with its sections and numbered paragraphs, for showing a citation in context. */
export function reportView(r: Report) {
  return {
    ...describeReport(r),
    warnings: r.warnings,
    sections: r.sections,
    paragraphs: r.paragraphs.map((p) => ({ n: p.n, kind: p.kind, text: p.text, ...(p.context ? { context: p.context } : {}), headingPath: p.headingPath })),
  };
}
