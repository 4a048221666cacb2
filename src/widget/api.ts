/**
 * The widget's client for the nianbao HTTP API. It turns every failure into a `WidgetApiError` with
 * a code (the server's catalogue code, or NETWORK / STREAM_INTERRUPTED for transport failures) and
 * a `retryable` flag the view uses to offer 重试. Aborts are passed through untouched.
 */
import type { Answer, AnswerChart, Citation } from '../types.js';
import { readSse } from './sse.js';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  question: string;
  history?: ChatTurn[];
  topK?: number;
}

export interface ChatStreamHandlers {
  onCitations?(citations: Citation[]): void;
  onDelta?(text: string): void;
}

export class WidgetApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    /** Seconds from the Retry-After header of a 429 or a 503 OVERLOADED, if any. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'WidgetApiError';
  }
}

/** True for the rejection an AbortController produces, which is the user's choice, not an error. */
export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/**
 * POSTs the question to `{endpoint}/api/chat` asking for SSE, reports citations and text deltas as
 * they arrive and resolves with the authoritative final answer from the `done` event.
 */
export async function streamChat(endpoint: string, request: ChatRequest, handlers: ChatStreamHandlers, signal?: AbortSignal): Promise<Answer> {
  const res = await send(`${endpoint}/api/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify({ ...request, stream: true }),
    signal,
  });
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream') || !res.body) {
    // A server (or proxy) that ignored `stream` still answers with the full Answer as JSON.
    return parseAnswer(await res.json());
  }
  let answer: Answer | null = null;
  try {
    await readSse(res.body, (event) => {
      const data: unknown = JSON.parse(event.data);
      if (event.event === 'citations') handlers.onCitations?.(parseCitations(data));
      else if (event.event === 'delta') handlers.onDelta?.(String((data as { text?: unknown }).text ?? ''));
      else if (event.event === 'done') answer = parseAnswer(data);
      else if (event.event === 'error') throw apiError(data, null);
    }, signal);
  } catch (error) {
    if (isAbort(error) || error instanceof WidgetApiError) throw error;
    throw new WidgetApiError('STREAM_INTERRUPTED', String(error), null, true);
  }
  if (!answer) throw new WidgetApiError('STREAM_INTERRUPTED', 'stream ended before done', null, true);
  return answer;
}

/** GETs the suggested questions; rejects with a WidgetApiError so the caller can fall back. */
export async function fetchSuggestions(endpoint: string, signal?: AbortSignal): Promise<string[]> {
  const res = await send(`${endpoint}/api/suggestions`, { headers: { Accept: 'application/json' }, signal });
  const body = (await res.json()) as { questions?: unknown };
  if (!Array.isArray(body.questions)) throw new WidgetApiError('INVALID_RESPONSE', 'no questions', res.status, false);
  return body.questions.filter((q): q is string => typeof q === 'string' && q.trim() !== '');
}

/** `fetch` that maps transport failures and non-2xx answers to WidgetApiError. */
async function send(url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, credentials: 'omit', mode: 'cors' });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new WidgetApiError('NETWORK', String(error), null, true);
  }
  if (res.ok) return res;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): the status alone decides.
  }
  const retryAfter = Number(res.headers.get('retry-after'));
  throw apiError(body, res.status, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
}

function apiError(body: unknown, status: number | null, retryAfter: number | null = null): WidgetApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : status ? `HTTP_${status}` : 'UNKNOWN';
  const message = typeof error?.message === 'string' ? error.message : code;
  // Client mistakes (400) and refusals (403) will fail the same way again; everything else may pass.
  const retryable = status === null ? !CLIENT_CODES.has(code) : status === 429 || status >= 500;
  return new WidgetApiError(code, message, status, retryable, retryAfter);
}

const CLIENT_CODES = new Set(['EMPTY_QUESTION', 'QUESTION_TOO_LONG', 'MALFORMED_JSON', 'INVALID_REQUEST', 'ORIGIN_NOT_ALLOWED']);

/** Checks the shape of a `done` payload; the widget runs on other people's pages and must not crash on surprises. */
export function parseAnswer(data: unknown): Answer {
  const d = (data ?? {}) as Partial<Record<keyof Answer, unknown>>;
  const chart = parseChart(d.chart);
  if (typeof d.answer !== 'string') throw new WidgetApiError('INVALID_RESPONSE', 'answer missing', null, true);
  return {
    answer: d.answer,
    citations: parseCitations(d.citations),
    refused: d.refused === true,
    grounded: d.grounded === true,
    meta: typeof d.meta === 'object' && d.meta !== null ? (d.meta as Record<string, unknown>) : undefined,
    ...(chart ? { chart } : {}),
  };
}

/** Most points a chart in a 400 px bubble can show legibly; a longer series is cut. */
const CHART_MAX_POINTS = 16;

/** Keeps a chart with at least one well-formed point (label, finite value, citation number); else none. */
export function parseChart(data: unknown): AnswerChart | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Partial<Record<keyof AnswerChart, unknown>>;
  const points: AnswerChart['points'] = [];
  for (const p of Array.isArray(d.points) ? (d.points as Partial<Record<keyof AnswerChart['points'][number], unknown>>[]) : []) {
    if (typeof p !== 'object' || p === null || typeof p.label !== 'string' || typeof p.value !== 'number' || !Number.isFinite(p.value)) continue;
    if (typeof p.citation !== 'number' || !Number.isInteger(p.citation)) continue;
    points.push({ label: p.label.slice(0, 40), value: p.value, citation: p.citation });
  }
  if (points.length === 0) return undefined;
  const text = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');
  return { kind: d.kind === 'line' ? 'line' : 'bar', title: text(d.title, 80), unit: text(d.unit, 8), points: points.slice(0, CHART_MAX_POINTS) };
}

/** Keeps the well-formed citations and drops the rest. */
export function parseCitations(data: unknown): Citation[] {
  if (!Array.isArray(data)) return [];
  const out: Citation[] = [];
  for (const c of data as Partial<Record<keyof Citation, unknown>>[]) {
    if (typeof c !== 'object' || c === null || typeof c.n !== 'number' || typeof c.reportId !== 'string') continue;
    out.push({
      n: c.n,
      reportId: c.reportId,
      source: typeof c.source === 'string' ? c.source : '',
      title: typeof c.title === 'string' ? c.title : c.reportId,
      region: typeof c.region === 'string' ? c.region : null,
      year: typeof c.year === 'number' ? c.year : null,
      section: typeof c.section === 'string' ? c.section : '',
      paragraph: typeof c.paragraph === 'number' ? c.paragraph : 0,
      ...(typeof c.page === 'number' && c.page > 0 ? { page: c.page } : {}),
      quote: typeof c.quote === 'string' ? c.quote : '',
      ...(typeof c.context === 'string' && c.context !== '' ? { context: c.context } : {}),
      url: typeof c.url === 'string' ? c.url : '',
    });
  }
  return out;
}
