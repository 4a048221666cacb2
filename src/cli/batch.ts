/**
 * `npm run batch -- questions.jsonl|questions.csv [--out answers.jsonl|answers.csv] [--concurrency N]`:
 * answers every question, in input order, with a progress bar on stderr (count, rate, ETA). With an
 * existing `--out`, questions already answered there are skipped (resume). `id` is optional: a missing
 * one is the line number (JSONL) or data row number (CSV), see src/eval/questions.ts. Bad input lines
 * are reported with their line number and field, and skipped; the exit code is the number of failed
 * lines (capped at 255). Flags and help: SPECS.batch in commands.ts.
 */
import { loadConfig } from '../config.js';
import { openEngine } from '../engine.js';
import { NianbaoError } from '../errors.js';
import { answerInOrder, openResultWriter, type ResultWriter } from '../eval/batch.js';
import { describeInputError, readQuestionFile } from '../eval/questions.js';
import { intFlag, parseCommand } from './args.js';
import { SPECS } from './commands.js';
import { createProgress } from './progress.js';

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(SPECS.batch, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const input = positionals[0];
  if (!input) throw new NianbaoError('INVALID_REQUEST', 'usage: npm run batch -- questions.jsonl [--out answers.jsonl] [--concurrency N] (see --help)');
  const concurrency = intFlag(values.concurrency, 'concurrency', 1, 1, 64);
  const { records, errors } = await readQuestionFile(input);
  for (const e of errors) process.stderr.write(`${input}:${e.line}: 已跳过 (skipped) ${describeInputError(e)}\n`);

  const extraColumns = [...new Set(records.flatMap((r) => Object.keys(r.fields)))];
  const writer: ResultWriter = values.out
    ? await openResultWriter(values.out, { extraColumns })
    : { done: new Set(), write: async (r) => void process.stdout.write(`${JSON.stringify(r)}\n`), close: async () => {} };
  const todo = records.filter((r) => !writer.done.has(r.id));
  if (writer.done.size) process.stderr.write(`继续上次的运行 (resuming): ${records.length - todo.length} 个问题已有答案，跳过\n`);

  const engine = await openEngine(loadConfig(), { log: (l) => process.stderr.write(`${l}\n`) });
  const progress = createProgress();
  const started = performance.now();
  progress.update('batch', 0, todo.length);
  let failed = errors.length;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let count = 0;
  try {
    for await (const result of answerInOrder(todo, (q, signal) => engine.ask(q, { signal }), { concurrency, signal: controller.signal })) {
      await writer.write(result);
      if (result.error) {
        failed++;
        process.stderr.write(`\n${input}: id ${result.id}: ${result.error.code}: ${result.error.message}\n`);
      }
      progress.update('batch', ++count, todo.length);
    }
  } finally {
    progress.stop();
    process.off('SIGINT', stop);
    await writer.close();
  }
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`完成 (done): ${count} 个问题, ${seconds.toFixed(1)} 秒, ${(count / Math.max(seconds, 1e-9)).toFixed(2)} 题/秒; 失败 ${failed}\n`);
  return Math.min(failed, 255);
}
