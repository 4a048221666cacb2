/**
 * How a question asks, as data: the patterns that make it a figure, yes/no, list or who question,
 * the units a figure may carry, and the words that say "no" in the reports.
 */
import { UNITS } from './units.js';

export type QuestionType = 'contact' | 'figure' | 'yesno' | 'items' | 'who' | 'fact';

/** Tested in order on the normalized simplified question; the first match wins. */
export const QUESTION_TYPES: readonly { type: QuestionType; re: RegExp }[] = [
  { type: 'contact', re: /电话|传真|邮编|邮政编码|邮箱|电子信箱|电子邮件|网址|地址|联系方式|办公地点/ },
  { type: 'yesno', re: /有没有|有无|是否|是不是|了吗|过吗|吗[?？]?$|有否|没有[?？]?$/ },
  { type: 'figure', re: new RegExp(`多少|(?<!哪)几(?:${UNITS.map((u) => u.replace(/[%％]/g, '')).filter(Boolean).join('|')}|年)|(?<!哪)几$|数量|数目|比例|百分之|占比|金额|总额|多大|多长|多久|几成`) },
  { type: 'items', re: /哪些|哪几|有什么|是什么|什么|包括|包含|内容|方面|措施|形式|渠道|哪/ },
  { type: 'who', re: /谁|哪个部门|哪个单位|由谁|负责人|牵头/ },
];

/** Qualifiers that belong with a figure (`近2万条`, `450多人次`, `2000余条`). */
export const PRE_QUALIFIERS = /(近|约|逾|超过|达到|达|共计|共|累计|合计|全年|总计)$/;
export const POST_QUALIFIERS = /^(多|余|以上|左右)/;

/** Words in a report sentence that answer a yes/no question with "no". */
export const NEGATIONS = /没有|未|无|不存在|均为0|为零|零件|0件|0起|0例/;

/**
 * Words nearly every passage of these reports contains: they say little about which sentence answers
 * a question, so they weigh a quarter of their length-based weight when scoring sentences.
 */
export const GENERIC_TERMS: ReadonlySet<string> = new Set([
  '政府信息公开', '政府信息', '信息公开', '政务公开', '政务', '公开', '政府', '信息', '工作', '情况', '报告', '年度', '全年', '我市', '我区', '我县', '我局',
]);
