/**
 * `npm run ask -- "赤峰2012年依申请公开多少件"`: the answer and its citations;
 * `npm run -s ask -- --json "…"` prints `{answer, citations, refused, grounded}`.
 */
import { loadConfig } from '../config.js';
import { openEngine } from '../engine.js';
import { NianbaoError } from '../errors.js';
import { parseCommand } from './args.js';
import { SPECS } from './commands.js';
import { paragraphLabel } from '../lang/zh/report-terms.js';

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(SPECS.ask, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const question = positionals.join(' ').trim();
  if (!question) throw new NianbaoError('EMPTY_QUESTION', 'usage: npm run ask -- "问题" (see --help)');
  const config = loadConfig();
  if ([...question].length > config.maxQuestionLength) throw new NianbaoError('QUESTION_TOO_LONG', `${[...question].length} > ${config.maxQuestionLength} characters`);
  const engine = await openEngine(config, { log: (l) => process.stderr.write(`${l}\n`) });
  const { answer, citations, refused, grounded, meta } = await engine.ask(question);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ answer, citations, refused, grounded, meta }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${answer}\n`);
  for (const c of citations) process.stdout.write(`\n[${c.n}] 《${c.title}》 ${c.section} ${paragraphLabel(c.paragraph, c.page)} (${c.source}#p${c.paragraph})\n    ${c.quote.replace(/\n/g, '\n    ')}\n`);
  if (!grounded) process.stdout.write('\n(警告：答案未通过数字核对 / warning: answer failed the number check)\n');
  return 0;
}
