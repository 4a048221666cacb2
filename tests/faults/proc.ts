/**
 * Real processes for the fault suite: the CLI (`index`, `serve`) started as `npm start` / `npm run
 * index` would start it, on a temp project (its own corpus/ and index/), with its output captured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

export const ROOT = process.cwd();
const MAIN = path.join(ROOT, 'src/cli/main.ts');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Starts `nianbao <args>` with the temp project's environment. */
export function startCli(root: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Exit>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NIANBAO_ROOT: root, NIANBAO_EMBED_DIM: '32', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
  const done = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, output })));
  return { child, done, output: () => output };
}

/** Runs `nianbao <args>` to the end. */
export function runCli(root: string, args: string[], env: Record<string, string> = {}): Promise<Exit> {
  return startCli(root, args, env).done;
}

export interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Whether the process is still running (it never should have died). */
  alive: () => boolean;
  stop: () => Promise<Exit>;
}

/** `nianbao serve --port 0`, resolved once it prints its address (whether or not the index loaded). */
export async function startServer(root: string, env: Record<string, string> = {}): Promise<Server> {
  const run = startCli(root, ['serve', '--port', '0'], { NIANBAO_RELOAD_INTERVAL_MS: '0', ...env });
  let exited: Exit | null = null;
  void run.done.then((e) => (exited = e));
  for (let waited = 0; ; waited += 50) {
    const url = run.output().match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
    if (url) {
      return {
        url,
        child: run.child,
        output: run.output,
        alive: () => exited === null,
        stop: async () => {
          if (exited) return exited;
          run.child.kill('SIGTERM');
          return run.done;
        },
      };
    }
    if (exited) throw new Error(`server exited before listening:\n${run.output()}`);
    if (waited > 120_000) throw new Error(`server did not start:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls /health until the server is no longer loading or building; returns the last answer. */
export async function settled(server: Server, timeoutMs = 120_000): Promise<{ status: number; body: Record<string, unknown> }> {
  for (let waited = 0; ; waited += 100) {
    const res = await fetch(`${server.url}/health`);
    const body = (await res.json()) as Record<string, unknown>;
    if (body.status !== 'loading') return { status: res.status, body };
    if (waited > timeoutMs) throw new Error(`server still loading:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function ask(server: Server, question: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  return { status: res.status, body: await res.json() };
}

/** Copies a directory tree (the pristine index, before each case damages its copy). */
export async function copyDir(from: string, to: string): Promise<void> {
  await fs.rm(to, { recursive: true, force: true });
  await fs.cp(from, to, { recursive: true });
}

/** Overwrites `length` bytes of `file` at `offset` (clamped into the file) with a fixed pattern. */
export async function overwrite(file: string, offset: number, length = 4096): Promise<{ offset: number; length: number }> {
  const size = (await fs.stat(file)).size;
  const at = Math.max(0, Math.min(offset, size - 1));
  const n = Math.max(1, Math.min(length, size - at));
  const handle = await fs.open(file, 'r+');
  try {
    const bytes = Buffer.alloc(n);
    for (let i = 0; i < n; i++) bytes[i] = (i * 131 + 7) & 0xff;
    await handle.write(bytes, 0, n, at);
  } finally {
    await handle.close();
  }
  return { offset: at, length: n };
}
