/**
 * Puts the app on a port with Node's http server and the connection deadlines from config: headers
 * within `headersTimeoutMs`, the whole request within `requestTimeoutMs` (a client trickling its body
 * a byte a second is answered 408 and cut off instead of holding a connection and its memory), idle
 * keep-alive connections closed after `keepAliveTimeoutMs`. Responses are not limited: an SSE answer may
 * stream for as long as it takes. Used by `npm start` and by each cluster worker.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Config } from '../config.js';

export type ServerTimeouts = Pick<Config, 'requestTimeoutMs' | 'headersTimeoutMs' | 'keepAliveTimeoutMs'>;

/** Node's http server options for `timeouts` (exported for the fault tests). */
export function httpServerOptions(timeouts: ServerTimeouts) {
  const requestTimeout = timeouts.requestTimeoutMs;
  // Node refuses a header deadline later than the whole-request one; the shorter wins.
  const headersTimeout = Math.min(timeouts.headersTimeoutMs, requestTimeout);
  return {
    requestTimeout,
    headersTimeout,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    // Node checks the two deadlines on this interval (default 30 s, which would let a 10 s deadline run to 40 s).
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
  };
}

/** Serves `app` on `config.host:config.port`; `onListening` gets the bound address. */
export function listen(app: Hono, config: Pick<Config, 'host' | 'port'> & ServerTimeouts, onListening?: (info: AddressInfo) => void): Server {
  const options = httpServerOptions(config);
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port, serverOptions: options }, onListening) as Server;
  // Not every Node 20 release reads keepAliveTimeout from the constructor options; the property always works.
  // (Node closes the idle socket 1 s after this, a grace period against racing a client's next request.)
  server.keepAliveTimeout = options.keepAliveTimeout;
  return server;
}
