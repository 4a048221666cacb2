/**
 * Per-client rate limit for the expensive endpoints (mount it on `/api/chat`). It uses a sliding
 * window counter: the previous fixed window's count, weighted by how much of it still overlaps the
 * last minute, plus the current window's count. That smooths the double burst a plain fixed window
 * allows at its edges while keeping two numbers per client instead of a timestamp log.
 *
 * Over the limit the client gets 429 RATE_LIMITED with `Retry-After` (whole seconds). State lives
 * in memory, per process: good for one server, not shared between replicas.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { NianbaoError } from '../../../errors.js';

export interface RateLimitOptions {
  /** Requests allowed per window and client (config `rateLimitPerMinute`). */
  perMinute: number;
  /** Window length; 60 s unless a test wants a shorter one. */
  windowMs?: number;
  /** Who a request counts against; defaults to `clientAddress(c, trustProxy)`. */
  key?: (c: Context) => string;
  /**
   * Read the client from X-Forwarded-For / X-Real-IP (default true). Set false when no proxy sets them:
   * the headers are then whatever the client says, and the socket address is used instead.
   */
  trustProxy?: boolean;
  /** Clock, injectable for tests. */
  now?: () => number;
}

interface Counter {
  windowStart: number;
  previous: number;
  current: number;
}

/**
 * The client's address: with `trustProxy` (the server sits behind a proxy), the first
 * `X-Forwarded-For` entry, else `X-Real-IP`; then the socket's remote address under
 * @hono/node-server; else `unknown`.
 */
export function clientAddress(c: Context, trustProxy = true): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
    const real = c.req.header('x-real-ip')?.trim();
    if (real) return real;
  }
  // @hono/node-server puts the Node request in env.incoming; app.request() in tests has no env.
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Hono middleware factory limiting each client to `perMinute` requests per window. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const limit = options.perMinute;
  const windowMs = options.windowMs ?? 60_000;
  if (!Number.isInteger(limit) || limit < 1) throw new NianbaoError('INVALID_CONFIG', `rateLimit perMinute must be a positive integer, got ${limit}`);
  if (!(windowMs > 0)) throw new NianbaoError('INVALID_CONFIG', `rateLimit windowMs must be positive, got ${windowMs}`);
  const trustProxy = options.trustProxy ?? true;
  const keyOf = options.key ?? ((c: Context) => clientAddress(c, trustProxy));
  const now = options.now ?? Date.now;
  const counters = new Map<string, Counter>();
  let lastSweep = now();

  return async function rateLimitMiddleware(c, next) {
    const t = now();
    sweep(t);
    const key = keyOf(c);
    const counter = advance(counters.get(key), t);
    counters.set(key, counter);
    const elapsed = t - counter.windowStart;
    const weighted = counter.previous * (1 - elapsed / windowMs) + counter.current;
    if (weighted >= limit) {
      const retryAfter = Math.max(1, Math.ceil(waitMs(counter, elapsed) / 1000));
      return c.json(new NianbaoError('RATE_LIMITED', `retry after ${retryAfter}s`).toJSON(), 429, { 'Retry-After': String(retryAfter) });
    }
    counter.current++;
    await next();
  };

  /** Moves a counter to the window containing `t`, carrying the last window's count as `previous`. */
  function advance(counter: Counter | undefined, t: number): Counter {
    const windowStart = t - (t % windowMs);
    if (!counter) return { windowStart, previous: 0, current: 0 };
    if (counter.windowStart === windowStart) return counter;
    const adjacent = counter.windowStart === windowStart - windowMs;
    return { windowStart, previous: adjacent ? counter.current : 0, current: 0 };
  }

  /** Milliseconds until the weighted count drops below the limit again. */
  function waitMs(counter: Counter, elapsed: number): number {
    // Full current window: wait for the next one, where this window's count starts to fade at once.
    if (counter.current >= limit) return windowMs - elapsed + 1;
    // Otherwise the previous window's share must fade until previous·(1 − e/W) + current < limit.
    return windowMs * (1 - (limit - counter.current) / counter.previous) - elapsed + 1;
  }

  /** Drops clients idle for two windows, at most once a window, so memory follows active clients. */
  function sweep(t: number): void {
    if (t - lastSweep < windowMs) return;
    lastSweep = t;
    for (const [key, counter] of counters) if (counter.windowStart < t - 2 * windowMs) counters.delete(key);
  }
}
