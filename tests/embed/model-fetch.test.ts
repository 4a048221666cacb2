/** `model:fetch` fails fast, in one line, when it cannot fetch; bad flags exit 2. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/model-fetch.js';
import { tempDir } from './seed-corpus.js';

function captureStderr(): { lines: () => string[] } {
  const chunks: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('model-fetch', () => {
  const modelsDir = tempDir('fetch');
  afterEach(() => vi.restoreAllMocks());

  it('rejects an unknown flag with exit code 2', async () => {
    const err = captureStderr();
    expect(await run(['--nope'])).toBe(2);
    expect(err.lines()).toHaveLength(1);
  });

  it('rejects a model that is not a hub id', async () => {
    const err = captureStderr();
    expect(await run(['--model', '../etc'])).toBe(2);
    expect(err.lines()[0]).toContain('--model');
  });

  // Offline this is the "hub unreachable" line; online the hub refuses the made-up id. Either way
  // nothing is downloaded and the command fails in one line.
  it('fails with one line and a non-zero code when the model cannot be fetched', async () => {
    const err = captureStderr();
    const started = performance.now();
    const code = await run(['--model', 'nianbao-test/no-such-model', '--models-dir', modelsDir]);
    expect(code).toBe(1);
    expect(err.lines()).toHaveLength(1);
    expect(err.lines()[0]).toMatch(/nianbao-test\/no-such-model/);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
