/**
 * Reports as governments publish them: PDF (printed by Chromium, the browser the widget tests drive),
 * DOCX (written with the `docx` library) and DOC (converted by LibreOffice, committed with its script in
 * tests/fixtures/formats). Every seed in every format must read as its text version does: the same
 * paragraphs, metadata and answers; a PDF keeps the page of every paragraph, and a scanned PDF is
 * refused, never indexed as an empty report.
 */
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runIngest } from '../../src/cli/ingest.js';
import { createEngine } from '../../src/engine.js';
import { buildIndex } from '../../src/index/index.js';
import { ingestCorpus, ingestFile } from '../../src/ingest/index.js';
import { loadConfig } from '../../src/config.js';
import { renderReportPage } from '../../src/server/pages/reports.js';
import { sourceList } from '../../src/server/routes/openai.js';
import type { Report } from '../../src/types.js';
import { createHashEmbedder } from '../fakes/hash-embedder.js';
import { currentBrowserRule } from '../helpers/browser.js';
import { CORPUS_DIR, ROOT, SEED_IDS, seedReport, seedReports } from '../helpers/corpus.js';
import { openPrinter, printableHtml, reportBlocks, writeDocx, type Block, type Printer } from '../helpers/documents.js';

const rule = currentBrowserRule();
if (!rule.run) {
  if (rule.fail) throw new Error(rule.message);
  console.warn(rule.message);
}
const SEEDS = Object.values(SEED_IDS);
const DOC_FIXTURES = path.join(ROOT, 'tests/fixtures/formats');

/** What a report reads as: each unit's kind, heading path and searchable text. */
const shape = (r: Report) => r.paragraphs.map((p) => ({ kind: p.kind, path: p.headingPath, norm: p.norm }));
const metaOf = (r: Report) => ({ region: r.meta.region.value, body: r.meta.body.value, year: r.meta.year.value, title: r.meta.title.value });
const seedText = (id: string) => readFile(path.join(CORPUS_DIR, `${id}.txt`), 'utf8');

let dir: string;
let printer: Printer | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-documents-'));
  if (rule.run) printer = await openPrinter();
}, 60_000);
afterAll(async () => {
  await printer?.close();
});

/** Prints a seed to PDF in `sub` (created) and returns the file. */
async function seedPdf(id: string, sub: string, options: Parameters<typeof printableHtml>[2] = {}): Promise<string> {
  const folder = path.join(dir, sub);
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, `${id}.pdf`);
  if (!existsSync(file)) await writeFile(file, await printer!.pdf(printableHtml(reportBlocks(await seedText(id)), id, options), options));
  return file;
}

async function ingestOne(file: string): Promise<Report> {
  const out = await ingestFile(file, path.dirname(file));
  if (!out.report) throw new Error(`not ingested: ${JSON.stringify(out.skipped)}`);
  return out.report;
}

describe.runIf(rule.run)('PDF printed by Chromium', () => {
  it.each(SEEDS)('seed %s as PDF reads as its text: same paragraphs and metadata, every paragraph on its page', async (id) => {
    const text = await seedReport(id);
    const pdf = await ingestOne(await seedPdf(id, 'plain'));
    expect(shape(pdf)).toEqual(shape(text));
    expect(metaOf(pdf)).toEqual(metaOf(text));
    // Every unit has a page; pages only go forwards; the report spans several pages.
    const pages = pdf.paragraphs.map((p) => p.page);
    expect(pages.every((p) => typeof p === 'number' && p >= 1)).toBe(true);
    expect(pages).toEqual([...pages].sort((a, b) => a! - b!));
    expect(pages.at(-1)).toBeGreaterThan(1);
    // The chunks carry the page of the paragraph they cite.
    for (const c of pdf.chunks) expect(c.page).toBe(pdf.paragraphs[(c.anchor ?? c.paragraphs[0]!) - 1]!.page);
  }, 60_000);

  it.each([SEED_IDS.chifeng, SEED_IDS.suifenhe, SEED_IDS.masked])(
    'seed %s set Word-style (first-line indents, no paragraph spacing) with a running header and 第 N 页 共 M 页 footers reads the same',
    async (id) => {
      const options = { headerFooter: true, indent: true };
      const pdf = await ingestOne(await seedPdf(id, 'styled', options));
      expect(shape(pdf)).toEqual(shape(await seedReport(id)));
      expect(metaOf(pdf)).toEqual(metaOf(await seedReport(id)));
      // The running header (the document title) and the page footers are gone.
      expect(pdf.paragraphs.some((p) => /第\s*\d+\s*页\s*共/.test(p.text) || p.text === id)).toBe(false);
    },
    60_000,
  );

  it('a table split across two pages stays one table: rows in order, the repeated header row dropped, each row on its page', async () => {
    // A prescribed-format table long enough to run over a page break; Chromium repeats <thead> on page 2.
    const rows = [['项目', '本年新收', '办结', '备注'], ...Array.from({ length: 46 }, (_, i) => [`第${i + 1}项 政府信息公开申请`, String(10 + i), String(9 + i), i % 3 ? '' : '按期办结'])];
    const blocks: Block[] = [
      { kind: 'title', text: '某市2020年政府信息公开工作年度报告' },
      { kind: 'heading', text: '一、收到和处理政府信息公开申请情况', level: 1 },
      { kind: 'paragraph', text: '本年度收到和处理政府信息公开申请情况如下表所示。' },
      { kind: 'table', rows },
      { kind: 'heading', text: '二、存在的主要问题及改进情况', level: 1 },
      { kind: 'paragraph', text: '无。' },
    ];
    const html = printableHtml(blocks, '某市2020年政府信息公开工作年度报告', { headerRows: 1 });
    const pdfFile = path.join(dir, 'split-table.pdf');
    await writeFile(pdfFile, await printer!.pdf(html, { headerRows: 1 }));
    const txtFile = path.join(dir, 'split-table.txt');
    await writeFile(txtFile, ['某市2020年政府信息公开工作年度报告', '一、收到和处理政府信息公开申请情况', '本年度收到和处理政府信息公开申请情况如下表所示。', ...rows.map((r) => r.join(' | ')), '二、存在的主要问题及改进情况', '无。'].join('\n'));
    const pdf = await ingestOne(pdfFile);
    const txt = await ingestOne(txtFile);
    expect(shape(pdf)).toEqual(shape(txt));
    const tableRows = pdf.paragraphs.filter((p) => p.kind === 'tableRow');
    expect(tableRows).toHaveLength(rows.length);
    expect(tableRows.filter((p) => p.text.startsWith('项目 |'))).toHaveLength(1);
    // The table really crossed a page: its last rows are on page 2, and the row context still names the columns there.
    expect(tableRows[0]!.page).toBe(1);
    expect(tableRows.at(-1)!.page).toBe(2);
    expect(tableRows.at(-1)!.context).toContain('本年新收 55');
  }, 60_000);

  it('a scanned PDF (an image, no text layer) is skipped with 图片型PDF，需要OCR, never indexed as an empty report', async () => {
    const folder = path.join(dir, 'scanned');
    await mkdir(folder, { recursive: true });
    const html = printableHtml(reportBlocks(await seedText(SEED_IDS.chifeng)).slice(0, 6), '扫描件');
    await writeFile(path.join(folder, 'scan.pdf'), await printer!.scannedPdf(html));
    await copyFile(path.join(CORPUS_DIR, `${SEED_IDS.chifeng}.txt`), path.join(folder, `${SEED_IDS.chifeng}.txt`));
    const { reports, skipped } = await ingestCorpus(folder);
    expect(reports.map((r) => r.id)).toEqual([SEED_IDS.chifeng]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ source: 'scan.pdf', code: 'FILE_NO_TEXT_LAYER' });
    expect(skipped[0]!.message).toContain('图片型PDF，需要OCR');
  }, 60_000);
});

describe('unreadable documents', () => {
  it.each([
    ['broken.pdf', Buffer.from('这不是 PDF 文件，只是改了扩展名。\n')],
    ['broken.docx', Buffer.from('PK\u0003\u0004 not really a zip')],
    ['broken.doc', Buffer.from('这也不是 Word 文件。\n')],
  ])('%s is skipped with FILE_UNREADABLE naming the file and the format', async (name, bytes) => {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    const out = await ingestFile(file, dir);
    expect(out.report).toBeUndefined();
    expect(out.skipped).toMatchObject({ source: name, code: 'FILE_UNREADABLE' });
    expect(out.skipped!.message).toContain(name);
    expect(out.skipped!.message).toMatch(/PDF|DOCX|DOC/);
  });
});

describe('DOCX written with the docx library', () => {
  it.each(SEEDS)('seed %s as DOCX reads as its text: same paragraphs and metadata', async (id) => {
    const file = path.join(dir, `${id}.docx`);
    await writeFile(file, await writeDocx(reportBlocks(await seedText(id)), id));
    const docx = await ingestOne(file);
    expect(shape(docx)).toEqual(shape(await seedReport(id)));
    expect(metaOf(docx)).toEqual(metaOf(await seedReport(id)));
    expect(docx.paragraphs.some((p) => p.page !== undefined)).toBe(false);
  });
});

describe('DOC (Word 97–2003) converted by LibreOffice', () => {
  it.each(SEEDS)('seed %s as DOC has the same metadata, headings and paragraphs, and its table cells', async (id) => {
    const doc = await ingestOne(path.join(DOC_FIXTURES, `${id}.doc`));
    const text = await seedReport(id);
    expect(metaOf(doc)).toEqual(metaOf(text));
    const prose = (r: Report) => shape(r).filter((p) => p.kind !== 'tableRow');
    expect(prose(doc)).toEqual(prose(text));
    // word-extractor gives table cells but not always every row's end: the cells are all there, in order.
    const cells = (r: Report) => r.paragraphs.filter((p) => p.kind === 'tableRow').flatMap((p) => p.text.split('|').map((c) => c.trim()).filter(Boolean));
    expect(cells(doc)).toEqual(cells(text));
  });
});

describe.runIf(rule.run)('answers from documents', () => {
  /** Seeds as PDF, DOCX and DOC in one folder (one format per seed, all three formats present). */
  async function mixedFolder(): Promise<string> {
    const folder = path.join(dir, 'mixed');
    await mkdir(folder, { recursive: true });
    const formats = ['pdf', 'docx', 'doc', 'pdf', 'pdf'] as const;
    for (const [i, id] of SEEDS.entries()) {
      const format = formats[i]!;
      if (format === 'pdf') await copyFile(await seedPdf(id, 'plain'), path.join(folder, `${id}.pdf`));
      if (format === 'docx') await writeFile(path.join(folder, `${id}.docx`), await writeDocx(reportBlocks(await seedText(id)), id));
      if (format === 'doc') await copyFile(path.join(DOC_FIXTURES, `${id}.doc`), path.join(folder, `${id}.doc`));
    }
    return folder;
  }

  it('npm run ingest on a folder of PDF, DOCX and DOC prints the same metadata as on the text corpus', async () => {
    const folder = await mixedFolder();
    const capture = async (args: string[]) => {
      const chunks: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((s: string) => (chunks.push(String(s)), true)) as typeof process.stdout.write;
      try {
        expect(await runIngest(args)).toBe(0);
      } finally {
        process.stdout.write = write;
      }
      return JSON.parse(chunks.join('')) as { reports: { id: string; title: string; region: string | null; body: string | null; year: number | null; metaSources: unknown }[]; skipped: unknown[] };
    };
    const pick = (r: { id: string; title: string; region: string | null; body: string | null; year: number | null; metaSources: unknown }) => ({ id: r.id, title: r.title, region: r.region, body: r.body, year: r.year, metaSources: r.metaSources });
    const fromDocs = await capture([folder, '--json']);
    const fromText = await capture([CORPUS_DIR, '--json']);
    expect(fromDocs.skipped).toEqual([]);
    expect(fromDocs.reports.map(pick)).toEqual(fromText.reports.map(pick));
    expect(fromDocs.reports).toHaveLength(5);
  }, 120_000);

  it('the headline question answers 8件 from the Chifeng PDF, citing page and paragraph; every dev question answers as from the text', async () => {
    const folder = await mixedFolder();
    const embedder = createHashEmbedder();
    const engineOf = async (reports: Report[]) => {
      const indexDir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-documents-index-'));
      const config = loadConfig({ root: ROOT, indexDir }, {});
      const { index } = await buildIndex({ reports, embedder, config, dir: indexDir });
      return createEngine(config, index, embedder);
    };
    const fromDocs = await engineOf((await ingestCorpus(folder)).reports);
    const fromText = await engineOf(await seedReports());

    const headline = await fromDocs.ask('赤峰2012年依申请公开多少件');
    expect(headline.answer).toMatch(/^\D{0,20}8件/);
    const cited = headline.citations.find((c) => c.quote.includes('依申请公开8件'))!;
    expect(cited).toMatchObject({ reportId: SEED_IDS.chifeng, source: `${SEED_IDS.chifeng}.pdf` });
    expect(cited.page).toBeGreaterThanOrEqual(1);
    const paragraph = (await seedReport(SEED_IDS.chifeng)).paragraphs.find((p) => p.text.includes('依申请公开8件'))!;
    expect(cited.paragraph).toBe(paragraph.n);
    expect(sourceList(headline.citations)).toContain(`第${cited.page}页 第${paragraph.n}段`);

    // The report viewer shows where each page begins and names the page of every paragraph.
    const html = renderReportPage((await fromDocs.index.report(SEED_IDS.chifeng))!);
    expect(html).toContain(`id="page${cited.page}"`);
    expect(html).toContain(`aria-label="第 ${cited.page} 页 第 ${paragraph.n} 段"`);

    const questions = (await readFile(path.join(ROOT, 'tests/fixtures/eval/dev.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { question: string });
    for (const { question } of questions) {
      const [a, b] = await Promise.all([fromDocs.ask(question), fromText.ask(question)]);
      const where = (x: typeof a) => x.citations.map((c) => `${c.reportId}#p${c.paragraph}`);
      expect({ question, answer: a.answer, refused: a.refused, cites: where(a) }).toEqual({ question, answer: b.answer, refused: b.refused, cites: where(b) });
    }
  }, 180_000);
});
