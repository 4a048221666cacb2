/**
 * The browser-test rule: without Chromium a CI run fails (a green run that never opened a browser
 * would hide it), a local run skips the browser tests and says so in one line with the install command.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserRule } from '../helpers/browser.js';

describe('browser tests without Chromium', () => {
  it('run when the browser is there, CI or not', () => {
    expect(browserRule('/usr/bin/chromium', true, 'true')).toEqual({ run: true });
    expect(browserRule('/usr/bin/chromium', true, undefined)).toEqual({ run: true });
  });

  it('fail the run under CI, naming the path and the install command', () => {
    for (const ci of ['true', '1', 'yes']) {
      const rule = browserRule('/nowhere/chromium', false, ci);
      expect(rule).toMatchObject({ run: false, fail: true, message: expect.stringContaining('/nowhere/chromium') });
      expect(rule.run === false && rule.message).toContain('apt-get install');
    }
  });

  it('are skipped locally with one line saying they did not run and how to install Chromium', () => {
    for (const ci of [undefined, '', '0', 'false']) {
      const rule = browserRule('/nowhere/chromium', false, ci);
      expect(rule).toMatchObject({ run: false, fail: false });
      expect(rule.run === false && rule.message).toMatch(/浏览器测试未运行 \(browser tests did not run\).*apt-get install/);
      expect(rule.run === false && rule.message.split('\n')).toHaveLength(1);
    }
  });

  it('as vitest runs them: CI=true with no Chromium fails before any test, locally it warns and passes', { timeout: 120_000 }, () => {
    const vitest = path.join(process.cwd(), 'node_modules/vitest/vitest.mjs');
    const run = (ci: string) =>
      spawnSync(process.execPath, [vitest, '--run', 'tests/widget/segments.test.ts'], {
        cwd: process.cwd(),
        env: { ...process.env, CHROMIUM_PATH: '/nowhere/chromium', CI: ci, FORCE_COLOR: '0' },
        encoding: 'utf8',
      });
    const ci = run('true');
    expect(ci.status).not.toBe(0);
    expect(ci.stdout + ci.stderr).toContain('/nowhere/chromium');
    const local = run('');
    expect(local.status, local.stdout + local.stderr).toBe(0);
    expect(local.stdout + local.stderr).toContain('浏览器测试未运行 (browser tests did not run)');
  });
});
