/**
 * `npm run ingest [-- DIR] [--json]`: parses the corpus (or DIR) and prints, per report, its id, title,
 * region, body, year, sections, paragraphs, table rows, chunks and warnings; a warning line for every
 * metadata field that could not be established; skipped files with reasons; and a coverage line
 * (region/body/year found for N of M reports).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { NianbaoError } from '../errors.js';
import { loadConfig, resolveDir } from '../config.js';
import { describeReport, ingestCorpus } from '../ingest/index.js';
import type { Report } from '../types.js';
import { parseCommand, renderTable } from './args.js';
import { SPECS } from './commands.js';

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(SPECS.ingest, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const config = loadConfig();
  const dir = positionals[0] ? path.resolve(positionals[0]) : resolveDir(config, 'corpusDir');
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw new NianbaoError('FILE_UNREADABLE', `corpus directory ${dir}: not a readable directory`);
  const { reports, skipped } = await ingestCorpus(dir);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ reports: reports.map(summarize), skipped }, null, 2)}\n`);
    return 0;
  }
  const rows = reports.map((r) => {
    const s = summarize(r);
    return [s.id, s.title, s.region ?? '未知', s.body ?? '未知', s.year ? String(s.year) : '未知', String(s.sections), String(s.paragraphs), String(s.tableRows), String(s.chunks), String(s.warnings.length)];
  });
  process.stdout.write(`${renderTable(['id', '标题', '地区', '机关', '年份', '章节', '段落', '表格行', '分块', '警告'], rows)}\n`);
  for (const r of reports) for (const w of r.warnings) process.stdout.write(`警告 ${r.id}: ${w}\n`);
  for (const s of skipped) process.stdout.write(`已跳过 (skipped) ${s.source}: ${s.code}: ${s.message}\n`);
  const found = (key: 'region' | 'body' | 'year') => reports.filter((r) => r.meta[key].value !== null).length;
  process.stdout.write(`共 ${reports.length} 份报告，跳过 ${skipped.length} 个文件。\n`);
  process.stdout.write(
    `元数据覆盖 (metadata coverage): 地区 region ${found('region')}/${reports.length}，机关 body ${found('body')}/${reports.length}，年份 year ${found('year')}/${reports.length}\n`,
  );
  return 0;
}

function summarize(r: Report) {
  return {
    ...describeReport(r),
    sections: r.sections.length,
    paragraphs: r.paragraphs.filter((p) => p.kind !== 'tableRow').length,
    tableRows: r.paragraphs.filter((p) => p.kind === 'tableRow').length,
    chunks: r.chunks.length,
    warnings: r.warnings,
  };
}
