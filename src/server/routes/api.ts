/**
 * The JSON API: chat (JSON or SSE), search, reports, suggestions. Handlers only read input, call the
 * engine and shape output; errors are thrown as NianbaoError and answered by the app's one handler.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { Config } from '../../config.js';
import { NianbaoError, isNianbaoError } from '../../errors.js';
import { describeReport } from '../../ingest/index.js';
import type { Report } from '../../types.js';
import { chatBodySchema, checkQuestion, parseWith, readJson } from '../schemas.js';
import { requireEngine, type EngineHolder } from '../state.js';
import { answerableSuggestions } from '../suggestions.js';

/** Largest `/api/chat` body: a 500-character question plus 20 turns of history fit with room to spare. */
export const MAX_CHAT_BYTES = 256 * 1024;

export function createApiRoutes(config: Config, holder: EngineHolder): Hono {
  const api = new Hono();

  // A question is at most a few KB; refuse huge bodies before reading them into memory.
  const chatLimit = bodyLimit({
    maxSize: MAX_CHAT_BYTES,
    onError: () => {
      throw new NianbaoError('BODY_TOO_LARGE', `request body exceeds ${MAX_CHAT_BYTES / 1024} KB`);
    },
  });

  api.post('/chat', chatLimit, async (c) => {
    const body = parseWith(chatBodySchema, await readJson(c));
    const question = checkQuestion(body.question, config.maxQuestionLength);
    const engine = requireEngine(holder);
    const wantsStream = body.stream ?? (c.req.header('accept') ?? '').includes('text/event-stream');
    const options = { k: body.topK, reportIds: body.filters?.reportIds, history: body.history };
    if (!wantsStream) {
      const { retrieval: _retrieval, ...answer } = await engine.ask(question, options);
      return c.json(answer);
    }
    return streamSSE(c, async (stream) => {
      const controller = new AbortController();
      stream.onAbort(() => controller.abort());
      try {
        for await (const event of engine.stream(question, { ...options, signal: controller.signal })) {
          if (controller.signal.aborted) return;
          if (event.type === 'citations') await stream.writeSSE({ event: 'citations', data: JSON.stringify(event.citations) });
          else if (event.type === 'delta') await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: event.text }) });
          else await stream.writeSSE({ event: 'done', data: JSON.stringify(event.answer) });
        }
      } catch (e) {
        if (controller.signal.aborted) return;
        const err = isNianbaoError(e) ? e : new NianbaoError('INTERNAL', (e as Error).message);
        await stream.writeSSE({ event: 'error', data: JSON.stringify(err.toJSON()) });
      }
    });
  });

  api.get('/search', async (c) => {
    const q = checkQuestion(c.req.query('q') ?? '', config.maxQuestionLength);
    const k = Number(c.req.query('k') ?? config.topK);
    if (!Number.isInteger(k) || k < 1 || k > 50) throw new NianbaoError('INVALID_REQUEST', `k must be a whole number from 1 to 50, got "${c.req.query('k')}"`);
    const mode = c.req.query('mode') ?? 'hybrid';
    if (mode !== 'hybrid' && mode !== 'lexical' && mode !== 'vector') throw new NianbaoError('INVALID_REQUEST', `mode must be hybrid, lexical or vector, got "${mode}"`);
    const result = await requireEngine(holder).retrieve(q, { k, mode });
    return c.json({
      query: result.query,
      notice: result.notice ?? null,
      hits: result.hits.map((h) => ({
        source: h.report.source,
        reportId: h.report.id,
        title: h.report.title,
        section: h.chunk.headingPath.join(' > '),
        paragraph: h.chunk.anchor ?? h.chunk.paragraphs[0],
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

/** A report with its sections and numbered paragraphs, for showing a citation in context. */
export function reportView(r: Report) {
  return {
    ...describeReport(r),
    warnings: r.warnings,
    sections: r.sections,
    paragraphs: r.paragraphs.map((p) => ({ n: p.n, kind: p.kind, text: p.text, ...(p.context ? { context: p.context } : {}), headingPath: p.headingPath })),
  };
}
