/**
 * The one CLI entry: `tsx src/cli/main.ts <command> [...args]`. Each command lives in its own module
 * exporting `run(args): Promise<number>` (the exit code). Errors print one line and exit non-zero.
 */
import { isNianbaoError } from '../errors.js';

const COMMANDS: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  ingest: () => import('./ingest.js'),
  index: () => import('./index-build.js'),
  search: () => import('./search.js'),
  ask: () => import('./ask.js'),
  serve: () => import('./serve.js'),
  batch: () => import('./batch.js'),
  eval: () => import('./eval.js'),
  'model-fetch': () => import('./model-fetch.js'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const load = name ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`用法 (usage): main.ts <${Object.keys(COMMANDS).join('|')}> [参数]\n`);
    return 2;
  }
  return (await load()).run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const msg = isNianbaoError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    process.stderr.write(`错误 (error): ${msg}\n`);
    process.exitCode = 1;
  },
);
