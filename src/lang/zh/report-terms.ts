/**
 * How annual reports name themselves, their issuer and the period they cover, as data. Ingest compiles
 * these lists into its matchers; add a new wording here, never inside a regex elsewhere.
 */

/** The name of the document: `政府信息公开工作年度报告`, `政务公开工作年度报告`, `政府信息公开年报`. */
export const REPORT_NAME_PATTERN = '(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)';

/**
 * Fields of the index header that government sites print above a document (`发布机构 | 德清县水利局`,
 * `来源：宝鸡市审计局`), by what they hold. The issuer fields are listed most trusted first.
 */
export const HEADER_ISSUER_FIELDS: readonly string[] = ['发布机构', '发文机关', '发布单位', '发文单位', '制发机关', '主办单位'];
/** Weaker issuer fields: a site's `来源` is often an office inside the body (`局办公室`). */
export const HEADER_SOURCE_FIELDS: readonly string[] = ['信息来源', '来源'];
export const HEADER_TITLE_FIELDS: readonly string[] = ['标题', '名称', '文件名称', '公开事项名称'];
/** Publication dates: a report is published early in the year after the one it covers. */
export const HEADER_DATE_FIELDS: readonly string[] = ['生成日期', '成文日期', '发文日期', '发布日期', '发布时间', '公开日期', '印发日期', '时间'];
/** All field labels, for cutting a flattened header line into fields. */
export const HEADER_FIELDS: readonly string[] = [
  ...HEADER_ISSUER_FIELDS, ...HEADER_SOURCE_FIELDS, ...HEADER_TITLE_FIELDS, ...HEADER_DATE_FIELDS,
  '索引号', '分类', '主题分类', '公开目录', '文号', '有效性', '公开方式', '公开范围', '浏览次数', '点击', '字号', '关键词', '体裁分类',
];
/** A publication date counts for the previous year only up to this month (annual reports are due by March). */
export const LAST_PUBLICATION_MONTH = 6;

/** Verbs that introduce the issuer in a preamble: `现公布天荒坪镇人民政府2021年度…`, `特公布本机关…`. */
export const PREAMBLE_PUBLISH_VERBS: readonly string[] = ['现向社会公布', '现予以公布', '现予公布', '现公布', '特公布', '现将', '特发布', '现发布'];
/** Verbs after the issuer: `沙洲坝镇人民政府编制了本年度…`, `本报告由XX局编制`. */
export const PREAMBLE_COMPILE_VERBS: readonly string[] = ['编制了', '编制', '编写了', '制作了'];

/** Words a report uses for itself instead of its name: `本机关`, `我局`. They name no issuer. */
export const SELF_NAMES: readonly string[] = ['本机关', '本单位', '本部门', '本局', '本委', '本办', '本街道', '本镇', '本乡'];

/** Phrases that state the period a report covers: `统计期限为2021年1月1日至12月31日`. */
export const PERIOD_PHRASES: readonly string[] = ['统计期限', '统计时段', '统计期', '统计时间', '统计区间', '数据统计时段', '统计范围'];

/**
 * How a body speaks of itself (`我局`, `我镇`, `本街道`), and the body ending each implies. A report
 * that says 我局 is a department's; one that says 我镇 is a town government's.
 */
export const SELF_REFERENCE_BODIES: Readonly<Record<string, string>> = {
  我局: '局', 我委: '委', 我办: '办', 我厅: '厅', 我署: '署', 我镇: '镇', 我乡: '乡', 本街道: '街道', 我街道: '街道',
};

/** Suffixes of a short line that is the first half of a split title (`宜兴市教育局` / `二〇一八年度…报告`). */
export const ISSUER_ENDINGS: readonly string[] = ['人民政府', '政府', '办公室', '办公厅', '办事处', '委员会', '行政公署', '局', '委', '办', '厅', '署', '分局', '中心'];

/** How a site names itself in its first line (`济南市历下区人民政府门户网站`): the suffix is dropped, the owner kept. */
export const SITE_NAME_SUFFIXES: readonly string[] = ['门户网站', '政务网', '政府网', '网站'];
/** Site owners whose name may carry the report's place (`宁夏回族自治区人民政府 > 政务公开`). */
export const SITE_OWNER_ENDINGS: readonly string[] = ['人民政府', '政府', '公安局'];

/**
 * Contact details a report gives (`电话:037126666359`, `地址：永安街218号`), the words a question uses for
 * each, and the shape of the value. A contact question is answered with the value as text, never as a
 * figure.
 */
export const CONTACT_FIELDS: readonly { field: string; asks: readonly string[]; labels: readonly string[]; value: RegExp }[] = [
  { field: '电话', asks: ['电话', '联系电话', '咨询电话', '号码'], labels: ['联系电话', '咨询电话', '电话'], value: /[\d\-—()（）]{7,20}/ },
  { field: '传真', asks: ['传真'], labels: ['传真'], value: /[\d\-—()（）]{7,20}/ },
  { field: '邮编', asks: ['邮编', '邮政编码'], labels: ['邮政编码', '邮编'], value: /\d{6}/ },
  { field: '邮箱', asks: ['邮箱', '电子信箱', '电子邮件', 'email', 'e-mail'], labels: ['电子信箱', '电子邮箱', '邮箱', 'E-mail', 'Email', 'email'], value: /[\w.\-]+@[\w\-]+(?:\.[\w\-]+)*/ },
  { field: '地址', asks: ['地址', '在哪里办公', '办公地点'], labels: ['办公地址', '通讯地址', '地址'], value: /[^，,。；;）)\s]{3,40}/ },
  { field: '网址', asks: ['网址', '网站地址'], labels: ['网址', '网站地址'], value: /[\w./:\-]{6,80}/ },
];

/**
 * Roles a report names (`由常务副县长任组长`, `以局长为组长`, `组长由局主要负责人担任`), for questions such as
 * `领导小组组长是谁` / `由谁担任组长`. Longest first, so `副组长` is not read as `组长`.
 */
export const ROLES: readonly string[] = ['副组长', '组长', '副主任', '主任', '负责人', '召集人', '牵头单位'];
/** How a report says who holds a role: `{who}` is the holder, `{role}` the role. */
export const ROLE_PATTERNS: readonly string[] = ['由{who}任{role}', '由{who}担任{role}', '以{who}为{role}', '{role}由{who}担任', '{role}为{who}', '由{who}牵头', '{who}任{role}'];

/**
 * Where a cited unit is, as every surface writes it: `第12段`, or `第3页 第12段` for a report read from
 * a paged format (PDF). `spaced` puts spaces around the numbers (`第 3 页 第 12 段`), as the widget does.
 */
export function paragraphLabel(paragraph: number, page?: number | null, spaced = false): string {
  const s = spaced ? ' ' : '';
  return `${page ? `${pageLabel(page, spaced)} ` : ''}第${s}${paragraph}${s}段`;
}

/** A page of a PDF report: `第3页` (`第 3 页` when `spaced`). */
export function pageLabel(page: number, spaced = false): string {
  const s = spaced ? ' ' : '';
  return `第${s}${page}${s}页`;
}
