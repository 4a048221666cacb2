/**
 * Words that shape a question but say nothing about its subject. They are dropped from search terms
 * so that `多少`, `有没有` or `那份报告` do not pull in every passage that happens to contain them.
 */
export const QUESTION_STOP_WORDS: ReadonlySet<string> = new Set([
  // interrogatives
  '多少', '几', '几个', '几项', '几件', '几条', '几次', '几人', '几家', '多少次', '是多少', '有多少', '为多少',
  '是否', '有没有', '有无', '没有没有', '是不是', '能否', '可否', '哪些', '哪个', '哪里', '哪儿', '哪', '什么',
  '哪些地方', '什么地方', '哪几', '哪几种', '几种', '哪几类', '几类', '哪几个', '哪几项', '哪几方面', '没有', '过没有', '了没有',
  '怎么', '怎样', '如何', '为何', '为什么', '谁', '何', '吗', '呢', '吧', '啊', '么', '呀',
  // politeness and framing
  '请问', '请', '问', '告诉', '一下', '想', '知道', '查询', '了解', '我', '我们', '你', '您',
  '报告', '年报', '年度报告', '那份', '这份', '该份', '份报告', '里', '中', '内', '其中',
  // function words
  '的', '了', '是', '有', '在', '和', '与', '及', '或', '被', '因', '从', '对', '把', '将', '为', '由',
  '共', '一共', '总共', '都', '也', '还', '就', '已经', '已', '曾', '曾经', '到底', '究竟', '大概', '大约', '那', '这', '该', '其', '所', '等', '个', '之', '以',
  '年', '年度', '全年', '本年', '当年', '期间', '方面', '情况下', '分别', '各', '截至', '截止',
]);

/**
 * Category nouns a list question asks about (`有哪几种形式`, `设在哪些地方`, `通过哪些渠道`): the answer
 * names instances (`文字解读、图解`), rarely the category word itself, so they weigh little.
 */
export const LIST_CATEGORY_WORDS: ReadonlySet<string> = new Set([
  '形式', '方式', '渠道', '途径', '地方', '地点', '场所', '类型', '种类', '类别', '内容', '方面', '措施', '举措', '手段', '载体',
]);

/**
 * Colloquial wordings rewritten to the report's term before search (`收过费` → `收费`): separable verbs
 * and spoken forms that no report writes.
 */
export const QUESTION_REWRITES: readonly (readonly [string, string])[] = [
  ['收过费', '收费'], ['收了费', '收费'], ['收过钱', '收费'], ['收钱', '收费'], ['收费用', '收费'],
  ['被告', '行政诉讼'], ['打官司', '行政诉讼'], ['告上法庭', '行政诉讼'],
];

/** A token that starts with one of these is the question's own wording (`哪些方面`, `什么形式`), never a search term. */
/**
 * Postpositions that make the idea before them the scope of a question and the idea after them its
 * measure: `信息公开申请中同意公开的有几件` asks for 同意公开, counted among applications.
 */
export const SCOPE_MARKERS: readonly string[] = ['当中', '之中', '中', '里'];

export const QUESTION_WORD_PREFIXES: readonly string[] = ['哪', '什么', '多少'];

/**
 * A sentence that describes the report's own outline (`本报告包括概述、主动公开…、收费及减免情况…`)
 * names every topic and answers none.
 */
export const REPORT_OUTLINE = /(本报告|本年报|报告全文|全文|报告共|报告由)[^。]{0,90}(包括|分为|组成|六个部分|五个部分|以下部分)/;
