/**
 * Binding a figure to what it measures. A sentence of these reports often holds several numbers
 * (`全年办结市长专线906件,区长专线2231件`, `总投资4,860万元，其中财政补助3,920万元`), and only one answers
 * the question. Each number is read with its own label (the words since the previous number), the
 * clause's shared verb and subject carried over to every item of a list or a `其中` breakdown, the
 * noun right after its unit, and its unit. Dates, ordinals, years, document numbers, phone numbers
 * and addresses are never answers to "多少".
 */
import { ASKED_KINDS, CHANGE_DIRECTIONS, NOT_QUANTITY_AFTER, POST_QUALIFIERS, PRE_QUALIFIERS, TOTAL_WORDS, UNITS } from '../lang/zh/index.js';
import { extractNumbers, type NumberMention } from '../text/index.js';
import { coverageOf, type Concept } from './concepts.js';
import { SCORING } from './scoring.js';

const F = SCORING.figure;
/** The noun phrase right after a number's unit, up to punctuation, a conjunction or the next number. */
const FORWARD_NOUN = new RegExp(`^[\\u4e00-\\u9fff()]{1,${F.maxForwardNoun}}?(?=[，,。；;、和及与]|\\d|$)`);

export interface BoundFigure {
  mention: NumberMention;
  /** The figure as the answer states it, with qualifier and unit: `近2万条`, `4,860万元`. */
  text: string;
  unit: string;
  /** The words the figure is bound to (carried subject + own label + noun after the unit). */
  label: string;
  /** Share of the question's concepts the full label covers. */
  coverage: number;
  /**
   * The same counting whole ideas only, and 0 unless the label names at least one specific idea of the
   * question (generic words such as 政府/信息 alone bind nothing): what decides whether the figure is bound.
   */
  strictCoverage: number;
  /** Coverage, own words counted double, plus unit and direction agreement: ranks the figures. */
  score: number;
}

const UNIT_BY_LENGTH = [...UNITS].sort((a, b) => b.length - a.length);
const TOTAL = new RegExp(TOTAL_WORDS.join('|'));
const ASK = /(?:多少|几)/g;

/** The units a question's figure should carry: `多少批` → [批], `多少钱` → money units; null = any. */
export function askedUnits(questionNorm: string): readonly string[] | null {
  for (const m of questionNorm.matchAll(ASK)) {
    const after = questionNorm.slice(m.index + m[0].length);
    const unit = UNIT_BY_LENGTH.find((u) => after.startsWith(u));
    if (unit) return unit === '万' ? ['万元', '万', '万人次', '万条', '万件', '万人', '万户'] : [unit];
  }
  for (const kind of ASKED_KINDS) if (kind.words.some((w) => questionNorm.includes(w))) return kind.units;
  return null;
}

/**
 * Numbers of a text that can be figures: not years, dates or times (`4月15日`), ordinals (`第二十条`),
 * list enumerators (`8.属于…`), document numbers (`〔2021〕12号`), phone numbers, addresses, the
 * `二十大` of a party congress, or numbers the question itself gave.
 */
export function figureCandidates(norm: string, questionNumbers: ReadonlySet<number>): NumberMention[] {
  return extractNumbers(norm).filter((n) => {
    const end = n.index + n.raw.length;
    const next = norm.charAt(end);
    const prev = norm.charAt(n.index - 1);
    const enumerator = /^[.、)）]/.test(next) && /^$|[\s(（：:；;]/.test(prev) && !/^\.\d/.test(norm.slice(end));
    const inDocNumber = /[〔\[［]\s*$/.test(norm.slice(Math.max(0, n.index - 2), n.index)) || /^\s*[〕\]］]/.test(norm.slice(end));
    const phone = /\d{3,}[-—]$/.test(norm.slice(0, n.index)) || (n.raw.length >= 3 && /^[-—]\d{5,}/.test(norm.slice(end))) || /(电话|传真|邮编|热线)[:：]?\s*$/.test(norm.slice(Math.max(0, n.index - 4), n.index));
    // The second number of a range (`2-3次`) belongs to the first.
    const rangeEnd = /\d\s*[-~～—]\s*$/.test(norm.slice(0, n.index));
    return !(next && NOT_QUANTITY_AFTER.includes(next)) && prev !== '第' && !enumerator && !inDocNumber && !phone && !rangeEnd && !questionNumbers.has(n.value);
  });
}

/** A figure as written, with its qualifier and unit (`近2万条`, `450多人次`), and where it ends in the text. */
export function figureText(norm: string, n: NumberMention): { text: string; unit: string; end: number } {
  const after = norm.slice(n.index + n.raw.length);
  const post = POST_QUALIFIERS.exec(after)?.[0] ?? '';
  // A range (`2-3次`, `3至5个工作日`) is one figure.
  const range = /^\s*[-~～—至到]\s*(\d+(?:\.\d+)?)/.exec(after);
  const rest = range ? after.slice(range[0].length) : after;
  const written = range ? `${n.raw}${range[0].trim()}` : n.raw;
  const unit = UNIT_BY_LENGTH.find((u) => rest.slice(post.length).startsWith(u)) ?? '';
  const pre = PRE_QUALIFIERS.exec(norm.slice(0, n.index))?.[1] ?? '';
  const keepPre = pre === '近' || pre === '约' || pre === '逾' || pre === '超过' ? pre : '';
  // `4,860万元` is read as the number 4860万 and the unit 元; the unit it answers with is 万元.
  const multiplier = /[万萬亿億千]$/.exec(n.raw)?.[0] ?? '';
  const end = n.index + (range ? n.raw.length + range[0].length : n.raw.length) + post.length + unit.length;
  return { text: `${keepPre}${written}${post}${unit}`, unit: `${multiplier}${unit}`, end };
}

/** What the numbers of a text are bound to, read as prose or as a table row (`行政许可：上一年项目数量 9；…`). */
export type FigureLayout = 'prose' | 'tableRow';

/**
 * Scores every candidate figure of a sentence against the question's concepts and asked units, best
 * first.
 * - Prose: a number's own words are those since the previous number (`区长专线` in `市长专线906件,区长专线
 *   2231件`), plus the noun after its unit when it counts forwards (`11个乡镇政务服务中心`). Its full label
 *   adds the clause group's head (the verb and subject before the group's first number, up to `；`/`。`)
 *   and the previous item's words, as a list or a `其中` breakdown shares them (`调解矛盾纠纷2,675件，
 *   调解成功2,612件`). The full label decides; own words break ties, as they tell an item from its
 *   neighbours (`主动公开153条，其中门户网站118条` answers 153 to `主动公开多少条`).
 * - Table rows: the row label is every value's head and each value's own words are its column name;
 *   when no column is asked for, the total (`总计`) answers.
 */
export function bindFigures(
  norm: string,
  concepts: readonly Concept[],
  units: readonly string[] | null,
  questionNumbers: ReadonlySet<number>,
  layout: FigureLayout = 'prose',
  direction: 'from' | 'to' | null = null,
): BoundFigure[] {
  const markers = CHANGE_DIRECTIONS.find((d) => d.direction === direction)?.markers ?? [];
  const candidates = new Set(figureCandidates(norm, questionNumbers).map((n) => n.index));
  // Numerals inside words (`上一年`) are neither figures nor boundaries between labels.
  const numbers = extractNumbers(norm).filter((n) => candidates.has(n.index) || /\d/.test(n.raw));
  const rowHeadEnd = layout === 'tableRow' ? Math.max(norm.indexOf('：'), norm.indexOf(':')) : -1;
  const rowHead = rowHeadEnd >= 0 ? norm.slice(0, rowHeadEnd) : '';
  const out: (BoundFigure & { own: number; total: boolean })[] = [];
  let groupStart = 0;
  let groupHead = '';
  let prevEnd = 0;
  let prevLabel = '';
  let order = 0;
  for (const n of numbers) {
    if (n.index < rowHeadEnd) continue;
    const between = norm.slice(prevEnd, n.index);
    const breakAt = Math.max(between.lastIndexOf('；'), between.lastIndexOf(';'), between.lastIndexOf('。'));
    const newGroup = breakAt >= 0 || out.length === 0 && prevEnd === 0;
    if (breakAt >= 0) groupStart = prevEnd + breakAt + 1;
    const ownStart = Math.max(prevEnd, groupStart, rowHeadEnd + 1);
    const ownBefore = norm.slice(ownStart, n.index);
    if (newGroup) {
      groupHead = layout === 'tableRow' ? rowHead : '';
      prevLabel = '';
    }
    // The head is what comes before the group's first figure (years and document numbers are no figures).
    if (layout === 'prose' && !groupHead && candidates.has(n.index)) groupHead = norm.slice(groupStart, n.index);
    const fig = figureText(norm, n);
    // The noun a number counts forwards (`11个乡镇政务服务中心`) is its own; when it runs straight into the
    // next number it is shared with that number's label.
    const tailMatch = layout === 'prose' && fig.unit ? FORWARD_NOUN.exec(norm.slice(fig.end)) : null;
    const tail = tailMatch?.[0] ?? '';
    const tailShared = /^\d/.test(norm.slice(fig.end + tail.length));
    prevEnd = fig.end + (tailShared ? 0 : tail.length);
    if (!candidates.has(n.index)) continue;
    const own = `${ownBefore}${tail}`;
    // Items that name their own noun (`55个行政村、46个社区`) are parallel; a label-first item after a
    // label-first one (`调解矛盾纠纷2,675件，调解成功2,612件`) shares its words.
    const inherited = tail ? '' : prevLabel;
    const full = layout === 'tableRow' ? `${rowHead}${own}` : `${groupHead}${inherited}${own}`;
    prevLabel = own;
    // The group's first figure owns its head (`全年主动公开政府信息153条`).
    const ownCoverage = coverageOf(groupHead.endsWith(ownBefore) ? `${groupHead}${tail}` : own, concepts);
    const coverage = coverageOf(full, concepts);
    // A table value takes its unit from the column name (`采购总金额(万元)`).
    const unit = fig.unit || (/[(（](?:单位[:：])?([^()（）]{1,4})[)）]/.exec(ownBefore)?.[1] ?? '');
    let score = coverage + F.ownShare * ownCoverage - F.orderCost * order++;
    if (markers.length) score += markers.some((m) => ownBefore.trimEnd().endsWith(m)) ? F.directionBonus : -F.directionCost;
    // `多少个` says little about the unit (reports count 个, 项, 家 …), so it weighs half.
    const unitWeight = units?.length === 1 && units[0] === '个' ? F.weakUnitMismatchCost : F.unitMismatchCost;
    // A unit that contradicts the asked one disqualifies (`236人次` for `多少批`); agreement earns nothing,
    // since a table's values carry no unit and must not lose to prose for it.
    if (units && unit && !units.some((u) => unit.startsWith(u) || u.startsWith(unit))) score -= unitWeight;
    out.push({ mention: n, text: unit && !fig.unit ? `${fig.text}${unit}` : fig.text, unit, label: full, coverage, strictCoverage: concepts.some((c) => c.weight >= 1 && c.alternatives.some((a) => full.includes(a))) ? coverageOf(full, concepts, true) : 0, score, own: ownCoverage, total: TOTAL.test(ownBefore) });
  }
  // Parallel table columns: with no column asked for, the total is the answer.
  if (layout === 'tableRow' && !out.some((f) => f.own > 0.001)) for (const f of out) if (f.total) f.score += F.totalBonus;
  return out.sort((a, b) => b.score - a.score).map(({ own: _o, total: _t, ...f }) => f);
}

/** Whether a question asks for where a change started (`从多少…缩短`) or where it ended (`缩短到多少`). */
export function askedDirection(questionNorm: string): 'from' | 'to' | null {
  return CHANGE_DIRECTIONS.find((d) => d.asks.some((a) => questionNorm.includes(a)))?.direction ?? null;
}

/**
 * The parts of a question that each ask for a figure: `发布政策解读多少篇？其中图解有几篇？` → two parts.
 * A question that asks once is one part.
 */
export function figureAsks(questionNorm: string): string[] {
  const parts = questionNorm.split(/[，,？?；;。]|、(?=[^、]*(?:多少|几))/).map((p) => p.trim()).filter(Boolean);
  const asking = parts.filter((p) => /多少|几/.test(p));
  return asking.length >= 2 ? asking : [questionNorm];
}
