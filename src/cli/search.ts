/**
 * `npm run -s search -- [--json] [--k 5] [--mode hybrid|lexical|vector] "问题"`: retrieval hits for a
 * question, as a readable table or JSON `{hits:[{source, reportId, title, section, paragraph, text, score}]}`.
 */
import { loadConfig } from '../config.js';
import { openEngine } from '../engine.js';
import { NianbaoError } from '../errors.js';
import type { SearchMode } from '../retrieve/search.js';
import { intFlag, parseCommand, renderTable } from './args.js';
import { SPECS } from './commands.js';

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(SPECS.search, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const question = positionals.join(' ').trim();
  if (!question) throw new NianbaoError('EMPTY_QUESTION', 'usage: npm run -s search -- "问题" (see --help)');
  const config = loadConfig();
  const engine = await openEngine(config, { log: (l) => process.stderr.write(`${l}\n`) });
  const result = await engine.retrieve(question, { k: intFlag(values.k, 'k', config.topK, 1, 50), mode: values.mode as SearchMode });
  const hits = result.hits.map((h) => ({
    source: h.report.source,
    reportId: h.report.id,
    title: h.report.title,
    section: h.chunk.headingPath.join(' > '),
    paragraph: h.chunk.anchor ?? h.chunk.paragraphs[0]!,
    ...(h.chunk.page ? { page: h.chunk.page } : {}),
    text: h.chunk.text,
    score: Math.round(h.score * 1e5) / 1e5,
    ranks: h.ranks,
  }));
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ query: result.query, notice: result.notice ?? null, hits }, null, 2)}\n`);
    return 0;
  }
  if (result.notice) process.stdout.write(`注意 (notice): 语料库中没有匹配的报告；现有年份：${result.notice.availableYears.join('、') || '无'}\n`);
  const rows = hits.map((h, i) => [String(i + 1), h.score.toFixed(4), `${h.ranks.lexical ?? '-'}/${h.ranks.vector ?? '-'}`, h.title.slice(0, 24), h.section.slice(0, 20), `${h.page ? `${h.page}页 ` : ''}#p${h.paragraph}`, h.text.replace(/\s+/g, ' ').slice(0, 50)]);
  process.stdout.write(`${renderTable(['#', '得分', '词/向量', '报告', '章节', '段', '文本'], rows)}\n`);
  return 0;
}
