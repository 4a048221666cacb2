/**
 * Suggested questions for the widget's first screen, built from the corpus's own metadata so they
 * always have answers: one per report that has a known region and year.
 */
import type { ReportSummary } from '../types.js';

const TEMPLATES: readonly string[] = ['{unit}{year}年依申请公开多少件', '{unit}{year}年主动公开了多少条政府信息', '{unit}{year}年有没有因政府信息公开被申请行政复议'];

/** Up to `max` questions, rotating templates across reports. */
export function suggestQuestions(summaries: readonly ReportSummary[], max = 4): string[] {
  const out: string[] = [];
  summaries
    .filter((s) => s.region && s.year)
    .forEach((s, i) => {
      const unit = `${shortRegion(s.region!)}${s.body && s.body !== '人民政府' ? s.body.replace('住房和城乡建设局', '住建局') : ''}`;
      out.push(TEMPLATES[i % TEMPLATES.length]!.replace('{unit}', unit).replace('{year}', String(s.year)));
    });
  return out.slice(0, max);
}

/** `株洲市芦淞区` → `芦淞区`, `赤峰市` → `赤峰市`: the most specific level reads most naturally. */
function shortRegion(region: string): string {
  const m = /^.+?(?:省|自治区|市|州|盟)(.+(?:区|县|旗|市))$/.exec(region);
  return m ? m[1]! : region;
}
