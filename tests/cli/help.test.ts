/**
 * Help and flag errors as a newcomer meets them, run in process: every command's `--help` / `-h`
 * exits 0 and lists each of its flags with a default and an example; `main.ts` with no command (or
 * `help`) lists every command; an unknown command lists them on stderr with exit 2; a mistyped flag
 * is one INVALID_REQUEST line pointing at --help.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isNianbaoError } from '../../src/errors.js';
import { runCli } from '../../src/cli/commands.js';

/** Each command's flags as the README and its users know them (the contract, written out by hand). */
const FLAGS: Record<string, string[]> = {
  ingest: ['--json'],
  index: ['--force', '--rebuild-model'],
  search: ['--json', '--k', '--mode'],
  ask: ['--json'],
  serve: ['--port', '--host'],
  batch: ['--out', '--concurrency'],
  eval: ['--corpus', '--index', '--models', '--report', '--concurrency', '--min-both', '--min-answer', '--min-citation', '--min-refusal-recall', '--min-recall5', '--max-ungrounded', '--max-wrong', '--max-abstention'],
  'model-fetch': ['--model', '--models-dir', '--dtype'],
  mcp: [],
  stats: ['--measure', '--region', '--include', '--year', '--body', '--csv', '--json'],
};

const MODULES: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  ingest: () => import('../../src/cli/ingest.js'),
  index: () => import('../../src/cli/index-build.js'),
  search: () => import('../../src/cli/search.js'),
  ask: () => import('../../src/cli/ask.js'),
  serve: () => import('../../src/cli/serve.js'),
  batch: () => import('../../src/cli/batch.js'),
  eval: () => import('../../src/cli/eval.js'),
  'model-fetch': () => import('../../src/cli/model-fetch.js'),
  mcp: () => import('../../src/cli/mcp.js'),
  stats: () => import('../../src/cli/stats.js'),
};

/** Runs `fn` with stdout and stderr captured; a thrown error is returned, not rethrown. */
async function captured(fn: () => Promise<number>): Promise<{ code: number | null; stdout: string; stderr: string; error: unknown }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await fn(), stdout, stderr, error: null };
  } catch (error) {
    return { code: null, stdout, stderr, error };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('command --help', () => {
  it.each(Object.keys(FLAGS))('%s --help exits 0 with usage, purpose, every flag with its default, and an example', async (name) => {
    const { run } = await MODULES[name]!();
    const { code, stdout, error } = await captured(() => run(['--help']));
    expect(error).toBeNull();
    expect(code).toBe(0);
    expect(stdout).toContain('用法 (usage)');
    expect(stdout).toContain('选项 (options)');
    expect(stdout).toMatch(/示例 \(examples\):\n {2}(npm run|npm start)/);
    for (const flag of [...FLAGS[name]!, '--help']) {
      const line = stdout.split('\n').find((l) => new RegExp(`(^|\\s)${flag}( |$)`).test(l));
      expect(line, `${name} --help lists ${flag}`).toBeDefined();
      // Every flag line has a description in Chinese with English, and every flag but --help a default.
      expect(line).toMatch(/[\u4e00-\u9fff].*\([A-Za-z]/);
      if (flag !== '--help') expect(line).toContain('默认 (default):');
    }
  });

  it('-h is --help, and `help <command>` and dispatching through main give the same text', async () => {
    const { run } = await MODULES.batch!();
    const long = await captured(() => run(['--help']));
    const short = await captured(() => run(['-h']));
    const viaHelp = await captured(() => runCli(['help', 'batch']));
    const viaMain = await captured(() => runCli(['batch', '--help']));
    expect(short).toMatchObject({ code: 0, stdout: long.stdout });
    expect(viaHelp).toMatchObject({ code: 0, stdout: long.stdout });
    expect(viaMain).toMatchObject({ code: 0, stdout: long.stdout });
  });

  it('help does not run the command: ask --help with a question prints help and answers nothing', async () => {
    const { run } = await MODULES.ask!();
    const { code, stdout } = await captured(() => run(['--help', '赤峰2012年依申请公开多少件']));
    expect(code).toBe(0);
    expect(stdout).toContain('用法 (usage): npm run ask --');
    expect(stdout).not.toContain('8件');
  });
});

describe('the command list', () => {
  it.each([[[]], [['help']], [['--help']], [['-h']]])('main.ts %j lists every command with a one-line summary, exit 0', async (argv) => {
    const { code, stdout, stderr } = await captured(() => runCli(argv));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const name of Object.keys(FLAGS)) expect(stdout).toMatch(new RegExp(`^  ${name} +\\S.*[\\u4e00-\\u9fff].*\\(`, 'm'));
    // How npm users start each one, since the script names differ (serve is npm start).
    expect(stdout).toMatch(/^ {2}serve +npm start /m);
    expect(stdout).toMatch(/^ {2}model-fetch +npm run model:fetch /m);
    expect(stdout).toContain('--help');
  });

  it('an unknown command prints the list on stderr and exits 2', async () => {
    const { code, stdout, stderr } = await captured(() => runCli(['serch']));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe('未知命令 (unknown command): serch');
    for (const name of Object.keys(FLAGS)) expect(stderr).toMatch(new RegExp(`^  ${name} `, 'm'));
  });
});

describe('flag errors', () => {
  it.each(Object.keys(FLAGS).filter((n) => n !== 'model-fetch'))('%s --nope is one INVALID_REQUEST line naming the flag and --help', async (name) => {
    const { run } = await MODULES[name]!();
    const { error, stdout } = await captured(() => run(['--nope', 'x']));
    expect(isNianbaoError(error) && error.code).toBe('INVALID_REQUEST');
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('--nope');
    expect(message).toContain('(see --help');
    expect(stdout).toBe('');
  });

  it('model-fetch keeps its exit code 2 and one stderr line, also pointing at --help', async () => {
    const { run } = await MODULES['model-fetch']!();
    const { code, stderr } = await captured(() => run(['--nope']));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--nope');
    expect(stderr).toContain('(see --help');
  });

  it('suggests the flag a typo was meant to be, and names a flag missing its value', async () => {
    const { run } = await MODULES.batch!();
    const typo = await captured(() => run(['q.jsonl', '--concurency', '2']));
    expect((typo.error as Error).message).toContain('是否想用 (did you mean) --concurrency');
    const missing = await captured(() => run(['q.jsonl', '--out']));
    expect((missing.error as Error).message).toContain('--out 需要一个取值 (needs a value)');
  });

  it('rejects a value outside a flag’s choices and an argument a command does not take, pointing at --help', async () => {
    const search = await captured(async () => (await MODULES.search!()).run(['--mode', 'fuzzy', '问题']));
    expect(search.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/--mode must be one of hybrid, lexical, vector.*see --help/) });
    const index = await captured(async () => (await MODULES.index!()).run(['corpus']));
    expect(index.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/多余的参数 \(unexpected argument\): corpus.*see --help/) });
  });
});
