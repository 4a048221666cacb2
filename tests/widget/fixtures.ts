/**
 * Hand-made reports and citations for the widget, page and fake-server tests. Report A is long
 * enough that paragraph 26 sits below the fold, holds a table, and has a paragraph full of markup
 * (reports are scraped web pages); report B is in traditional script.
 */
import type { Citation, Paragraph, Report, ReportSummary, Section } from '../../src/types.js';

/** Markup that must always be shown as text; executing it sets `window.__xss`. */
export const XSS_SCRIPT = '<script>window.__xss=1</script>';
export const XSS_IMG = '<img src=x onerror="window.__xss=2">';

type Line = ['h', number, string] | ['p', string] | ['row', string];

function makeReport(id: string, title: string, region: string, year: number, script: Report['script'], lines: Line[]): Report {
  const paragraphs: Paragraph[] = [];
  const sections: Section[] = [];
  const path: string[] = [];
  let text = '';
  lines.forEach((line, i) => {
    const n = i + 1;
    const kind = line[0] === 'h' ? 'heading' : line[0] === 'p' ? 'paragraph' : 'tableRow';
    const body = line[0] === 'h' ? line[2] : line[1];
    if (line[0] === 'h') {
      path.length = line[1] - 1;
      path.push(body);
      sections.push({ title: body, level: line[1], path: [...path], headingParagraph: n });
    }
    const start = text.length;
    text += `${body}\n`;
    paragraphs.push({ n, kind, text: body, norm: body, headingPath: [...path], start, end: start + body.length });
  });
  return {
    id,
    source: `corpus/${id}.txt`,
    meta: {
      region: { value: region, source: 'title' },
      body: { value: '人民政府', source: 'title' },
      year: { value: year, source: 'title' },
      title: { value: title, source: 'title' },
    },
    script,
    text,
    sections,
    paragraphs,
    chunks: [],
    warnings: [],
    checksum: '',
  };
}

const filler = (topic: string): Line => ['p', `${topic}方面，各级行政机关按照条例要求，建立健全工作制度，明确责任分工，做到及时、准确、全面公开。`];

export const REPORT_A = makeReport('004_fake_chifeng', '赤峰市2012年政府信息公开工作年度报告', '赤峰市', 2012, 'simplified', [
  ['h', 1, '一、概述'],
  ['p', '2012年，全市各级行政机关认真贯彻《中华人民共和国政府信息公开条例》，政府信息公开工作稳步推进。'],
  filler('组织领导'),
  ['h', 1, '二、主动公开政府信息情况'],
  ['h', 2, '（一）公开情况'],
  ['p', '2012年，全市共主动公开政府信息12万条，其中盟市本级公开信息7059条。'],
  filler('公开内容'),
  ['h', 2, '（二）公开形式'],
  filler('公开形式'),
  ['h', 3, '1.政府网站'],
  filler('政府网站'),
  ['row', '信息类别 | 条数 | 占比 | |'],
  ['row', '政策法规 | 65 | 2.4% | |'],
  ['row', '规划计划 | 120 | 4.5% | |'],
  ['row', '人事信息 | 300 | 11.2% | |'],
  ['row', '其他 | 2192 | 81.9% | |'],
  ['row', '合计 | 2677 | 100% | |'],
  filler('查阅场所'),
  ['h', 1, '三、依申请公开情况'],
  filler('受理渠道'),
  filler('办理流程'),
  filler('答复时限'),
  filler('申请内容'),
  filler('答复质量'),
  filler('档案查阅'),
  ['p', '全年受理依申请公开8件，其中网上申请3件，当面申请5件，均已按时答复。'],
  ['p', `说明：某网页转载本报告时混入了 ${XSS_SCRIPT} 和 ${XSS_IMG} 这样的代码，应当原样显示为文字。`],
  ['h', 1, '四、收费及减免情况'],
  ['p', '2012年，全市未收取任何政府信息公开费用。'],
  ['h', 1, '五、存在的问题及改进措施'],
  filler('存在问题'),
  filler('改进措施'),
  filler('下一步工作'),
  filler('监督保障'),
]);

export const REPORT_B = makeReport('000_fake_lusong', '株洲市蘆淞區人民政府2013年政府信息公開年度報告', '株洲市芦淞区', 2013, 'traditional', [
  ['h', 1, '一、概述'],
  ['p', '2013年,我區認真貫徹落實中央、省、市關於推行政府信息公開的各項部署。'],
  ['h', 1, '二、主動公開情況'],
  ['p', '全年主動公開政府信息2萬餘條。'],
]);

export const FAKE_REPORTS: readonly Report[] = [REPORT_A, REPORT_B];

/** The light view served by GET /api/reports. */
export function summarize(report: Report): ReportSummary & { paragraphs: number; chunks: number } {
  return {
    id: report.id,
    source: report.source,
    title: report.meta.title.value ?? report.id,
    region: report.meta.region.value,
    body: report.meta.body.value,
    year: report.meta.year.value,
    script: report.script,
    paragraphs: report.paragraphs.length,
    chunks: report.chunks.length,
  };
}

/** A citation of paragraph `paragraph` of `report`, numbered `n`, shaped like the real server's. */
export function citationOf(report: Report, paragraph: number, n: number): Citation {
  const p = report.paragraphs[paragraph - 1]!;
  return {
    n,
    reportId: report.id,
    source: report.source,
    title: report.meta.title.value ?? report.id,
    region: report.meta.region.value,
    year: report.meta.year.value,
    section: (p.kind === 'heading' ? p.headingPath.slice(0, -1) : p.headingPath).join(' > '),
    paragraph,
    quote: p.text,
    url: `/reports/${report.id}#p${paragraph}`,
  };
}
