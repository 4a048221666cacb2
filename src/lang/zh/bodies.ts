/**
 * Issuing bodies of annual reports and their short names, as data: the full official form recorded in
 * metadata (`住房和城乡建设局`) and how reports and questions shorten or rename it (`住建局`, `农业局` →
 * 农业农村局). Ingest reads bodies out of titles and headers with it; query understanding resolves
 * `绥芬河住建局` with it. A new body or short form is added here and nowhere else.
 */

export interface BodyEntry {
  /** Full name as in report titles, without the region: `住房和城乡建设局`. */
  body: string;
  /** Short forms, any order (matching is longest first). */
  aliases: readonly string[];
}

export const BODY_ABBREVIATIONS: readonly BodyEntry[] = [
  { body: '人民政府', aliases: ['政府'] },
  { body: '人民政府办公室', aliases: ['政府办公室', '政府办'] },
  { body: '人民政府办公厅', aliases: ['政府办公厅', '办公厅'] },
  { body: '住房和城乡建设局', aliases: ['住房城乡建设局', '住建局', '住建'] },
  { body: '住房和城乡建设委员会', aliases: ['住房城乡建设委员会', '住建委'] },
  { body: '住房和城乡建设厅', aliases: ['住房城乡建设厅', '住建厅'] },
  { body: '公安局', aliases: ['公安'] },
  { body: '财政局', aliases: ['财政'] },
  { body: '教育局', aliases: ['教育'] },
  { body: '教育和体育局', aliases: ['教体局'] },
  { body: '生态环境局', aliases: ['环境保护局', '环保局', '生态环境'] },
  { body: '自然资源局', aliases: ['自然资源'] },
  { body: '自然资源和规划局', aliases: ['自然资源规划局', '资规局'] },
  { body: '国土资源局', aliases: ['国土局'] },
  { body: '卫生健康委员会', aliases: ['卫生健康委', '卫健委'] },
  { body: '卫生健康局', aliases: ['卫健局'] },
  { body: '卫生和计划生育委员会', aliases: ['卫生计生委', '卫计委'] },
  { body: '发展和改革委员会', aliases: ['发展改革委', '发改委'] },
  { body: '发展和改革局', aliases: ['发展改革局', '发改局'] },
  { body: '市场监督管理局', aliases: ['市场监管局', '市监局'] },
  { body: '人力资源和社会保障局', aliases: ['人力资源社会保障局', '人社局'] },
  { body: '人力资源和社会保障厅', aliases: ['人力资源社会保障厅', '人社厅'] },
  { body: '交通运输局', aliases: ['交通局'] },
  { body: '农业农村局', aliases: ['农业局'] },
  { body: '水利局', aliases: ['水利'] },
  { body: '水务局', aliases: ['水务'] },
  { body: '民政局', aliases: ['民政'] },
  { body: '司法局', aliases: ['司法'] },
  { body: '审计局', aliases: [] },
  { body: '统计局', aliases: [] },
  { body: '商务局', aliases: [] },
  { body: '税务局', aliases: [] },
  { body: '信访局', aliases: [] },
  { body: '档案局', aliases: [] },
  { body: '文化和旅游局', aliases: ['文化旅游局', '文旅局'] },
  { body: '文化广电和旅游局', aliases: ['文化广电旅游局', '文广旅局'] },
  { body: '应急管理局', aliases: ['应急局'] },
  { body: '退役军人事务局', aliases: ['退役军人局'] },
  { body: '医疗保障局', aliases: ['医保局'] },
  { body: '城市管理局', aliases: ['城市管理综合执法局', '城管局'] },
  { body: '行政审批服务局', aliases: ['行政审批局', '审批局'] },
  { body: '林业和草原局', aliases: ['林草局'] },
  { body: '林业局', aliases: [] },
  { body: '工业和信息化局', aliases: ['工业信息化局', '工信局'] },
  { body: '科学技术局', aliases: ['科技局'] },
  { body: '国有资产监督管理委员会', aliases: ['国资委'] },
  { body: '民族宗教事务局', aliases: ['民宗局'] },
  { body: '乡村振兴局', aliases: [] },
  { body: '政务服务管理局', aliases: ['政务服务局', '政务局'] },
  { body: '政务服务和数据管理局', aliases: ['数据局'] },
  { body: '街道办事处', aliases: ['街道办', '办事处'] },
  { body: '行政公署', aliases: ['行署'] },
  { body: '外事办公室', aliases: ['外事办', '外办'] },
  // `成都市公安局武侯区分局`: once the places are taken out, `公安局分局` is left.
  { body: '公安分局', aliases: ['公安局分局'] },
];

/** The longest body name (full form) that `text` ends with, or null. */
export function bodySuffixOf(text: string): string | null {
  let best: string | null = null;
  for (const b of BODY_ABBREVIATIONS) if (text.endsWith(b.body) && (!best || b.body.length > best.length)) best = b.body;
  return best;
}

/** Endings of a name that can only be an agency, so the alias may constrain search even with no region before it. */
export const AGENCY_ENDINGS: readonly string[] = ['委员会', '局', '委', '厅'];

/**
 * What may not follow a bare short alias for it to count as a body. `赤峰市政府信息公开` is about
 * government information, not a report issued by the 人民政府, so `政府` before `信息` is no body.
 */
export const BODY_ALIAS_NOT_BEFORE: Readonly<Record<string, readonly string[]>> = {
  政府: ['信息', '网', '门户', '办', '工作', '采购', '集中', '规章', '文件', '部门', '机关', '常务', '公报', '令', '系统', '债务', '投资', '购买', '性', '主导', '职能', '官'],
  公安: ['分局', '派出所'],
  教育: ['收费', '培训', '宣传'],
  财政: ['预算', '决算', '预决算', '资金', '收入', '支出', '专项'],
  司法: ['公开', '解释'],
  民政: ['事业'],
};

/**
 * Bodies a place name alone stands for: `都江堰市2017年答复群众咨询多少人次` asks the city's government,
 * not one of its bureaus, when the corpus has the government's report.
 */
export const DEFAULT_BODIES: readonly string[] = ['人民政府', '人民政府办公室', '人民政府办公厅'];

/** Level words that stand for "this level's" place inside an issuer name (`区农业农村局`, `自治区人民政府办公厅`). */
export const LEVEL_WORDS: readonly string[] = ['自治区', '自治州', '自治县', '省', '市', '区', '县', '旗', '州', '盟', '镇', '乡'];

/** Endings of a body name that is not in the table but is unmistakably an agency (`档案史志馆` is not; `数据资源局` is). */
export const AGENCY_NAME_ENDINGS: readonly string[] = ['委员会', '办公室', '办公厅', '人民政府', '分局', '政府', '中心', '局', '委', '办', '厅', '署', '处', '院'];

/**
 * The spellings of one body name: as written, and without the conjunction 和, which official names use
 * inconsistently (`教育和体育局` / `教育体育局`, `住房和城乡建设局` / `住房城乡建设局`).
 */
export function bodyNameVariants(name: string): string[] {
  const plain = name.replace(/和/g, '');
  return plain !== name && plain.length >= 3 ? [name, plain] : [name];
}
