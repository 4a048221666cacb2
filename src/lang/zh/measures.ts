/**
 * Standard measures: the figures the State Council's report format prescribes, which older reports also
 * state in prose, as data. Comparing reports (`哪个地区依申请公开最多`, `赤峰各旗县区合计`) needs the same
 * measure read from each one, however it is worded: `全年受理依申请公开8件` (2012 prose),
 * `全年共收到政务信息依申请公开15件` (2018 prose) and the row `一、本年新收政府信息公开申请数量 … 总计 12`
 * (2019+ table) are all `依申请公开.收到`. src/stats/measures.ts binds a report's quantity facts to these
 * entries; a figure that fits none stays a plain fact.
 *
 * A measure belongs to a family (what the report is talking about: applications, proactive disclosure,
 * reviews…), named by topic words. In prose, the clause nearest a figure that names a family decides
 * which family the figure belongs to; within the family, `stage` (the request stages of synonyms.ts) and
 * `parts` words pick the measure. In a 2019+ table, a value binds by its row label and column name.
 */
import { REQUEST_STAGES } from './synonyms.js';
import { TOTAL_WORDS } from './units.js';

/** What a value is counted in, and how each unit converts to the family's base unit. */
export interface UnitFamily {
  /** The unit values are stated in after conversion: `元`, `件`. */
  base: string;
  /** Unit as written (facts.ts `unit`, multiplier included: `万元`) → how many base units it is. */
  factors: Readonly<Record<string, number>>;
}

export const UNIT_FAMILIES = {
  /** Requests, cases: `8件`, `3例` (reports use both for applications), `2起`. Not `个`: `六个部分` is no count of cases. */
  cases: { base: '件', factors: { 件: 1, 余件: 1, 多件: 1, 万件: 1e4, 例: 1, 起: 1, 宗: 1, 份: 1 } },
  /** Items of information published: `24215条`, `近2万条`, `1.2万余条`. */
  items: { base: '条', factors: { 条: 1, 余条: 1, 多条: 1, 万条: 1e4, 件: 1, 篇: 1 } },
  /** Events: press conferences. */
  events: { base: '次', factors: { 次: 1, 场: 1, 期: 1, 余次: 1, 多次: 1 } },
  /** Visits of a website: `179万余人次` and `180万次` compare. */
  visits: { base: '次', factors: { 次: 1, 人次: 1, 余次: 1, 多次: 1, 多人次: 1, 万次: 1e4, 万人次: 1e4, 亿次: 1e8 } },
  /** Money: `49.14万元` and `300元` compare. */
  money: { base: '元', factors: { 元: 1, 千元: 1e3, 万元: 1e4, 万: 1e4, 亿元: 1e8, 亿: 1e8 } },
} as const satisfies Record<string, UnitFamily>;
export type UnitFamilyName = keyof typeof UNIT_FAMILIES;

/** What a family of measures is about, and the words prose names it by. */
export interface MeasureFamily {
  id: string;
  /** Any of these in the clause nearest a figure puts the figure in the family. */
  topics: readonly string[];
  /**
   * When no clause of a figure's label names the family, a heading above it may (`三、依申请公开办理情况`
   * over `全年受理8件`). Only for families whose measures still need a stage word of their own, so a
   * heading alone never turns every figure of its section into the measure.
   */
  headingFallback: boolean;
  /** Words that disqualify a figure of this family: what sits near it but is something else. */
  exclude: readonly string[];
}

export const MEASURE_FAMILIES: readonly MeasureFamily[] = [
  {
    id: '依申请公开',
    topics: ['依申请公开', '依申请', '政府信息公开申请', '信息公开申请', '公开申请', '申请公开', '申请信息公开'],
    headingFallback: true,
    // Hotlines, letters and consultations are received and answered too, but are no requests for disclosure.
    exclude: ['咨询', '热线', '信箱', '专线', '信访', '投诉', '举报', '留言', '来电', '来访', '审批', '政务服务', '办件', '办事'],
  },
  { id: '主动公开', topics: ['主动公开', '主动发布'], headingFallback: false, exclude: ['目录', '指南'] },
  { id: '行政复议', topics: ['行政复议', '复议'], headingFallback: false, exclude: [] },
  { id: '行政诉讼', topics: ['行政诉讼', '诉讼', '起诉'], headingFallback: false, exclude: [] },
  {
    id: '收费',
    topics: ['收费', '收取', '检索费', '复制费', '邮寄费', '信息处理费'],
    headingFallback: false,
    // Fees waived or refunded, and the fees a body levies as its business (行政事业性收费), are other figures.
    exclude: ['减免', '免收', '退还', '行政事业性', '采购', '投资', '资金', '经费', '预算', '决算', '补贴', '补助', '罚款', '罚没'],
  },
  { id: '网站访问量', topics: ['访问量', '浏览量', '点击量', '访问人次', '浏览人次', '点击率', '访问次数', '浏览次数'], headingFallback: false, exclude: ['微博', '微信', '公众号', '新媒体', '阅读'] },
  { id: '新闻发布会', topics: ['新闻发布会', '发布会', '新闻发布'], headingFallback: false, exclude: ['参加', '出席', '列席'] },
];

/** Words after which a figure is one part of the figure before it (`受理8件，其中现场申请2件`), never the whole. */
export const BREAKDOWN_MARKERS: readonly string[] = ['其中'];
/** Words that make a figure a change or a comparison (`比上年增加3件`), never the measure itself. */
export const COMPARISON_WORDS: readonly string[] = ['比上年', '较上年', '比去年', '较去年', '同比', '环比', '增加', '减少', '增长', '下降', '上升', '增幅', '降幅', '多出', '少了'];
/** Words that make a figure cover more than the report's year (`历年累计受理`). */
export const CUMULATIVE_WORDS: readonly string[] = ['历年', '累计至今', '自条例实施以来', '条例实施以来'];

/** How a 2019+ prescribed table states a measure: by row label and column name. */
export interface TableMapping {
  /** Any of these anywhere in the row label (with the labels carried down from rows above). */
  row: readonly string[];
  /** Any of these in the row's own, innermost label (`(一)予以公开`, not the `1.属于国家秘密` under `(三)不予公开`). */
  item?: readonly string[];
  /** Column names that state it (`总计`, `结果纠正`). */
  column: readonly string[];
  /**
   * It is the row's total: a row that states one value, or only equal values, under no column name
   * (`一、本年新收政府信息公开申请数量：0`) states it too, whichever column the value stands in.
   */
  total?: boolean;
  /** Any of these in the row label or column name (`行政诉讼（复议后起诉）`) is required. */
  qualifier?: readonly string[];
  /** Any of these in the row label or column name means the value is something else. */
  exclude?: readonly string[];
}

/** How prose states a measure, within its family. */
export interface ProseMapping {
  /**
   * The request stage it is (a group of `REQUEST_STAGES`): the clause nearest the figure that names a
   * stage must name this one. `受理答复依申请公开3例` names two and states both.
   */
  stage?: readonly string[];
  /** Words the figure's own words must name: it is this part of a whole (`现场申请2件` of `受理8件`). */
  parts?: readonly string[];
  /** Words that must not stand in the figure's own words. */
  exclude?: readonly string[];
}

export interface MeasureDef {
  /** Dotted id, family first: `依申请公开.收到.当面`. */
  id: string;
  /** Chinese display name. */
  name: string;
  family: string;
  unitFamily: UnitFamilyName;
  /** The whole this measure is a part of: a figure that binds the part never also binds the whole. */
  partOf?: string;
  prose?: ProseMapping;
  table?: TableMapping;
}

const stage = (word: string): readonly string[] => REQUEST_STAGES.find((g) => g.includes(word)) ?? [word];
/** The total column of a prescribed table. */
const TOTAL = { column: TOTAL_WORDS, total: true } as const;
/** The prescribed table of requests: every outcome row sits under `三、本年度办理结果`. */
const RESULTS_ROW = ['本年度办理结果', '办理结果'];
const NEW_REQUESTS_ROW = ['本年新收政府信息公开申请', '新收政府信息公开申请', '本年新收'];
/** Words of a figure's own clause that name how a request came in, by channel. */
export const REQUEST_CHANNELS: Readonly<Record<string, readonly string[]>> = {
  当面: ['当面', '现场', '窗口', '来人', '面对面'],
  网络: ['网络', '网上', '在线', '互联网', '网站', '电子邮件', '电子邮箱', '邮件'],
  信函: ['信函', '邮寄', '来信', '书信', '信件'],
  传真: ['传真'],
  // Not a bare `其他`: `法人或其他组织申请3件` is by applicant, `其他部门受理3件` by department.
  其他: ['其他形式', '其他方式', '其他途径', '其他渠道'],
};
/** Outcomes of requests, as the prescribed table's rows and older prose name them. */
const OUTCOMES: readonly { key: string; name: string; words: readonly string[] }[] = [
  { key: '予以公开', name: '予以公开', words: stage('予以公开') },
  { key: '部分公开', name: '部分公开', words: stage('部分公开') },
  { key: '不予公开', name: '不予公开', words: stage('不予公开') },
  { key: '无法提供', name: '无法提供', words: stage('无法提供') },
  { key: '不予处理', name: '不予处理', words: stage('不予处理') },
];
/** What a review or lawsuit found against the body: the prescribed column `结果纠正`, prose `被纠正`. */
const CORRECTED = ['纠正', '撤销', '确认违法', '责令', '败诉'];
const LAWSUIT_DIRECT = ['未经复议直接起诉', '直接起诉'];
const LAWSUIT_AFTER_REVIEW = ['复议后起诉'];

export const MEASURES: readonly MeasureDef[] = [
  {
    id: '主动公开.总数', name: '主动公开政府信息数', family: '主动公开', unitFamily: 'items',
    prose: {},
  },
  {
    id: '依申请公开.收到', name: '收到政府信息公开申请数', family: '依申请公开', unitFamily: 'cases',
    prose: { stage: stage('收到') },
    table: { row: NEW_REQUESTS_ROW, ...TOTAL },
  },
  ...Object.entries(REQUEST_CHANNELS).map(([channel, words]): MeasureDef => ({
    id: `依申请公开.收到.${channel}`, name: `${channel === '其他' ? '其他形式' : channel}申请数`, family: '依申请公开', unitFamily: 'cases',
    partOf: '依申请公开.收到',
    prose: { stage: stage('收到'), parts: words },
  })),
  {
    id: '依申请公开.办结', name: '办结政府信息公开申请数', family: '依申请公开', unitFamily: 'cases',
    prose: { stage: stage('办结') },
    table: { row: RESULTS_ROW, item: TOTAL_WORDS, ...TOTAL },
  },
  ...OUTCOMES.map(({ key, name, words }): MeasureDef => ({
    id: `依申请公开.结果.${key}`, name: `申请${name}数`, family: '依申请公开', unitFamily: 'cases',
    partOf: '依申请公开.办结',
    prose: { stage: words },
    // The prescribed row's own name only: `(五)不予处理` › `2.重复申请` is one reason under it, not the total.
    table: { row: RESULTS_ROW, item: [key], ...TOTAL },
  })),
  {
    id: '行政复议.总数', name: '行政复议案件数', family: '行政复议', unitFamily: 'cases',
    prose: { exclude: CORRECTED },
    table: { row: ['行政复议'], ...TOTAL, exclude: ['行政诉讼'] },
  },
  {
    id: '行政复议.纠正', name: '行政复议结果纠正数', family: '行政复议', unitFamily: 'cases', partOf: '行政复议.总数',
    prose: { parts: CORRECTED },
    table: { row: ['行政复议'], column: ['结果纠正'], exclude: ['行政诉讼'] },
  },
  {
    // The prescribed table splits lawsuits into two parts and states no overall total: a 2019+ report has
    // the parts below, prose states the whole.
    id: '行政诉讼.总数', name: '行政诉讼案件数', family: '行政诉讼', unitFamily: 'cases',
    prose: { exclude: [...CORRECTED, ...LAWSUIT_DIRECT, ...LAWSUIT_AFTER_REVIEW] },
    table: { row: ['行政诉讼'], ...TOTAL, exclude: ['行政复议', ...LAWSUIT_DIRECT, ...LAWSUIT_AFTER_REVIEW] },
  },
  {
    id: '行政诉讼.纠正', name: '行政诉讼结果纠正数', family: '行政诉讼', unitFamily: 'cases', partOf: '行政诉讼.总数',
    prose: { parts: CORRECTED, exclude: [...LAWSUIT_DIRECT, ...LAWSUIT_AFTER_REVIEW] },
    table: { row: ['行政诉讼'], column: ['结果纠正'], exclude: ['行政复议', ...LAWSUIT_DIRECT, ...LAWSUIT_AFTER_REVIEW] },
  },
  {
    id: '行政诉讼.直接起诉.总数', name: '未经复议直接起诉的行政诉讼数', family: '行政诉讼', unitFamily: 'cases', partOf: '行政诉讼.总数',
    prose: { parts: LAWSUIT_DIRECT, exclude: CORRECTED },
    table: { row: ['行政诉讼'], ...TOTAL, qualifier: LAWSUIT_DIRECT, exclude: ['行政复议', ...LAWSUIT_AFTER_REVIEW] },
  },
  {
    id: '行政诉讼.复议后起诉.总数', name: '复议后起诉的行政诉讼数', family: '行政诉讼', unitFamily: 'cases', partOf: '行政诉讼.总数',
    prose: { parts: LAWSUIT_AFTER_REVIEW, exclude: CORRECTED },
    table: { row: ['行政诉讼'], ...TOTAL, qualifier: LAWSUIT_AFTER_REVIEW, exclude: LAWSUIT_DIRECT },
  },
  { id: '收费.金额', name: '依申请公开收费金额', family: '收费', unitFamily: 'money', prose: {} },
  { id: '网站.访问量', name: '政府网站访问量', family: '网站访问量', unitFamily: 'visits', prose: {} },
  { id: '新闻发布会.次数', name: '新闻发布会次数', family: '新闻发布会', unitFamily: 'events', prose: {} },
];

/** The measure with this id, or undefined. */
export function findMeasure(id: string): MeasureDef | undefined {
  return MEASURES.find((m) => m.id === id);
}
