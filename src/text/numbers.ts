/**
 * Numbers in Chinese text: Chinese numerals (`二〇一二`, `一百二十`, `两千`), 万/千/亿 multipliers,
 * thousands separators and full-width digits. Used to read years in questions and to check that every
 * number in an answer stands in its cited passages.
 */
import { normalizeWidth } from './script.js';

const DIGITS: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };
export const CHINESE_NUMERAL_CHARS = '〇零一二两兩三四五六七八九十拾百佰千仟万萬亿億';

/**
 * Parses a Chinese numeral. Digit-by-digit forms (`二〇一二`) read as digits; positional forms
 * (`一百二十三`, `十二`, `三万五千`) as values. Returns null when the string is not a numeral.
 */
export function parseChineseNumeral(s: string): number | null {
  if (!s || [...s].some((c) => !CHINESE_NUMERAL_CHARS.includes(c))) return null;
  const hasUnit = [...s].some((c) => c in SMALL_UNITS || c in BIG_UNITS);
  if (!hasUnit) return Number([...s].map((c) => DIGITS[c]).join(''));
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const c of s) {
    if (c in DIGITS) digit = DIGITS[c]!;
    else if (c in SMALL_UNITS) {
      section += (digit || 1) * SMALL_UNITS[c]!;
      digit = 0;
    } else if (c in BIG_UNITS) {
      total = (total + section + digit) * BIG_UNITS[c]!;
      section = 0;
      digit = 0;
    }
  }
  return total + section + digit;
}

const CN_RUN = new RegExp(`[${CHINESE_NUMERAL_CHARS}]+`, 'g');
/** Words after which a Chinese numeral is a quantity, e.g. `八件`, `二〇一二年`. */
const MEASURE = '年件条條个個项項人次份户戶万萬元张張篇期场場家所天日月名位台';

/**
 * Rewrites a question's numbers in digits: full-width digits, Chinese numerals before a measure word
 * (`二〇一二年` → `2012年`, `八件` → `8件`) and two-digit years (`12年` → `2012年`).
 */
export function normalizeQuestionNumbers(text: string): string {
  let out = normalizeWidth(text);
  out = out.replace(new RegExp(`([${CHINESE_NUMERAL_CHARS}]+)(?=[${MEASURE}])`, 'g'), (run, _g, offset: number, whole: string) => {
    // `一是`, `统一` etc. are not quantities: require the run to follow a non-Han char or be 2+ chars long.
    const prev = whole[offset - 1] ?? '';
    if (run.length === 1 && /[\u4e00-\u9fff]/.test(prev) && !/[第共近约达为有]/.test(prev)) return run;
    const v = parseChineseNumeral(run);
    return v === null ? run : String(v);
  });
  out = out.replace(/(^|[^\d.])(\d{2})(?=年)/g, (_m, pre: string, yy: string) => {
    const n = Number(yy);
    return `${pre}${n <= 60 ? 2000 + n : 1900 + n}`;
  });
  return out;
}

const MULTIPLIERS: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8, 千: 1e3, 千万: 1e7, 千萬: 1e7, 百万: 1e6, 百萬: 1e6 };

export interface NumberMention {
  raw: string;
  value: number;
  index: number;
}

const NUMBER_RE = new RegExp(
  `(\\d{1,3}(?:[,，]\\d{3})+|\\d+)(?:\\.(\\d+))?\\s*(千万|千萬|百万|百萬|[万萬亿億千]?)|([${CHINESE_NUMERAL_CHARS}]{2,}|[一二两兩三四五六七八九十](?=[${MEASURE}]))`,
  'g',
);

/**
 * Every number mentioned in a text with its value: `8件` → 8, `7,059` → 7059, `2万` / `近2萬條` → 20000,
 * `49.1400` → 49.14, `八件` → 8. A number directly followed by 万/亿 is multiplied.
 */
export function extractNumbers(text: string): NumberMention[] {
  const s = normalizeWidth(text);
  const out: NumberMention[] = [];
  NUMBER_RE.lastIndex = 0;
  for (let m = NUMBER_RE.exec(s); m; m = NUMBER_RE.exec(s)) {
    if (m[4]) {
      const v = parseChineseNumeral(m[4]);
      // Lone `十`/`万` runs inside words (`万一`, `十分`) are not worth checking; keep clear numerals only.
      if (v !== null && v > 0 && /[〇零一二两兩三四五六七八九]/.test(m[4])) out.push({ raw: m[0], value: v, index: m.index });
      continue;
    }
    const intPart = m[1]!.replace(/[,，]/g, '');
    let value = Number(m[2] ? `${intPart}.${m[2]}` : intPart);
    value *= MULTIPLIERS[m[3] ?? ''] ?? 1;
    out.push({ raw: m[0].trim(), value: Math.round(value * 1e6) / 1e6, index: m.index });
  }
  return out;
}
