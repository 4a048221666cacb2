/**
 * Quantity facts: every number of a paragraph or table row, read once at ingest and stored with the
 * index. A fact is the figure as written (`4,860万元`), its value, unit and kind (a count, money, a
 * percentage, a rank, a date or an identifier such as `〔2021〕12号`, a phone number or `二十大`), and the
 * words that say what it measures:
 * - prose: its own words since the previous number (`区长专线` in `办结市长专线906件,区长专线2231件`), the
 *   noun it counts forwards (`11个乡镇政务服务中心`), and what it inherits: the head of its clause group
 *   (the verb and subject before the group's first figure, up to `；`/`。`) and the previous item's words,
 *   as a list or a `其中` breakdown shares them;
 * - table rows: the row label for every value, and the column name as its own words.
 * Answering binds a question to these labels (src/answer/figures.ts); nothing here knows the question.
 */
import { DATE_AFTER, IDENTIFIER_AFTER, MONEY_UNITS, POST_QUALIFIERS, PRE_QUALIFIERS, RATE_UNITS, TOTAL_WORDS, UNITS } from '../lang/zh/index.js';
import { extractNumbers, parseChineseNumeral, type NumberMention } from '../text/index.js';
import type { FactKind, StoredFact } from '../types.js';

export type { FactKind, StoredFact };
/** How the numbers of a text are read: as prose, or as a table row (`行政许可：上一年项目数量 9；…`). */
export type FactLayout = 'prose' | 'tableRow';

export interface Fact {
  mention: NumberMention;
  /** As the answer states it, with qualifier and unit: `近2万条`, `4860万元`, `2-3次`. */
  text: string;
  unit: string;
  kind: FactKind;
  /** Its own words (and the noun it counts forwards); a table value's column name. */
  own: string;
  /** Words it inherits: the clause group's head and the previous item's words; a table row's label. */
  inherited: string;
  /** True for the first figure of its clause group, whose own words are the group's head. */
  leads: boolean;
  /** True when its own words name a total (`总计`). */
  total: boolean;
  /** Position among the figures of the text (0-based). */
  order: number;
}

const UNIT_BY_LENGTH = [...UNITS].sort((a, b) => b.length - a.length);
const TOTAL = new RegExp(TOTAL_WORDS.join('|'));
/**
 * The longest noun a number counts forwards (`11个乡镇(街道)政务服务中心`). It starts with a character:
 * a bracket after a figure opens its breakdown (`343件（网上249件、当面73件）`), not its noun.
 */
const MAX_FORWARD_NOUN = 24;
const RANK_WORDS = /第([一二三四五六七八九十]{1,3})(?![条项款章节部次批])/g;
/**
 * How far back from a number its qualifier and context are read (`超过`, `0471-`, `2-`): a window, not
 * the whole text before it, so a long paragraph is read in linear time.
 */
const LOOKBEHIND = 16;
/**
 * The most of a clause head, a figure's own words or a row label a fact keeps: the words nearest the
 * figure. Real labels stay far below it (the longest in the evaluation corpora is 238 characters); a
 * paragraph with no stop for pages would otherwise give each of its figures a label as long as itself.
 */
const MAX_LABEL_PART = 300;
const FORWARD_NOUN = new RegExp(`^[\\u4e00-\\u9fff][\\u4e00-\\u9fff()]{0,${MAX_FORWARD_NOUN - 1}}?(?=[，,。；;、和及与]|\\d|$)`);

/** What kind of number this is, from what stands around it. */
export function factKind(norm: string, n: NumberMention, unit: string): FactKind {
  const end = n.index + n.raw.length;
  const next = norm.charAt(end);
  const prev = norm.charAt(n.index - 1);
  const enumerator = /^[.、)）]/.test(next) && /^$|[\s(（：:；;]/.test(prev) && !/^\.\d/.test(norm.slice(end));
  const inDocNumber = /[〔\[［]\s*$/.test(norm.slice(Math.max(0, n.index - 2), n.index)) || /^\s*[〕\]］]/.test(norm.slice(end));
  const before = norm.slice(Math.max(0, n.index - LOOKBEHIND), n.index);
  const phone = /\d{3,}[-—]$/.test(before) || (n.raw.length >= 3 && /^[-—]\d{5,}/.test(norm.slice(end))) || /(电话|传真|邮编|热线)[:：]?\s*$/.test(norm.slice(Math.max(0, n.index - 4), n.index));
  // The second number of a range (`2-3次`) belongs to the first.
  const rangeEnd = /\d\s*[-~～—]\s*$/.test(before);
  if (inDocNumber || phone || enumerator || rangeEnd || (next && IDENTIFIER_AFTER.includes(next))) return 'identifier';
  if (next && DATE_AFTER.includes(next)) return 'date';
  if (prev === '第') return 'rank';
  if (RATE_UNITS.some((u) => unit.startsWith(u))) return 'percentage';
  if (MONEY_UNITS.some((u) => unit === u)) return 'money';
  return 'count';
}

/** True for the kinds that answer `多少`: counts, money and percentages. */
export function isQuantity(kind: FactKind): boolean {
  return kind === 'count' || kind === 'money' || kind === 'percentage';
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
  const pre = PRE_QUALIFIERS.exec(norm.slice(Math.max(0, n.index - LOOKBEHIND), n.index))?.[1] ?? '';
  const keepPre = pre === '近' || pre === '约' || pre === '逾' || pre === '超过' ? pre : '';
  // `4,860万元` is read as the number 4860万 and the unit 元; the unit it answers with is 万元.
  const multiplier = /[万萬亿億千]$/.exec(n.raw)?.[0] ?? '';
  const end = n.index + (range ? n.raw.length + range[0].length : n.raw.length) + post.length + unit.length;
  return { text: `${keepPre}${written}${post}${unit}`, unit: `${multiplier}${unit}`, end };
}

/** Reads every number of a normalized text as a fact (see the file comment). */
export function readFacts(norm: string, layout: FactLayout = 'prose'): Fact[] {
  // Numerals inside words (`上一年`) are neither facts nor boundaries between labels.
  const numbers = extractNumbers(norm).filter((n) => /\d/.test(n.raw) || n.raw.length > 1 || isQuantity(factKind(norm, n, figureText(norm, n).unit)));
  // Ranks written in words (`位居全市第二`) are no numbers to the number reader.
  const read = new Set(numbers.map((n) => n.index));
  for (const m of norm.matchAll(RANK_WORDS)) {
    const at = m.index + 1;
    if (!read.has(at)) numbers.push({ raw: m[1]!, value: parseChineseNumeral(m[1]!) ?? 0, index: at });
  }
  numbers.sort((a, b) => a.index - b.index);
  const rowHeadEnd = layout === 'tableRow' ? Math.max(norm.indexOf('：'), norm.indexOf(':')) : -1;
  const rowHead = rowHeadEnd >= 0 ? norm.slice(Math.max(0, rowHeadEnd - MAX_LABEL_PART), rowHeadEnd) : '';
  const out: Fact[] = [];
  let groupStart = 0;
  let groupHead: string | null = null;
  let prevEnd = 0;
  let prevOwn = '';
  for (const n of numbers) {
    if (n.index < rowHeadEnd) continue;
    const between = norm.slice(prevEnd, n.index);
    const breakAt = Math.max(between.lastIndexOf('；'), between.lastIndexOf(';'), between.lastIndexOf('。'));
    if (breakAt >= 0) {
      groupStart = prevEnd + breakAt + 1;
      groupHead = null;
      prevOwn = '';
    }
    const ownBefore = norm.slice(Math.max(prevEnd, groupStart, rowHeadEnd + 1, n.index - MAX_LABEL_PART), n.index);
    const fig = figureText(norm, n);
    // A table value takes its unit from the column name (`采购总金额(万元)`).
    const unit = fig.unit || (layout === 'tableRow' ? (/[(（](?:单位[:：])?([^()（）]{1,4})[)）]/.exec(ownBefore)?.[1] ?? '') : '');
    const kind = factKind(norm, n, unit);
    const text = kind === 'rank' ? `第${fig.text}` : unit && !fig.unit ? `${fig.text}${unit}` : fig.text;
    // The noun a number counts forwards is its own; when it runs straight into the next number it is
    // shared with that number's label.
    const tail = layout === 'prose' && fig.unit ? (FORWARD_NOUN.exec(norm.slice(fig.end))?.[0] ?? '') : '';
    prevEnd = fig.end + (/^\d/.test(norm.slice(fig.end + tail.length)) ? 0 : tail.length);
    if (!isQuantity(kind) && kind !== 'rank') {
      // Dates and identifiers are recorded as such, and bind to nothing.
      out.push({ mention: n, text: fig.text, unit, kind, own: ownBefore, inherited: '', leads: false, total: false, order: out.length });
      continue;
    }
    // The head is what comes before the group's first figure (years and document numbers are none).
    const leads = layout === 'prose' && groupHead === null;
    if (leads) groupHead = norm.slice(Math.max(groupStart, n.index - MAX_LABEL_PART), n.index);
    const own = leads ? `${groupHead}${tail}` : `${ownBefore}${tail}`;
    // Items that name their own noun (`55个行政村、46个社区`) are parallel; a label-first item after
    // another (`调解矛盾纠纷2,675件，调解成功2,612件`) shares its words.
    const inherited = layout === 'tableRow' ? rowHead : leads ? '' : `${groupHead ?? ''}${tail ? '' : prevOwn}`;
    // The group's first figure owns the head, which every later item inherits already; its forward noun
    // (`3个单位在提供政府信息时收取了检索`) is still what the next item continues.
    prevOwn = leads ? tail : `${ownBefore}${tail}`;
    out.push({ mention: n, text, unit, kind, own, inherited, leads, total: TOTAL.test(ownBefore), order: out.length });
  }
  return out;
}

/** The stored form of a text's facts. */
export function storedFacts(norm: string, layout: FactLayout): StoredFact[] {
  return readFacts(norm, layout).map((f) => ({ value: f.mention.value, text: f.text, unit: f.unit, kind: f.kind, label: `${f.inherited}${f.own}` }));
}
