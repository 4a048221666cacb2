/**
 * Starts `npm start`'s server as a child process on a free loopback port (the bench must not share
 * the server's event loop) and resolves once the index is ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function startServer(env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let url = '';
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not get ready:\n${out}`)), 120_000);
    const onData = (chunk: string) => {
      out += chunk;
      url ||= /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0] ?? '';
      if (url && out.includes('索引就绪')) {
        clearTimeout(timer);
        resolve({
          url,
          child,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    // Decoded as a stream: a chunk may end inside a multi-byte character.
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.stderr!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}
