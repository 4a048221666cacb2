/**
 * Measure words and units of the figures reports state, and what a question's measure word asks for.
 * A figure binds to a question partly by its unit: `多少批` wants `19批`, not the `236人次` beside it;
 * `多少钱` wants a sum of money.
 */

/** Units a figure may carry, longest first (`人次` before `人`, `万元` before `万`). */
export const UNITS: readonly string[] = [
  '个工作日', '个百分点', '人次', '万人次', '亿元', '万元', '万条', '万件', '万人', '万户', '万次', '余条', '余件', '多人次',
  '件', '条', '个', '项', '份', '次', '户', '家', '所', '天', '日', '名', '位', '台', '张', '篇', '场', '期', '页', '人',
  '元', '%', '％', '类', '批', '起', '例', '块', '处', '套', '栋', '分', '万', '亿', '平方米', '公里', '亩', '小时', '分钟', '秒',
].slice().sort((a, b) => b.length - a.length);

/**
 * Traditional forms of the characters figures and their units use, one character each (so a text keeps
 * its offsets when folded): what code that cannot load the script converter (the browser widget) folds.
 */
export const TRADITIONAL_FIGURE_CHARS: Readonly<Record<string, string>> = {
  萬: '万', 億: '亿', 條: '条', 項: '项', 個: '个', 場: '场', 戶: '户', 冊: '册', 頁: '页', 張: '张', 餘: '余', 時: '时', 鐘: '钟',
  處: '处', 類: '类', 棟: '栋', 塊: '块', 畝: '亩', 裡: '里',
};

/** Units of money: `多少钱`, `金额`, `总投资` ask for one of these. */
export const MONEY_UNITS: readonly string[] = ['亿元', '万元', '元', '万', '亿'];

/** Units of a share: `比例`, `办结率`, `百分之` ask for one of these. */
export const RATE_UNITS: readonly string[] = ['%', '％', '个百分点'];

/** Question words that name no measure word but ask for a kind of figure. */
export const ASKED_KINDS: readonly { words: readonly string[]; units: readonly string[] }[] = [
  { words: ['多少钱', '金额', '总金额', '总额', '投资', '资金', '经费', '费用', '多少万元', '多少万', '多少元'], units: MONEY_UNITS },
  { words: ['比例', '百分之', '占比', '率是', '率为', '率多少', '率有多少', '几成'], units: RATE_UNITS },
  { words: ['几分', '多少分', '得分'], units: ['分'] },
];

/** A number followed by one of these is a date (`2021年`, `4月`, `15日`, `9时`), never a quantity. */
export const DATE_AFTER = '年月日时';
/** A number followed by one of these is an identifier (`12号`, `第三届`, `二十大`), never a quantity. */
export const IDENTIFIER_AFTER = '号届大';

/** Separators of a list of figures that share one verb: `办结市长专线906件,区长专线2231件`. */
export const LIST_SEPARATORS = '、，,；;';

/** Words that name a total: in a table row with no column asked for, the total answers. */
export const TOTAL_WORDS: readonly string[] = ['总计', '合计', '总数', '共计'];

/**
 * Changes stated as `由过去20个工作日缩减为…3个工作日`: a question asking `从多少…缩短` wants the value
 * after a `from` marker, one asking `缩短到多少` the value after a `to` marker.
 */
export const CHANGE_DIRECTIONS: readonly { direction: 'from' | 'to'; asks: readonly string[]; markers: readonly string[] }[] = [
  { direction: 'from', asks: ['从多少', '由多少', '从几'], markers: ['从', '由', '由过去', '从过去', '从原来', '由原来'] },
  { direction: 'to', asks: ['到多少', '至多少', '为多少', '到几', '至几'], markers: ['到', '至', '缩减为', '压缩为', '缩短为', '降为', '减为', '增至', '提高到', '提升至'] },
];

/** Question words that ask for a rank (`在全市排名第几`): a `第二`/`第3名` then answers. */
export const RANK_ASKS: readonly string[] = ['排名', '第几', '名次', '排第', '位列', '位居'];
