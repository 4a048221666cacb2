/**
 * The real server for the server fault tests: `nianbao serve --port 0` as its own process, on a temp
 * project holding a copy of the seed corpus (its index built by the first server started on it), with
 * settings from the environment exactly as an operator gives them. Raw sockets and fetch talk to it.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startCli } from './proc.js';

const REPO = process.cwd();

export interface ServerProcess {
  url: string;
  port: number;
  /** Everything the server printed (stdout and stderr) so far. */
  output(): string;
  stop(): Promise<void>;
}

/** A temp project with the seed corpus; remove it with `fs.rm` when done. */
export async function seedProject(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-server-faults-'));
  await fs.cp(path.join(REPO, 'corpus'), path.join(root, 'corpus'), { recursive: true });
  return root;
}

/** Starts the server on `root` with `env` and resolves once its index is ready. */
export function startServer(root: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const run = startCli(root, ['serve', '--port', '0'], { NIANBAO_RELOAD_INTERVAL_MS: '0', ...env });
  const exited = run.done.then(() => {});
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready:\n${run.output()}`)), 120_000);
    void exited.then(() => reject(new Error(`server exited:\n${run.output()}`)));
    const poll = setInterval(() => {
      const out = run.output();
      const url = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (!url || !out.includes('索引就绪')) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        url: url[0],
        port: Number(url[1]),
        output: run.output,
        stop: async () => {
          run.child.kill('SIGTERM');
          await exited;
        },
      });
    }, 50);
  });
}

export interface RawExchange {
  /** Bytes the server sent, as text. */
  received: string;
  /** Milliseconds from connecting until the server closed the connection, or null if it did not within `waitMs`. */
  closedAfterMs: number | null;
}

/**
 * Opens a raw TCP connection, lets `talk` write to it, and records what comes back and when the
 * server closes it (waiting at most `waitMs`).
 */
export function rawExchange(port: number, waitMs: number, talk: (socket: net.Socket) => void): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () => talk(socket));
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (received += d));
    socket.on('error', () => {});
    const done = (closedAfterMs: number | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, closedAfterMs });
    };
    const timer = setTimeout(() => done(null), waitMs);
    socket.on('close', () => done(Date.now() - started));
  });
}
