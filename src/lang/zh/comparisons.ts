/**
 * Questions that compare reports, as data: the words that ask for a ranking, an extreme, a difference,
 * a percentage change, a sum or a trend, and the words by which a question names a standard measure
 * (src/lang/zh/measures.ts). Matched on the normalized simplified question.
 */

/** Asks for the largest: `哪个地区…最多`. */
export const MOST_WORDS: readonly string[] = ['最多', '最高', '最大', '最长', '居首', '第一多'];
/** Asks for the smallest. */
export const LEAST_WORDS: readonly string[] = ['最少', '最低', '最小'];
/** Asks for an ordering: `排名前三`, `排行`. */
export const RANKING_WORDS: readonly string[] = ['排名', '排行', '排序', '名次', '从高到低', '从多到少', '从低到高', '从少到多'];
/** `前三`, `前5名`: how many of a ranking (the number follows one of these). */
export const TOP_PREFIXES: readonly string[] = ['前'];
/** Which of several: `哪个地区`, `哪些区县`. */
export const WHICH_WORDS: readonly string[] = ['哪个', '哪些', '哪一个', '哪一', '哪里', '哪儿', '谁'];
/** Asks how much one figure exceeds another: `比2011年多了多少条`. */
export const DIFFERENCE_WORDS: readonly string[] = [
  '多了多少', '少了多少', '多多少', '少多少', '相差多少', '相差', '差多少', '差了多少', '差距',
  '增加了多少', '减少了多少', '增加多少', '减少多少', '增长了多少', '下降了多少', '多出', '少了',
];
/** Asks for a relative change: `增长了百分之几`. */
export const PERCENT_WORDS: readonly string[] = ['百分之几', '百分之多少', '百分比', '增长率', '增幅', '降幅', '下降率', '变化率', '几成', '百分点'];
/** Compares two things (`比`, `较`, `与…相比`): with two years or two regions it asks for a difference. */
export const COMPARE_WORDS: readonly string[] = ['比', '较', '相比', '对比', '比较'];
/** Asks for a total over several reports: `各旗县区合计`. */
export const SUM_WORDS: readonly string[] = ['合计', '总计', '一共', '总共', '加起来', '共计', '总和', '累计', '合起来'];
/** Over every unit of a region: `赤峰各旗县区`, `所有区县`. */
export const EACH_WORDS: readonly string[] = ['各', '所有', '全部', '每个', '各个', '下辖'];
/** Asks how a figure moved over years: `2012到2019年的变化`. */
export const TREND_WORDS: readonly string[] = ['变化', '趋势', '历年', '逐年', '走势', '每年', '各年', '历年来', '变动'];
/** Joins two years into a range: `2012到2019年`, `2012—2019年`. */
export const RANGE_WORDS: readonly string[] = ['到', '至', '—', '-', '~', '～', '－'];

/**
 * How questions name each standard measure: a measure is meant when every word of one of its groups is
 * in the question. Longer, more specific measures are tried first (`依申请公开.结果.不予公开` before
 * `依申请公开.收到`), so the order of this list matters.
 */
export const MEASURE_QUESTION_WORDS: readonly { measure: string; groups: readonly (readonly string[])[] }[] = [
  { measure: '依申请公开.结果.予以公开', groups: [['予以公开'], ['同意公开']] },
  { measure: '依申请公开.结果.部分公开', groups: [['部分公开']] },
  { measure: '依申请公开.结果.不予公开', groups: [['不予公开']] },
  { measure: '依申请公开.结果.无法提供', groups: [['无法提供']] },
  { measure: '依申请公开.结果.不予处理', groups: [['不予处理']] },
  { measure: '依申请公开.收到.当面', groups: [['当面', '申请'], ['现场', '申请']] },
  { measure: '依申请公开.收到.网络', groups: [['网络', '申请'], ['网上', '申请']] },
  { measure: '依申请公开.收到.信函', groups: [['信函', '申请']] },
  { measure: '依申请公开.收到.传真', groups: [['传真', '申请']] },
  { measure: '依申请公开.办结', groups: [['依申请', '办结'], ['申请', '办结'], ['依申请', '答复'], ['申请', '答复']] },
  { measure: '依申请公开.收到', groups: [['依申请'], ['公开申请'], ['信息公开申请'], ['申请公开']] },
  { measure: '主动公开.总数', groups: [['主动公开']] },
  { measure: '行政复议.纠正', groups: [['行政复议', '纠正']] },
  { measure: '行政复议.总数', groups: [['行政复议'], ['复议']] },
  { measure: '行政诉讼.纠正', groups: [['行政诉讼', '纠正']] },
  { measure: '行政诉讼.总数', groups: [['行政诉讼'], ['诉讼']] },
  { measure: '收费.金额', groups: [['收费'], ['收取', '费']] },
  { measure: '网站.访问量', groups: [['访问量'], ['访问'], ['点击量'], ['浏览量'], ['浏览']] },
  { measure: '新闻发布会.次数', groups: [['新闻发布会'], ['发布会']] },
];

/** What a ranking across reports ranks, after a which-word (`哪个地区`, `哪一年`, `哪些区县`). */
export const RANK_SUBJECTS: readonly string[] = ['地区', '地方', '城市', '区县', '县区', '旗县', '市', '区', '县', '旗', '年', '报告', '政府'];
