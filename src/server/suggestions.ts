/**
 * Suggested questions for the widget's first screen, built from the corpus's own metadata so they
 * always name a report the corpus has: one per report that has a known region and year.
 */
import { BODY_ABBREVIATIONS } from '../lang/zh/index.js';
import type { ReportSummary } from '../types.js';

const TEMPLATES: readonly string[] = ['{unit}{year}年依申请公开多少件', '{unit}{year}年主动公开了多少条政府信息', '{unit}{year}年有没有因政府信息公开被申请行政复议'];

/** Up to `max` questions, rotating templates across reports. */
export function suggestQuestions(summaries: readonly ReportSummary[], max = 4): string[] {
  const out: string[] = [];
  summaries
    .filter((s) => s.region && s.year)
    .forEach((s, i) => {
      const unit = `${s.regionPath?.at(-1) ?? s.region!}${s.body && s.body !== '人民政府' ? shortBody(s.body) : ''}`;
      out.push(TEMPLATES[i % TEMPLATES.length]!.replace('{unit}', unit).replace('{year}', String(s.year)));
    });
  return out.slice(0, max);
}

/**
 * The suggestions that the corpus really answers: candidates are asked, refusals dropped (a report
 * that states no total must not be suggested for one). Computed once per engine.
 */
export async function answerableSuggestions(
  summaries: readonly ReportSummary[],
  ask: (question: string) => Promise<{ refused: boolean }>,
  max = 4,
): Promise<string[]> {
  const out: string[] = [];
  for (const q of suggestQuestions(summaries, max * 3)) {
    if (out.length >= max) break;
    if (!(await ask(q)).refused) out.push(q);
  }
  return out;
}

/** The short form people type (`住房和城乡建设局` → `住建局`): the table's shortest agency-shaped alias. */
function shortBody(body: string): string {
  const entry = BODY_ABBREVIATIONS.find((b) => b.body === body);
  const agency = (entry?.aliases ?? []).filter((a) => a.length >= 3 && /[局委办厅署]$/.test(a)).sort((a, b) => a.length - b.length);
  return agency[0] ?? body;
}
