/**
 * The hardening settings as an operator writes them: NIANBAO_TRUST_PROXY as a number of proxies (the
 * old booleans still meaning 0 and 1), the public URL, and the server deadlines handed to Node.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { httpServerOptions } from '../../src/server/listen.js';

describe('NIANBAO_TRUST_PROXY', () => {
  it('is a number of proxies; true and false still mean 1 and 0; anything else fails naming the variable', () => {
    const hops = (v: string) => loadConfig({}, { NIANBAO_TRUST_PROXY: v }).trustProxy;
    expect(loadConfig({}, {}).trustProxy).toBe(0);
    expect(hops('2')).toBe(2);
    expect(hops('0')).toBe(0);
    expect(hops('true')).toBe(1);
    expect(hops('yes')).toBe(1);
    expect(hops('false')).toBe(0);
    expect(() => hops('maybe')).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('NIANBAO_TRUST_PROXY') }));
    expect(() => hops('-1')).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});

describe('load and connection settings', () => {
  it('reads the limits from the environment with sensible defaults', () => {
    const defaults = loadConfig({}, {});
    expect(defaults).toMatchObject({ maxQueue: 16, queueTimeoutMs: 1500, batchMaxConcurrent: 2, requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, rateLimitMaxClients: 10_000 });
    expect(defaults.maxConcurrent).toBeGreaterThanOrEqual(4);
    expect(defaults.publicUrl).toBeUndefined();
    const set = loadConfig({}, { NIANBAO_MAX_CONCURRENT: '3', NIANBAO_MAX_QUEUE: '0', NIANBAO_QUEUE_TIMEOUT_MS: '250', NIANBAO_PUBLIC_URL: 'https://wenda.example.gov.cn' });
    expect(set).toMatchObject({ maxConcurrent: 3, maxQueue: 0, queueTimeoutMs: 250, publicUrl: 'https://wenda.example.gov.cn' });
  });

  it('refuses a public URL that is not http(s)', () => {
    expect(() => loadConfig({}, { NIANBAO_PUBLIC_URL: 'javascript:alert(1)' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('NIANBAO_PUBLIC_URL') }));
  });

  it('hands Node the deadlines, the header deadline never later than the request deadline', () => {
    expect(httpServerOptions({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000 })).toMatchObject({
      requestTimeout: 30_000,
      headersTimeout: 10_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1000,
    });
    expect(httpServerOptions({ requestTimeoutMs: 1_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000 })).toMatchObject({ requestTimeout: 1_000, headersTimeout: 1_000 });
  });
});
