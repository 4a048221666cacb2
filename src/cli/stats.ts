/**
 * `npm run -s stats -- --measure 依申请公开.收到 [--region 赤峰] [--year 2012-2019] [--csv|--json]`: one
 * standard measure across the reports of a scope, each value cited (report, paragraph, page), then the
 * reports in scope that do not state it. Without `--measure`, the list of measures.
 */
import { loadConfig } from '../config.js';
import { openEngine } from '../engine.js';
import { NianbaoError } from '../errors.js';
import { paragraphLabel } from '../lang/zh/report-terms.js';
import { statsCsv, statsJson, statsScope } from '../server/routes/stats.js';
import { statsQuerySchema } from '../server/schemas.js';
import { measureList, requireMeasure, statsQuery } from '../stats/query.js';
import { parseCommand, renderTable } from './args.js';
import { SPECS } from './commands.js';

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(SPECS.stats, args);
  if (!parsed) return 0;
  const { values } = parsed;
  if (!values.measure) {
    process.stdout.write(`${renderTable(['统计项 (measure)', '名称', '单位'], measureList().map((m) => [m.id, m.name, m.unit]))}\n`);
    return 0;
  }
  requireMeasure(values.measure);
  const checked = statsQuerySchema.safeParse({ measure: values.measure, region: values.region, include: values.include, year: values.year, body: values.body });
  if (!checked.success) throw new NianbaoError('INVALID_REQUEST', checked.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  const engine = await openEngine(loadConfig(), { log: (l) => process.stderr.write(`${l}\n`) });
  const result = statsQuery(engine.index.summaries, statsScope(checked.data));
  if (values.csv) {
    process.stdout.write(statsCsv(result));
    return 0;
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(statsJson(result, { region: values.region ?? null, year: values.year ?? null, body: values.body ?? null }), null, 2)}\n`);
    return 0;
  }
  const rows = result.values.map((v) => [v.region ?? '未知', v.year ? String(v.year) : '未知', v.text, v.title, `${paragraphLabel(v.paragraph, v.page)} (${v.source}#p${v.paragraph})`]);
  process.stdout.write(`${result.measure.name}（${result.measure.id}）：${result.values.length} 份报告说明了该项，共 ${result.inScope.length} 份报告在范围内\n`);
  if (rows.length) process.stdout.write(`${renderTable(['地区', '年份', '数值', '报告', '出处'], rows)}\n`);
  if (result.missing.length) {
    process.stdout.write(`未说明该项的报告 (${result.missing.length})：${result.missing.map((r) => `${r.region ?? r.title}${r.year ? ` ${r.year}年` : ''}`).join('、')}\n`);
  }
  return 0;
}
