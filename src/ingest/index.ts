/**
 * Ingest: report files → structured `Report`s (metadata, sections, numbered paragraphs and table rows,
 * chunks). A file that cannot be used (empty, binary, undecodable, unreadable) is skipped with a
 * warning naming the file and the reason; it never stops the run.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { NianbaoError, isNianbaoError, type ErrorCode } from '../errors.js';
import { detectScript } from '../text/index.js';
import type { Report, ReportSummary } from '../types.js';
import { buildChunks } from './chunks.js';
import { storedFacts } from './facts.js';
import { cleanText } from './clean.js';
import { decodeBytes } from './decode.js';
import { readDoc, readDocx } from './word.js';
import { htmlToText, markdownToText } from './html.js';
import { readPdf } from './pdf.js';
import { detectMetadata, isTitleLine, type SidecarMeta } from './metadata.js';
import { parseStructure } from './structure.js';

export { cleanText } from './clean.js';
export { decodeBytes } from './decode.js';
export { detectMetadata, synthesizeTitle } from './metadata.js';

/** File extensions read as reports. */
export const REPORT_EXTENSIONS: Readonly<Record<string, ReportFormat>> = {
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.doc': 'doc',
};
export type ReportFormat = 'text' | 'markdown' | 'html' | 'pdf' | 'docx' | 'doc';
export const SIDECAR_SUFFIX = '.meta.json';

/**
 * Bump when parsing changes what a file yields (cleaning, structure, chunking). It is part of every
 * report's checksum, so an index built by an older parser is seen as stale and rebuilt.
 */
export const INGEST_VERSION = 10;

const sidecarSchema = z
  .object({
    region: z.string().min(1).nullable().optional(),
    body: z.string().min(1).nullable().optional(),
    year: z.number().int().min(1949).max(2100).nullable().optional(),
    title: z.string().min(1).optional(),
  })
  .strict();

export interface SkippedFile {
  source: string;
  code: ErrorCode;
  message: string;
}

export interface ParseInput {
  id: string;
  source: string;
  /** Decoded text (HTML and Markdown already turned into lines). */
  text: string;
  checksum: string;
  htmlTitle?: string | null;
  sidecar?: SidecarMeta | null;
  /** The page each line of `text` starts on (PDF), so every paragraph keeps its page. */
  linePages?: number[] | null;
  /** Warnings from reading the file (e.g. scanned pages without text). */
  warnings?: string[];
}

/** Parses decoded text into a Report (pure: no file access). */
export function parseReport(input: ParseInput): Report {
  const warnings: string[] = [...(input.warnings ?? [])];
  const { text, origins } = cleanText(input.text);
  const meta = detectMetadata(text, { htmlTitle: input.htmlTitle, sidecar: input.sidecar, rawText: input.text.slice(0, 6000) });
  const structure = parseStructure(text, isTitleLine);
  if (input.linePages) assignPages(text, origins, input.linePages, structure.paragraphs);
  // Every number becomes a stored fact: what it measures is read once, here, not at each question.
  for (const p of structure.paragraphs) {
    if (p.kind === 'heading') continue;
    const facts = storedFacts(p.norm, p.kind === 'tableRow' ? 'tableRow' : 'prose');
    if (facts.length) p.facts = facts;
  }
  const chunks = buildChunks(input.id, text, structure.paragraphs, structure.rowRoles);
  if (input.linePages) {
    for (const c of chunks) {
      const page = structure.paragraphs[(c.anchor ?? c.paragraphs[0]!) - 1]?.page;
      if (page !== undefined) c.page = page;
    }
  }
  if (structure.sections.length === 0) warnings.push('未识别到章节标题 (no headings found): all paragraphs sit at the top level');
  // One warning per field that could not be established: unknown stays unknown, never guessed.
  if (meta.region.value === null) warnings.push('地区未知 (region unknown)');
  if (meta.body.value === null) warnings.push('发布机关未知 (issuing body unknown)');
  if (meta.year.value === null) warnings.push('年份未知 (year unknown)');
  return {
    id: input.id,
    source: input.source,
    meta,
    script: detectScript(text),
    text,
    sections: structure.sections,
    paragraphs: structure.paragraphs,
    chunks,
    warnings,
    checksum: input.checksum,
  };
}

/**
 * Gives every paragraph the page its line starts on: paragraph offset → line of the cleaned text →
 * line of the extracted text (`origins`) → page.
 */
function assignPages(text: string, origins: number[], linePages: number[], paragraphs: Report['paragraphs']): void {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  for (const p of paragraphs) {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= p.start) lo = mid;
      else hi = mid - 1;
    }
    const page = linePages[origins[lo] ?? -1];
    if (page !== undefined) p.page = page;
  }
}

/** The light view of a report that travels with hits and citations. */
export function summarizeReport(report: Report): ReportSummary {
  const { id, source, meta, script } = report;
  return { id, source, title: meta.title.value ?? id, region: meta.region.value, body: meta.body.value, year: meta.year.value, regionPath: meta.place?.path ?? null, script };
}

/** A report's metadata as the API and CLI show it: the summary plus where each value came from. */
export function describeReport(r: Report) {
  const { region, body, year, title } = r.meta;
  return { ...summarizeReport(r), metaSources: { region: region.source, body: body.source, year: year.source, title: title.source } };
}

/** What a report file reads as: text lines, a title hint, the page of each line (PDF), reading warnings. */
export interface ReadReport {
  text: string;
  htmlTitle: string | null;
  linePages: number[] | null;
  warnings: string[];
}

/**
 * Reads file bytes of any report format into text lines. PDF keeps the page of every line; DOCX goes
 * through mammoth to HTML and then the HTML reader, so headings and tables come out as from a web page;
 * DOC (Word 97–2003) through word-extractor.
 */
export async function readReportBytes(bytes: Uint8Array, format: ReportFormat, name: string): Promise<ReadReport> {
  if (format === 'pdf') {
    const pdf = await readPdf(bytes, name);
    if (!pdf.lines.length) throw new NianbaoError('FILE_EMPTY', `${name}: no text in the PDF`);
    const warnings = pdf.imagePages.length ? [`第${pdf.imagePages.join('、')}页无文字层（图片），未能读取，需要OCR (pages ${pdf.imagePages.join(', ')} are images without text; OCR needed)`] : [];
    return { text: pdf.lines.join('\n'), htmlTitle: pdf.title, linePages: pdf.pages, warnings };
  }
  if (format === 'docx') return { ...(await readDocx(bytes, name)), linePages: null };
  if (format === 'doc') return { ...(await readDoc(bytes, name)), linePages: null };
  return { ...decodeReportBytes(bytes, format, name), linePages: null, warnings: [] };
}

/** Decodes file bytes of a text format into text lines (and the HTML title, if any). */
export function decodeReportBytes(bytes: Uint8Array, format: 'text' | 'markdown' | 'html', name: string): { text: string; htmlTitle: string | null } {
  const { text } = decodeBytes(bytes, name);
  if (format === 'html') {
    const html = htmlToText(text);
    if (!html.text.trim()) throw new NianbaoError('FILE_EMPTY', `${name}: no text in the HTML`);
    return { text: html.text, htmlTitle: html.title };
  }
  return { text: format === 'markdown' ? markdownToText(text) : text, htmlTitle: null };
}

/**
 * Where a report file is, as users may see it (citations, batch output, report pages): its path
 * inside `sourceRoot`, the corpus directory (`x.txt`, `sub/x.txt`). Never a path of the server's disk:
 * a file outside `sourceRoot` is named by its file name alone.
 */
export function corpusSource(file: string, sourceRoot: string): string {
  const relative = path.relative(path.resolve(sourceRoot), path.resolve(file));
  const outside = relative === '' || relative.startsWith('..') || path.isAbsolute(relative);
  return (outside ? path.basename(file) : relative).split(path.sep).join('/');
}

/**
 * Reads one report file. Its source is recorded relative to `sourceRoot`, which should be the corpus
 * directory (see `corpusSource`). Returns the report, or why it was skipped; sidecar problems become
 * report warnings.
 */
export async function ingestFile(file: string, sourceRoot: string): Promise<{ report?: Report; skipped?: SkippedFile }> {
  const source = corpusSource(file, sourceRoot);
  const ext = path.extname(file).toLowerCase();
  const format = REPORT_EXTENSIONS[ext];
  if (!format) return { skipped: { source, code: 'FILE_UNREADABLE', message: `${source}: unsupported file type ${ext || '(none)'}` } };
  try {
    const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
      throw new NianbaoError('FILE_UNREADABLE', `${source}: ${e.code ?? e.message}`);
    });
    const { text, htmlTitle, linePages, warnings } = await readReportBytes(bytes, format, source);
    const sidecarWarnings: string[] = [];
    const sidecar = await readSidecar(file, sidecarWarnings);
    const report = parseReport({
      id: path.basename(file, ext),
      source,
      text,
      checksum: createHash('sha256').update(`nianbao-ingest-v${INGEST_VERSION}\n`).update(bytes).update(sidecar ? JSON.stringify(sidecar) : '').digest('hex'),
      htmlTitle,
      sidecar,
      linePages,
      warnings,
    });
    report.warnings.push(...sidecarWarnings);
    return { report };
  } catch (e) {
    if (isNianbaoError(e)) return { skipped: { source, code: e.code, message: e.message } };
    throw e;
  }
}

/**
 * The sidecar files a report file may have, in order of precedence: `name.txt.meta.json` (one report
 * file exactly) and `name.meta.json` (the file's base name, as people tend to write it).
 */
export function sidecarPaths(file: string): [full: string, short: string] {
  return [`${file}${SIDECAR_SUFFIX}`, path.join(path.dirname(file), `${path.basename(file, path.extname(file))}${SIDECAR_SUFFIX}`)];
}

/** The file's sidecar (the first of `sidecarPaths` that exists); a second one is ignored with a warning. */
async function readSidecar(file: string, warnings: string[]): Promise<SidecarMeta | null> {
  const [full, short] = sidecarPaths(file);
  const [fullRaw, shortRaw] = await Promise.all([full, short].map((f) => readFile(f, 'utf8').catch(() => null)));
  if (fullRaw !== null && shortRaw !== null) {
    warnings.push(`同时存在两个元数据文件，已忽略 ${path.basename(short)}，使用 ${path.basename(full)} (two sidecars: ${path.basename(short)} ignored, ${path.basename(full)} used)`);
  }
  const raw = fullRaw ?? shortRaw;
  if (raw === null) return null;
  const sidecarPath = fullRaw !== null ? full : short;
  try {
    const parsed = sidecarSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    warnings.push(`元数据文件不合法，已忽略 (invalid sidecar ignored): ${path.basename(sidecarPath)} ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  } catch (e) {
    warnings.push(`元数据文件不合法，已忽略 (invalid sidecar ignored): ${path.basename(sidecarPath)}: ${(e as Error).message}`);
  }
  return null;
}

/** Lists report files in a corpus directory (sidecars and unknown types excluded), sorted by name. */
export async function listReportFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    throw new NianbaoError('FILE_UNREADABLE', `corpus directory ${dir}: ${e.code ?? e.message}`);
  });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.endsWith(SIDECAR_SUFFIX) && e.name !== 'README.md')
    .map((e) => path.join(dir, e.name))
    .sort();
}

/**
 * Ingests every report of a corpus directory, sources relative to `sourceRoot` (by default the
 * directory itself, see `corpusSource`); unusable files are skipped with a warning each.
 */
export async function ingestCorpus(
  dir: string,
  sourceRoot: string = dir,
  onProgress?: (done: number, total: number, source: string) => void,
): Promise<{ reports: Report[]; skipped: SkippedFile[] }> {
  const files = await listReportFiles(dir);
  const reports: Report[] = [];
  const skipped: SkippedFile[] = [];
  for (const [i, file] of files.entries()) {
    const out = await ingestFile(file, sourceRoot);
    if (out.report) reports.push(out.report);
    if (out.skipped) skipped.push(out.skipped);
    onProgress?.(i + 1, files.length, path.basename(file));
  }
  return { reports, skipped };
}
