/**
 * Real report documents for the format tests, made from report text the way governments make them:
 * a printable HTML page printed to PDF by Chromium (the browser the widget tests drive), a DOCX
 * written with the `docx` library. Nothing here is hand-made bytes: every file comes out of the tool
 * that makes such files in the wild. The DOC fixtures are converted from these DOCX files once by
 * `tests/fixtures/formats/make-doc.sh` (LibreOffice) and committed beside the script.
 */
import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { chromium } from 'playwright-core';
import { headingLevel } from '../../src/lang/zh/index.js';
import { splitCells, isTableLine } from '../../src/ingest/tables.js';
import { CHROMIUM } from './browser.js';

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A report's text as blocks: its title, headings, paragraphs and tables (rows of cells as written). */
export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string; level: number }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; rows: string[][] };

/** Reads report text (one paragraph per line, table rows as `a | b`) into blocks. */
export function reportBlocks(text: string): Block[] {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const blocks: Block[] = [];
  lines.forEach((line, i) => {
    if (isTableLine(line)) {
      // Cells as written, empty ones kept (a table's grid), trailing empties dropped like every reader does.
      const cells = splitCells(line);
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'table') last.rows.push(cells);
      else blocks.push({ kind: 'table', rows: [cells] });
      return;
    }
    const level = headingLevel(line);
    if (i === 0 && level === null) blocks.push({ kind: 'title', text: line });
    else if (level !== null && line.length <= 40 && !/[。；;]./.test(line)) blocks.push({ kind: 'heading', text: line, level });
    else blocks.push({ kind: 'paragraph', text: line });
  });
  return blocks;
}

export interface PrintOptions {
  /** Running header (the title) and footer (第 N 页 共 M 页) on every page, as most published PDFs have. */
  headerFooter?: boolean;
  /** Paragraphs set Word-style: first-line indent of two characters and no space between paragraphs. */
  indent?: boolean;
  /** Table header rows (`<thead>`), which Chromium repeats at the top of each page a table continues on. */
  headerRows?: number;
  /** Extra CSS, e.g. to force a page break before a table. */
  css?: string;
}

/** A printable HTML page of the blocks: title, headings, paragraphs and bordered tables. */
export function printableHtml(blocks: Block[], title: string, options: PrintOptions = {}): string {
  const body = blocks
    .map((b) => {
      if (b.kind === 'title') return `<h1>${escapeHtml(b.text)}</h1>`;
      if (b.kind === 'heading') return `<h${Math.min(6, b.level + 1)}>${escapeHtml(b.text)}</h${Math.min(6, b.level + 1)}>`;
      if (b.kind === 'paragraph') return `<p>${escapeHtml(b.text)}</p>`;
      const width = Math.max(...b.rows.map((r) => r.length));
      const row = (r: string[], tag: string) => `<tr>${Array.from({ length: width }, (_, k) => `<${tag}>${escapeHtml(r[k] ?? '')}</${tag}>`).join('')}</tr>`;
      const head = b.rows.slice(0, options.headerRows ?? 0);
      const rest = b.rows.slice(head.length);
      return `<table>${head.length ? `<thead>${head.map((r) => row(r, 'td')).join('')}</thead>` : ''}<tbody>${rest.map((r) => row(r, 'td')).join('')}</tbody></table>`;
    })
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
@page { size: A4; margin: 22mm 20mm; }
body { font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 12pt; line-height: 1.6; margin: 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 12pt; }
h2, h3, h4 { font-size: 12pt; margin: 8pt 0 4pt; }
p { margin: 0 0 6pt; ${options.indent ? 'text-indent: 2em; margin: 0;' : ''} }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 10pt; line-height: 1.3; }
td { border: 0.75pt solid #000; padding: 3pt 4pt; vertical-align: top; }
tr { break-inside: avoid; }
${options.css ?? ''}
</style></head><body>
${body}
</body></html>`;
}

export interface Printer {
  /** Prints HTML to PDF (A4, the page's own margins). */
  pdf(html: string, options?: PrintOptions): Promise<Buffer>;
  /** A "scanned" PDF: a screenshot of the page placed in a PDF as an image, so it has no text layer. */
  scannedPdf(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** Starts Chromium for printing; one browser serves every document of a test file. */
export async function openPrinter(): Promise<Printer> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'] });
  const footer = (inner: string) => `<div style="font-size:9pt;width:100%;text-align:center;font-family:'WenQuanYi Micro Hei'">${inner}</div>`;
  return {
    async pdf(html, options = {}) {
      const page = await browser.newPage();
      try {
        await page.setContent(html, { waitUntil: 'load' });
        return Buffer.from(
          await page.pdf({
            format: 'A4',
            preferCSSPageSize: true,
            printBackground: true,
            displayHeaderFooter: options.headerFooter ?? false,
            headerTemplate: footer('<span class="title"></span>'),
            footerTemplate: footer('第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页'),
          }),
        );
      } finally {
        await page.close();
      }
    },
    async scannedPdf(html) {
      const page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
      try {
        await page.setContent(html, { waitUntil: 'load' });
        const shot = await page.screenshot({ type: 'png' });
        await page.setContent(`<!doctype html><html><body style="margin:0"><img style="width:100%" src="data:image/png;base64,${shot.toString('base64')}"></body></html>`, { waitUntil: 'load' });
        return Buffer.from(await page.pdf({ format: 'A4', printBackground: true }));
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}

/** A DOCX of the blocks written with the `docx` library: a title, heading styles, paragraphs, bordered tables. */
export async function writeDocx(blocks: Block[], title: string): Promise<Buffer> {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const headings = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4];
  const children = blocks.map((b) => {
    if (b.kind === 'title') return new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(b.text)] });
    if (b.kind === 'heading') return new Paragraph({ heading: headings[Math.min(3, b.level - 1)], children: [new TextRun(b.text)] });
    if (b.kind === 'paragraph') return new Paragraph({ children: [new TextRun(b.text)] });
    const width = Math.max(...b.rows.map((r) => r.length));
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: b.rows.map(
        (r) =>
          new TableRow({
            children: Array.from({ length: width }, (_, k) => new TableCell({ borders: { top: border, bottom: border, left: border, right: border }, children: [new Paragraph(r[k] ?? '')] })),
          }),
      ),
    });
  });
  const doc = new Document({ title, creator: 'nianbao tests', sections: [{ children }] });
  return Packer.toBuffer(doc);
}
