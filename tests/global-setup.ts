/**
 * Every test's temporary files go under one folder per run, removed when the run ends: tests create
 * folders with `mkdtemp(os.tmpdir())`, and a forked test process inherits TMPDIR from here. It also
 * applies the browser rule (tests/helpers/browser.ts) once per run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { currentBrowserRule } from './helpers/browser.js';

export default function setup(): () => void {
  // Without Chromium: one line locally (the browser tests are skipped), a failed run under CI.
  const browsers = currentBrowserRule();
  if (!browsers.run) {
    if (browsers.fail) throw new Error(browsers.message);
    process.stderr.write(`\n⚠ ${browsers.message}\n\n`);
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'nianbao-tests-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}
