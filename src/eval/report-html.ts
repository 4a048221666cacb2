/**
 * The evaluation report a person reads: summary figures, then every question with failures first,
 * each expandable to the answer, its citations and the evidence that was expected. All text escaped.
 */
import type { EvalSummary, EvaluatedQuestion } from './evaluate.js';
import { paragraphLabel } from '../lang/zh/report-terms.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mark = (v: boolean | null) => (v === null ? '—' : v ? '✓' : '✗');

export function renderEvalReport(summary: EvalSummary, results: EvaluatedQuestion[], meta: { input: string; generatedAt: string }): string {
  const ordered = [...results].sort((a, b) => Number(a.verdict.both !== false) - Number(b.verdict.both !== false));
  const figures: [string, string][] = [
    ['答案正确率 (answer)', pct(summary.answerAccuracy)],
    ['引用正确率 (citation)', pct(summary.citationAccuracy)],
    ['两者皆对 (both)', pct(summary.both)],
    ['拒答精确率 (refusal precision)', pct(summary.refusalPrecision)],
    ['拒答召回率 (refusal recall)', pct(summary.refusalRecall)],
    ['检索 recall@1', pct(summary.recallAt1)],
    ['检索 recall@5', pct(summary.recallAt5)],
    ['错误答案率 (wrong answers)', pct(summary.wrongRate)],
    ['拒答率 (abstentions, answerable questions)', pct(summary.abstentionRate)],
    ['未通过核对的答案 (ungrounded)', String(summary.ungrounded)],
    ['无法回答的错误 (errors)', String(summary.errors)],
    ['延迟 p50 / p95', `${summary.latencyP50} / ${summary.latencyP95} ms`],
  ];
  const rows = ordered
    .map((r) => {
      const failed = r.verdict.both === false;
      const cites = r.citations.map((c) => `<li>[${c.n}] 《${esc(c.title)}》 ${esc(c.section)} ${paragraphLabel(c.paragraph, c.page)} <code>${esc(c.source)}</code><blockquote>${esc(c.quote)}</blockquote></li>`).join('');
      return `<details class="${failed ? 'fail' : 'pass'}"${failed ? ' open' : ''}>
<summary><span class="v">${failed ? '✗' : '✓'}</span> <b>${esc(r.gold.id)}</b> ${esc(r.gold.question)} <small>答案 ${mark(r.verdict.answered)} · 引用 ${mark(r.verdict.cited)} · 证据排名 ${r.evidenceRank ?? '—'}</small></summary>
<div class="body"><p><b>回答：</b>${esc(r.answer)}${r.refused ? ' <em>(拒答)</em>' : ''}${r.grounded ? '' : ' <em class="warn">(未通过数字核对)</em>'}</p>
${r.error ? `<p class="warn">错误：${esc(r.error)}</p>` : ''}
<p><b>期望：</b>${r.gold.kind === 'none' ? '拒答（语料库无此信息）' : esc((r.gold.facts ?? []).map((f) => f.join(' / ')).join('；'))}${r.verdict.missingFacts.length ? ` <em class="warn">缺少：${esc(r.verdict.missingFacts.map((f) => f.join('/')).join('；'))}</em>` : ''}</p>
${r.gold.evidence ? `<p><b>期望证据：</b><code>${esc(r.gold.source)}</code><blockquote>${esc(r.gold.evidence)}</blockquote></p>` : ''}
<p><b>引用：</b></p><ol>${cites || '<li>无</li>'}</ol></div></details>`;
    })
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>评测报告 - 年报问答</title>
<style>body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;max-width:980px;margin:0 auto;padding:16px;color:#1f2937}
table{border-collapse:collapse}td{padding:4px 12px;border-bottom:1px solid #e5e7eb}td:last-child{font-weight:bold;text-align:right}
details{border:1px solid #e5e7eb;border-radius:8px;margin:8px 0;padding:6px 10px}details.fail{border-color:#fca5a5;background:#fff7f7}
summary{cursor:pointer}.v{font-weight:bold}.fail .v{color:#b91c1c}.pass .v{color:#15803d}small{color:#6b7280}
blockquote{margin:4px 0;padding:6px 10px;background:#f3f4f6;border-left:3px solid #9ca3af;white-space:pre-wrap}.warn{color:#b45309}</style></head>
<body><h1>评测报告</h1><p>输入：<code>${esc(meta.input)}</code> · 生成于 ${esc(meta.generatedAt)} · 共 ${summary.questions} 题（计分 ${summary.scored} 题）</p>
<table>${figures.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>逐题结果（失败在前）</h2>${rows}</body></html>`;
}
