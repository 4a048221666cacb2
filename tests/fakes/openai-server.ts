/**
 * A loopback stand-in for an OpenAI-compatible chat-completions service, so the LLM answerer is tested
 * through the real ChatOpenAI client and its HTTP/SSE handling rather than a mock model. It answers
 * `POST /v1/chat/completions` with JSON (`stream: false`) or SSE chunks (`stream: true`), and each test
 * scripts the reply text, a delay before the first byte (for timeouts) or an HTTP error.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReplyScript {
  /** The assistant's whole reply; streamed in `chunkSize`-character pieces. */
  reply?: string;
  /** Milliseconds to wait before sending anything (simulates a slow or hung model). */
  delayMs?: number;
  /** Answer with this HTTP status and an OpenAI-style error body instead of a completion. */
  status?: number;
  /** Characters per SSE chunk; small values exercise sentence buffering across chunk boundaries. */
  chunkSize?: number;
}

export interface RecordedRequest {
  model: string;
  stream: boolean;
  messages: { role: string; content: string }[];
}

export interface FakeOpenAiServer {
  /** `http://127.0.0.1:<port>/v1`, the value for `llmBaseUrl`. */
  readonly baseUrl: string;
  /** Every chat-completions request received, in order. */
  readonly requests: RecordedRequest[];
  /** Sets how the following requests are answered. */
  respondWith(script: FakeReplyScript): void;
  close(): Promise<void>;
}

/** Request bodies above this are refused: the fake only ever sees one short prompt. */
const MAX_BODY_BYTES = 1 << 20;

/** Starts the fake on 127.0.0.1 with an OS-assigned port. Close it in `afterAll`. */
export async function startFakeOpenAiServer(initial: FakeReplyScript = {}): Promise<FakeOpenAiServer> {
  let script: FakeReplyScript = initial;
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      sendJson(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      let body: RecordedRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest;
      } catch {
        sendJson(res, 400, { error: { message: 'malformed JSON', type: 'invalid_request_error' } });
        return;
      }
      requests.push({ model: body.model, stream: body.stream === true, messages: body.messages });
      const current = script;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (res.destroyed) return;
        if (current.status) sendJson(res, current.status, { error: { message: 'scripted failure', type: 'server_error' } });
        else if (body.stream) sendStream(res, body.model, current);
        else sendJson(res, 200, completion(body.model, current.reply ?? ''));
      }, current.delayMs ?? 0);
      timers.add(timer);
      // A client that gives up (timeout) must not leave a timer behind.
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    respondWith(next) {
      script = next;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // The OpenAI client keeps connections alive; close them or `close()` would wait for them.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function completion(model: string, content: string) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

function sendStream(res: http.ServerResponse, model: string, script: FakeReplyScript): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const reply = [...(script.reply ?? '')];
  const size = Math.max(1, script.chunkSize ?? 4);
  const chunk = (delta: Record<string, string>, finish: string | null) => ({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  send(chunk({ role: 'assistant', content: '' }, null));
  for (let i = 0; i < reply.length; i += size) send(chunk({ content: reply.slice(i, i + size).join('') }, null));
  send(chunk({}, 'stop'));
  res.end('data: [DONE]\n\n');
}
