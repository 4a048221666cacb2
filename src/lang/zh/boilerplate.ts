/**
 * Website boilerplate seen around the reports, as data. Lines are compared in their normalized
 * simplified form, so one entry covers both scripts. Add new sites' chrome here, not in code.
 */

/** Whole lines that are navigation or footer chrome, never report content. */
export const BOILERPLATE_LINES: readonly string[] = [
  '区人大', '区政府', '区政协', '区委', '市人大', '市政府', '市政协', '市委', '县人大', '县政府', '县政协', '县委',
  'rss订阅', '当前位置', '当前位置:', '您当前的位置', '您的位置', '首页', '网站首页', '返回首页',
  '相关词条', '热门词条', '联络我们', '联系我们', '热点排行', '图片新闻', '最新新闻', '相关新闻', '相关文章', '推荐阅读',
  '分享到', '分享到:', '打印本页', '打印', '关闭窗口', '关闭', '返回顶部', '上一篇', '下一篇', '收藏', '扫一扫', '【打印】', '【关闭】',
];

/** Line patterns (tested on the normalized simplified line) for chrome that carries variable parts. */
export const BOILERPLATE_PATTERNS: readonly RegExp[] = [
  /^当前位置[:：>]?\s*$/,
  /^(当前位置|您的位置|您当前的位置)[:：]\s*(首页|网站首页)?\s*[>›»]/,
  /^来源[:：].*(浏览|作者|发布时间|点击)/,
  /^(发布时间|发布日期|时间)[:：].*(浏览|来源|点击|作者)/,
  /^【?(字体|字号)[:：]?\s*[大中小]/,
  /^(上一篇|下一篇)[:：]/,
  // The spam preface of essay sites that republish reports (seed 003).
  /^前言[:：]\s*本站为你精心整理了/,
  /^(版权所有|主办单位|承办单位|技术支持|网站标识码|icp备)/i,
];

/** Lines that mark the start of a footer: everything after the last content line that matches is dropped. */
export const FOOTER_MARKERS: readonly string[] = ['相关词条', '热门词条', '联络我们', '热点排行', '图片新闻', '最新新闻', '相关新闻', '相关文章', '推荐阅读'];

/**
 * A printed page number standing alone on a line at the top or bottom of a PDF page (tested on the
 * trimmed line): `3`, `- 3 -`, `— 3 —`, `第3页`, `第 3 页 共 9 页`, `第3页/共9页`, `3/9`, `3 / 9`,
 * `Page 3 of 9`, `共9页 第3页`.
 */
export const PAGE_NUMBER_PATTERNS: readonly RegExp[] = [
  /^[-—–－·\s]*[0-9０-９]{1,4}[-—–－·\s]*$/,
  /^第\s*[0-9０-９一二三四五六七八九十百]+\s*页\s*[,，/／]?\s*(共\s*[0-9０-９一二三四五六七八九十百]+\s*页)?$/,
  /^共\s*[0-9０-９]+\s*页\s*[,，/／]?\s*第\s*[0-9０-９]+\s*页$/,
  /^[0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,4}$/,
  /^page\s*[0-9]+(\s*(of|\/)\s*[0-9]+)?$/i,
];
