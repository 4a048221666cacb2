/**
 * Who is asking, when proxies stand in between. Each proxy appends the address it received the request
 * from to X-Forwarded-For, so only the rightmost entries were written by proxies we run; everything
 * further left is whatever the client sent. With `hops` trusted proxies the client is the entry `hops`
 * places from the right; with none (the default) every forwarding header is the client's own words and
 * the socket address is the only truth.
 */
import { isIP } from 'node:net';
import type { Context } from 'hono';

/** Longest key a client can make the rate limiter remember (an IPv6 address with zone fits). */
export const MAX_CLIENT_KEY_LENGTH = 64;

/** Trusted proxy hops from a config value: a count, or the old boolean (`true` = one proxy). */
export function proxyHops(trust: number | boolean | undefined): number {
  if (trust === true) return 1;
  if (!trust || !Number.isFinite(trust) || trust < 0) return 0;
  return Math.floor(trust);
}

/**
 * The entry of a comma-separated forwarding header that the outermost of `hops` trusted proxies wrote:
 * `hops` places from the right, or the leftmost when there are fewer entries. Undefined when the header
 * is absent or empty, or `hops` is 0.
 */
export function forwardedEntry(header: string | undefined, hops: number): string | undefined {
  if (!header || hops < 1) return undefined;
  const entries = header
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  return entries[Math.max(0, entries.length - hops)];
}

/** The TCP peer's address under @hono/node-server; `app.request()` in tests has none. */
export function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/**
 * The client's address for counting requests: the trusted X-Forwarded-For entry when `hops` > 0 and the
 * header is there, else the socket address, else `unknown`. A forwarded value is normalised to a bare IP
 * (port and brackets dropped); anything that is not an IP is cut to MAX_CLIENT_KEY_LENGTH characters, so
 * no header can make a key long.
 */
export function clientAddress(c: Context, trustProxy: number | boolean = 0): string {
  const forwarded = forwardedEntry(c.req.header('x-forwarded-for'), proxyHops(trustProxy));
  if (forwarded) return boundedAddress(forwarded);
  return socketAddress(c) ?? 'unknown';
}

/** `203.0.113.5:4711` → `203.0.113.5`, `[2001:db8::1]:443` → `2001:db8::1`; non-IPs truncated. */
export function boundedAddress(value: string): string {
  const v = value.trim();
  if (isIP(v)) return v.toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v)?.[1];
  if (bracketed && isIP(bracketed)) return bracketed.toLowerCase();
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(v)?.[1];
  if (withPort && isIP(withPort)) return withPort;
  return v.slice(0, MAX_CLIENT_KEY_LENGTH);
}
