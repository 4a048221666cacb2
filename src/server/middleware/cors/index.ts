/**
 * CORS for the embeddable widget. Pages on allowed origins may call the API from the browser;
 * requests from any other origin are answered 403 ORIGIN_NOT_ALLOWED before a handler runs, so a
 * site that was never listed cannot spend our retrieval and model budget through its visitors.
 *
 * Allowed: the server's own origin, `http://localhost:*` / `http://127.0.0.1:*` / `http://[::1]:*`
 * (unless `allowLocalhost: false`), and `allowedOrigins` (the server passes `WIDGET_ORIGINS`, split
 * on commas; `*` allows every origin). Requests without an `Origin` header (curl, same-origin GETs,
 * server-to-server) are not cross-origin requests and pass untouched.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { NianbaoError } from '../../../errors.js';
import { forwardedEntry, proxyHops } from '../../proxy.js';

export interface WidgetCorsOptions {
  /** Extra origins such as `https://www.example.gov.cn` (scheme, host and port; paths are ignored). */
  allowedOrigins: readonly string[];
  /**
   * Allow any port on localhost / 127.0.0.1 / [::1] over http, for people trying the widget on their
   * own machine. Default true; the server should set it from config, and tests turn it off to check
   * that an unlisted second origin is refused.
   */
  allowLocalhost?: boolean;
  /** Seconds a browser may cache a preflight answer. */
  maxAge?: number;
  /**
   * Trusted proxies in front of the server (config `trustProxy`). Only then is X-Forwarded-Host read
   * for the same-origin check; without a proxy that header is whatever the client sent.
   */
  trustProxy?: number | boolean;
}

const LOCALHOST = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;
const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Content-Type, Accept';
/** The widget reads Retry-After to tell the user how long to wait after a 429. */
const EXPOSE_HEADERS = 'Retry-After';

/**
 * Parses the allow-list into origins. Invalid entries fail at construction (INVALID_CONFIG naming
 * the entry) rather than silently refusing the site the operator meant to allow.
 */
export function parseAllowedOrigins(entries: readonly string[]): { any: boolean; origins: Set<string> } {
  const origins = new Set<string>();
  let any = false;
  for (const raw of entries.map((e) => e.trim()).filter(Boolean)) {
    if (raw === '*') {
      any = true;
      continue;
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new NianbaoError('INVALID_CONFIG', `WIDGET_ORIGINS entry is not a URL: ${raw}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new NianbaoError('INVALID_CONFIG', `WIDGET_ORIGINS entry must be http(s): ${raw}`);
    origins.add(url.origin);
  }
  return { any, origins };
}

/** Hono middleware factory: see the module comment for what is allowed. Mount it on `/api/*`. */
export function widgetCors(options: WidgetCorsOptions): MiddlewareHandler {
  const { any, origins } = parseAllowedOrigins(options.allowedOrigins);
  const allowLocalhost = options.allowLocalhost ?? true;
  const maxAge = String(options.maxAge ?? 600);
  const hops = proxyHops(options.trustProxy);

  const isAllowed = (origin: string, c: Context): boolean =>
    any || origins.has(origin) || (allowLocalhost && LOCALHOST.test(origin)) || isSameOrigin(origin, c, hops);

  return async function widgetCorsMiddleware(c, next) {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    const preflight = c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;

    if (!isAllowed(origin, c)) {
      const error = new NianbaoError('ORIGIN_NOT_ALLOWED', origin);
      // A refused preflight gets no CORS headers, so the browser never sends the real request. A
      // simple request (GET) is already here: its 403 is made readable so the widget can tell the
      // site owner why it does not work instead of reporting a network error.
      if (!preflight) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Vary', 'Origin', { append: true });
      }
      return c.json(error.toJSON(), 403);
    }

    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin', { append: true });
    if (preflight) {
      c.header('Access-Control-Allow-Methods', ALLOW_METHODS);
      c.header('Access-Control-Allow-Headers', c.req.header('access-control-request-headers') ?? ALLOW_HEADERS);
      c.header('Access-Control-Max-Age', maxAge);
      return c.body(null, 204);
    }
    c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    await next();
  };
}

/**
 * True when `origin` names this server. Compared by host (and port) against the Host header and
 * the request URL rather than by full origin, because behind a TLS-terminating proxy the page is
 * `https://` while the request reaching us is `http://`. Behind `hops` trusted proxies the host the
 * outermost one received (X-Forwarded-Host, read like X-Forwarded-For) counts too.
 */
function isSameOrigin(origin: string, c: Context, hops: number): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // `Origin: null` from sandboxed frames and file:// pages
  }
  const hosts = [c.req.header('host'), forwardedEntry(c.req.header('x-forwarded-host'), hops)];
  try {
    hosts.push(new URL(c.req.url).host);
  } catch {
    // app.request() with a relative URL: nothing more to compare
  }
  return hosts.some((h) => h !== undefined && h.toLowerCase() === host.toLowerCase());
}
