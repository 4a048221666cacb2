/**
 * Per-client rate limit for the expensive endpoints. It uses a sliding window counter: the previous
 * fixed window's count, weighted by how much of it still overlaps the last minute, plus the current
 * window's count. That smooths the double burst a plain fixed window allows at its edges while keeping
 * two numbers per client instead of a timestamp log.
 *
 * Over the limit the client gets 429 RATE_LIMITED with `Retry-After` (whole seconds). State lives in
 * memory, per process: good for one server, not shared between replicas. Its size is bounded twice:
 * keys are addresses of at most 64 characters (see `clientAddress`), and at most `maxClients` of them
 * are remembered (lru-cache), the least recently seen forgotten first. A forgotten client starts
 * afresh; forgetting one takes `maxClients` other clients in between.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { LRUCache } from 'lru-cache';
import { NianbaoError } from '../../../errors.js';
import { clientAddress, proxyHops } from '../../proxy.js';

export { clientAddress } from '../../proxy.js';

export interface RateLimitOptions {
  /** Requests allowed per window and client (config `rateLimitPerMinute`). */
  perMinute: number;
  /** Window length; 60 s unless a test wants a shorter one. */
  windowMs?: number;
  /** Who a request counts against; defaults to `clientAddress(c, trustProxy)`. */
  key?: (c: Context) => string;
  /**
   * Trusted proxies in front of the server (config `trustProxy`; `true` = 1). 0, the default, counts
   * clients by socket address and ignores X-Forwarded-For, which the client could write.
   */
  trustProxy?: number | boolean;
  /** Clients remembered at once (default 10,000); the least recently seen is forgotten first. */
  maxClients?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** Whether a client may spend a request now, and if not, how long until it may. */
export interface RateVerdict {
  allowed: boolean;
  /** Milliseconds until one request is allowed again (0 when allowed). */
  retryAfterMs: number;
}

export interface RateLimiter {
  /** The key a request counts against. */
  keyOf(c: Context): string;
  /** Spends one request of `key`'s budget if it has one. */
  take(key: string): RateVerdict;
  /** Whether `key` could spend one request now, spending nothing. */
  peek(key: string): RateVerdict;
  /** Middleware spending one request per call; 429 RATE_LIMITED when the budget is gone. */
  middleware: MiddlewareHandler;
  /** Middleware refusing a client whose budget is gone, spending nothing (the route spends per item). */
  gate: MiddlewareHandler;
  /** Clients currently remembered. */
  readonly size: number;
}

interface Counter {
  windowStart: number;
  previous: number;
  current: number;
}

export const DEFAULT_MAX_CLIENTS = 10_000;

/** A per-client sliding-window budget of `perMinute` requests; see the module comment. */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const limit = options.perMinute;
  const windowMs = options.windowMs ?? 60_000;
  const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
  if (!Number.isInteger(limit) || limit < 1) throw new NianbaoError('INVALID_CONFIG', `rateLimit perMinute must be a positive integer, got ${limit}`);
  if (!(windowMs > 0)) throw new NianbaoError('INVALID_CONFIG', `rateLimit windowMs must be positive, got ${windowMs}`);
  if (!Number.isInteger(maxClients) || maxClients < 1) throw new NianbaoError('INVALID_CONFIG', `rateLimit maxClients must be a positive integer, got ${maxClients}`);
  const hops = proxyHops(options.trustProxy);
  const keyOf = options.key ?? ((c: Context) => clientAddress(c, hops));
  const now = options.now ?? Date.now;
  const counters = new LRUCache<string, Counter>({ max: maxClients });

  function verdict(key: string, spend: boolean): RateVerdict {
    const t = now();
    const counter = advance(counters.get(key), t);
    const elapsed = t - counter.windowStart;
    const weighted = counter.previous * (1 - elapsed / windowMs) + counter.current;
    if (weighted >= limit) {
      counters.set(key, counter);
      return { allowed: false, retryAfterMs: Math.max(1, waitMs(counter, elapsed)) };
    }
    if (spend) {
      counter.current++;
      counters.set(key, counter);
    }
    return { allowed: true, retryAfterMs: 0 };
  }

  const refuse = (c: Context, v: RateVerdict) => {
    const retryAfter = Math.max(1, Math.ceil(v.retryAfterMs / 1000));
    return c.json(new NianbaoError('RATE_LIMITED', `retry after ${retryAfter}s`).toJSON(), 429, { 'Retry-After': String(retryAfter) });
  };

  return {
    keyOf,
    take: (key) => verdict(key, true),
    peek: (key) => verdict(key, false),
    async middleware(c, next) {
      const v = verdict(keyOf(c), true);
      if (!v.allowed) return refuse(c, v);
      await next();
    },
    async gate(c, next) {
      const v = verdict(keyOf(c), false);
      if (!v.allowed) return refuse(c, v);
      await next();
    },
    get size() {
      return counters.size;
    },
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
}

/** Hono middleware factory limiting each client to `perMinute` requests per window. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  return createRateLimiter(options).middleware;
}
