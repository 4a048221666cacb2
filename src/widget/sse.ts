/**
 * Server-sent events over `fetch`. EventSource can only GET, and /api/chat is a POST, so the widget
 * reads the response body itself. The parser follows the WHATWG event-stream rules (LF, CRLF or CR
 * line ends, `:` comments, multi-line `data:`) and copes with chunks split anywhere, including
 * between the CR and LF of one line end and inside a multi-byte UTF-8 character.
 */

export interface SseEvent {
  /** `message` when the stream named no event type. */
  event: string;
  data: string;
  id?: string;
}

export interface SseParser {
  /** Feeds decoded text; complete events are dispatched synchronously. */
  push(text: string): void;
  /** Flushes what is left when the stream ends. */
  end(): void;
}

/** Creates an incremental event-stream parser that calls `onEvent` once per complete event. */
export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  let buffer = '';
  let eventType = '';
  let data: string[] = [];
  let id: string | undefined;
  let hasData = false;

  const dispatch = (): void => {
    if (hasData) onEvent({ event: eventType || 'message', data: data.join('\n'), ...(id !== undefined ? { id } : {}) });
    eventType = '';
    data = [];
    hasData = false;
  };

  const processLine = (line: string): void => {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventType = value;
    else if (field === 'data') {
      data.push(value);
      hasData = true;
    } else if (field === 'id' && !value.includes('\0')) id = value;
    // `retry` only matters for EventSource reconnection, which we do not do.
  };

  const drain = (final: boolean): void => {
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const ch = buffer[i];
      if (ch !== '\n' && ch !== '\r') continue;
      // A CR at the very end may be the first half of CRLF: wait for the next chunk to decide.
      if (ch === '\r' && i === buffer.length - 1 && !final) break;
      processLine(buffer.slice(start, i));
      if (ch === '\r' && buffer[i + 1] === '\n') i++;
      start = i + 1;
    }
    buffer = buffer.slice(start);
  };

  return {
    push(text) {
      buffer += text;
      drain(false);
    },
    end() {
      drain(true);
      if (buffer !== '') processLine(buffer);
      buffer = '';
      // The spec drops an event not followed by a blank line; we keep it, because losing a final
      // `done` to a proxy that trims the last newline would cost the user the whole answer.
      dispatch();
    },
  };
}

/**
 * Reads an event stream body to its end, calling `onEvent` per event. Decodes UTF-8 in streaming
 * mode so a Chinese character split across two network chunks is not mangled. Rejects with the
 * signal's reason (an AbortError) when aborted.
 */
export async function readSse(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: SseEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = createSseParser(onEvent);
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
    parser.push(decoder.decode());
    parser.end();
    finished = true;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // A handler that threw (an `error` event, bad JSON) leaves the response open: close it.
    if (!finished) void reader.cancel().catch(() => undefined);
    try {
      reader.releaseLock();
    } catch {
      // Already released by a cancel in flight; nothing left to free.
    }
  }
}
