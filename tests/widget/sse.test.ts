import { describe, expect, it } from 'vitest';
import { createSseParser, readSse, type SseEvent } from '../../src/widget/sse.js';

function parseAll(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((e) => events.push(e));
  for (const c of chunks) parser.push(c);
  parser.end();
  return events;
}

const STREAM = 'event: citations\ndata: [1]\n\n: keep-alive comment\nevent: delta\ndata: {"text":"赤峰"}\n\nevent: done\ndata: {"answer":"a"}\n\n';
const EXPECTED: SseEvent[] = [
  { event: 'citations', data: '[1]' },
  { event: 'delta', data: '{"text":"赤峰"}' },
  { event: 'done', data: '{"answer":"a"}' },
];

function bytesStream(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const p of parts) controller.enqueue(p);
      controller.close();
    },
  });
}

describe('createSseParser', () => {
  it('parses named events and skips comments', () => {
    expect(parseAll([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same events however the stream is split', () => {
    for (let size = 1; size <= 7; size++) {
      const chunks = STREAM.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
      expect(parseAll(chunks)).toEqual(EXPECTED);
    }
  });

  it('accepts CRLF and CR line ends, including a CRLF split across chunks', () => {
    const crlf = STREAM.replace(/\n/g, '\r\n');
    expect(parseAll([crlf])).toEqual(EXPECTED);
    const at = crlf.indexOf('\r\n') + 1;
    expect(parseAll([crlf.slice(0, at), crlf.slice(at)])).toEqual(EXPECTED);
    expect(parseAll([STREAM.replace(/\n/g, '\r')])).toEqual(EXPECTED);
  });

  it('joins multi-line data with newlines, defaults the type to message and keeps ids', () => {
    expect(parseAll(['data: a\ndata:b\ndata\nid: 7\n\n'])).toEqual([{ event: 'message', data: 'a\nb\n', id: '7' }]);
  });

  it('drops events with no data and resets the type after each event', () => {
    expect(parseAll(['event: x\n\ndata: y\n\n'])).toEqual([{ event: 'message', data: 'y' }]);
  });

  it('still delivers a final event whose blank line was cut off', () => {
    expect(parseAll(['event: done\ndata: {}'])).toEqual([{ event: 'done', data: '{}' }]);
  });
});

describe('readSse', () => {
  it('decodes a Chinese character split between two network chunks', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"依申请公开"}\n\n');
    const cut = bytes.indexOf(0xe4) + 1; // inside the first byte sequence of 依
    const events: SseEvent[] = [];
    await readSse(bytesStream([bytes.slice(0, cut), bytes.slice(cut)]), (e) => events.push(e));
    expect(events).toEqual([{ event: 'delta', data: '{"text":"依申请公开"}' }]);
  });

  it('rejects with an AbortError and cancels the body when aborted', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: 1\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const controller = new AbortController();
    const events: SseEvent[] = [];
    const reading = readSse(body, (e) => {
      events.push(e);
      controller.abort();
    }, controller.signal);
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(events).toHaveLength(1);
    expect(cancelled).toBe(true);
  });

  it('cancels the body when a handler throws', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('event: error\ndata: {}\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    await expect(readSse(body, () => { throw new Error('server said error'); })).rejects.toThrow('server said error');
    expect(cancelled).toBe(true);
  });
});
