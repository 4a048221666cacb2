import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchSuggestions, parseAnswer, streamChat, WidgetApiError } from '../../src/widget/api.js';
import { describeError } from '../../src/widget/render.js';
import { createFakeApi, FAKE_SUGGESTIONS } from '../fakes/fake-api.js';

const ENDPOINT = 'http://127.0.0.1:8787';

/** Routes the widget's fetch into the fake app in memory. */
function useFakeApi(options = {}) {
  const fake = createFakeApi({ deltaDelayMs: 0, ...options });
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => fake.app.request(url, init));
  return fake;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('streamChat', () => {
  it('streams citations and deltas, then resolves with the authoritative done answer', async () => {
    const fake = useFakeApi();
    let streamed = '';
    let citations = 0;
    const answer = await streamChat(ENDPOINT, { question: '赤峰2012年依申请公开多少件', history: [{ role: 'user', content: '你好' }] }, {
      onCitations: (c) => (citations = c.length),
      onDelta: (t) => (streamed += t),
    });
    expect(citations).toBe(3);
    expect(streamed).toContain('[3]');
    expect(answer.answer).toContain('[2]');
    expect(answer.answer).not.toContain('[3]');
    expect(answer.citations.map((c) => c.paragraph)).toEqual([26, 6]);
    expect(fake.state.lastHistory).toEqual([{ role: 'user', content: '你好' }]);
  });

  it('reports refusals as refused answers', async () => {
    useFakeApi();
    const answer = await streamChat(ENDPOINT, { question: '北京市2019年依申请公开多少件' }, {});
    expect(answer.refused).toBe(true);
    expect(answer.citations).toEqual([]);
  });

  it('turns an SSE error event into a retryable WidgetApiError with the server code', async () => {
    useFakeApi();
    await expect(streamChat(ENDPOINT, { question: '出错' }, {})).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE', retryable: true });
  });

  it('maps HTTP errors: 503 retryable, 400 not, 429 with Retry-After', async () => {
    useFakeApi({ perMinute: 1 });
    await expect(streamChat(ENDPOINT, { question: '未就绪' }, {})).rejects.toMatchObject({ code: 'INDEX_NOT_READY', status: 503, retryable: true });
    await expect(streamChat(ENDPOINT, { question: '  ' }, {})).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429, retryable: true, retryAfter: expect.any(Number) });
    useFakeApi();
    await expect(streamChat(ENDPOINT, { question: '  ' }, {})).rejects.toMatchObject({ code: 'EMPTY_QUESTION', status: 400, retryable: false });
  });

  it('maps a failed fetch to NETWORK and passes aborts through', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(streamChat(ENDPOINT, { question: 'q' }, {})).rejects.toMatchObject({ code: 'NETWORK', retryable: true });
    vi.stubGlobal('fetch', () => Promise.reject(new DOMException('Aborted', 'AbortError')));
    await expect(streamChat(ENDPOINT, { question: 'q' }, {})).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports a stream that ends without done as STREAM_INTERRUPTED', async () => {
    vi.stubGlobal('fetch', async () => new Response('event: delta\ndata: {"text":"半"}\n\n', { headers: { 'Content-Type': 'text/event-stream' } }));
    await expect(streamChat(ENDPOINT, { question: 'q' }, {})).rejects.toMatchObject({ code: 'STREAM_INTERRUPTED', retryable: true });
  });

  it('accepts a plain JSON answer from a server that ignored streaming', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ answer: '8件', citations: [], refused: false, grounded: true }));
    expect((await streamChat(ENDPOINT, { question: 'q' }, {})).answer).toBe('8件');
  });
});

describe('fetchSuggestions and parsing', () => {
  it('returns the server questions', async () => {
    useFakeApi();
    expect(await fetchSuggestions(ENDPOINT)).toEqual(FAKE_SUGGESTIONS);
  });

  it('surfaces ORIGIN_NOT_ALLOWED from a refused origin', async () => {
    const fake = createFakeApi({ allowLocalhost: false });
    vi.stubGlobal('fetch', (url: string, init?: RequestInit) => fake.app.request(url, { ...init, headers: { Origin: 'https://evil.example' } }));
    await expect(fetchSuggestions(ENDPOINT)).rejects.toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', retryable: false });
  });

  it('drops malformed citations instead of crashing', () => {
    const answer = parseAnswer({ answer: 'a', citations: [null, { n: 'x' }, { n: 1, reportId: 'r', quote: 7 }], refused: 'yes' });
    expect(answer.refused).toBe(false);
    expect(answer.citations).toEqual([{ n: 1, reportId: 'r', source: '', title: 'r', region: null, year: null, section: '', paragraph: 0, quote: '', url: '' }]);
    expect(() => parseAnswer({})).toThrow(WidgetApiError);
  });

  it('describes failures in Chinese', () => {
    expect(describeError(new WidgetApiError('NETWORK', 'x', null, true))).toBe('网络连接失败，请检查网络后重试。');
    expect(describeError(new WidgetApiError('RATE_LIMITED', 'x', 429, true, 30))).toBe('请求过于频繁，请在 30 秒后重试。');
    expect(describeError(new WidgetApiError('OVERLOADED', 'x', 503, true, 2))).toBe('服务繁忙，请在 2 秒后重试。');
    expect(describeError(new WidgetApiError('QUESTION_TOO_LONG', '问题过长 (question is too long): 600 > 500', 400, false))).toBe('问题过长');
    expect(describeError(new WidgetApiError('ORIGIN_NOT_ALLOWED', 'x', 403, false))).toBe('此网站未获授权使用年报问答服务。');
    expect(describeError(new WidgetApiError('INTERNAL', 'x', 500, true))).toBe('服务暂时不可用，请稍后重试。');
  });
});
