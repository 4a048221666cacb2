/**
 * Load shedding for the answering routes. At most `maxConcurrent` questions are answered at once per
 * process; up to `maxQueue` chat/search requests wait for a slot, each for at most `queueTimeoutMs`.
 * A request that finds the queue full, or waits too long, is answered 503 OVERLOADED with Retry-After
 * at once, instead of joining a line that makes every answer (and /health, which shares the event
 * loop) slow. Batch questions take slots too, at a lower priority and without a deadline: they wait
 * behind interactive requests and never take their queue places.
 *
 * The queue is p-queue (FIFO per priority, removal of an aborted waiter). p-queue has no bounded
 * queue and no deadline for waiting only, so both are kept here: the size is checked before adding,
 * and a waiter's AbortSignal fires only while it is still queued, never once it holds a slot (p-queue
 * would free the slot on abort while the answer is still being computed).
 */
import type { MiddlewareHandler } from 'hono';
import PQueue from 'p-queue';
import { NianbaoError } from '../errors.js';

export interface LoadShedderOptions {
  maxConcurrent: number;
  maxQueue: number;
  queueTimeoutMs: number;
}

/** `interactive`: chat and search, bounded queue and deadline; `background`: batch questions, patient. */
export type SlotPriority = 'interactive' | 'background';

export interface LoadShedder {
  /**
   * Waits for an answering slot and resolves to its release function (call it exactly once, when the
   * answer is done; later calls do nothing). Interactive callers are refused with OVERLOADED when the
   * queue is full or the wait exceeds the deadline; `signal` (the client went away) stops the wait.
   */
  acquire(options?: { priority?: SlotPriority; signal?: AbortSignal }): Promise<() => void>;
  /** True when an interactive request could not even join the queue now. */
  isFull(): boolean;
  /** Seconds a refused client is told to wait (`Retry-After`). */
  readonly retryAfter: number;
  /** Slots in use. */
  readonly running: number;
  /** Interactive requests waiting. */
  readonly waiting: number;
}

/** Builds a shedder; options are checked here (INVALID_CONFIG). */
export function createLoadShedder(options: LoadShedderOptions): LoadShedder {
  const { maxConcurrent, maxQueue, queueTimeoutMs } = options;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new NianbaoError('INVALID_CONFIG', `maxConcurrent must be a positive integer, got ${maxConcurrent}`);
  if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new NianbaoError('INVALID_CONFIG', `maxQueue must be a whole number, got ${maxQueue}`);
  if (!(queueTimeoutMs > 0)) throw new NianbaoError('INVALID_CONFIG', `queueTimeoutMs must be positive, got ${queueTimeoutMs}`);
  const queue = new PQueue({ concurrency: maxConcurrent });
  // By then a slot has usually freed: the queue drains within the deadline or the request was refused.
  const retryAfter = Math.max(1, Math.ceil(queueTimeoutMs / 1000));
  const overloaded = (detail: string) => new NianbaoError('OVERLOADED', detail, { retryAfter });
  let waiting = 0;
  const full = () => queue.pending >= maxConcurrent && waiting >= maxQueue;

  function acquire({ priority = 'interactive', signal }: { priority?: SlotPriority; signal?: AbortSignal } = {}): Promise<() => void> {
    const interactive = priority === 'interactive';
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (interactive && full()) return Promise.reject(overloaded(`${queue.pending} answering, ${waiting} waiting`));
    return new Promise((resolve, reject) => {
      const queued = new AbortController();
      let started = false;
      const giveUp = (reason: unknown) => {
        if (!started) queued.abort(reason);
      };
      const timer = interactive ? setTimeout(() => giveUp(overloaded(`no slot within ${queueTimeoutMs} ms`)), queueTimeoutMs) : undefined;
      const onAbort = () => giveUp(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (interactive) waiting++;
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (interactive) waiting--;
      };
      queue
        .add(
          () => {
            started = true;
            settle();
            // The slot is held until the caller releases it: for a stream, until the stream ends.
            // (Handing it over on the next event-loop turn instead was measured: half the answers per
            // second under overload, /health no faster. Cheap refusals are what keeps /health quick.)
            return new Promise<void>((release) => resolve(release));
          },
          { priority: interactive ? 1 : 0, signal: queued.signal },
        )
        .catch((error: unknown) => {
          if (started) return;
          settle();
          reject(error);
        });
    });
  }

  return {
    acquire,
    isFull: full,
    retryAfter,
    get running() {
      return queue.pending;
    },
    get waiting() {
      return waiting;
    },
  };
}

/**
 * Middleware answering 503 OVERLOADED (with Retry-After) before anything else is done with a request
 * that could not even join the queue. Mount it first on the answering routes: under overload most
 * requests are refusals, and each must cost as little as possible so that answers and /health still get
 * the event loop. It touches neither the body nor `c.req.raw` (whose construction costs more than the
 * refusal) and builds no Error; the route still calls `acquire`, which refuses whatever slips through.
 */
export function shedWhenFull(load: LoadShedder): MiddlewareHandler {
  const body = JSON.stringify(new NianbaoError('OVERLOADED', 'no answering slot free and the queue is full').toJSON());
  const headers = { 'Content-Type': 'application/json; charset=UTF-8', 'Retry-After': String(load.retryAfter) };
  return async function shedWhenFullMiddleware(c, next) {
    if (load.isFull()) return c.body(body, 503, headers);
    await next();
  };
}
