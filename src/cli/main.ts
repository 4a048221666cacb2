/**
 * The one CLI entry: `tsx src/cli/main.ts <command> [...args]` (what the npm scripts run). The commands
 * and their dispatch live in commands.ts; each command module exports `run(args): Promise<number>`
 * (the exit code). Errors print one line and exit non-zero.
 */
import { isNianbaoError } from '../errors.js';
import { runCli } from './commands.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const msg = isNianbaoError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    process.stderr.write(`错误 (error): ${msg}\n`);
    process.exitCode = 1;
  },
);
