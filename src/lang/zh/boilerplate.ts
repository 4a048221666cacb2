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
