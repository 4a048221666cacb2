/**
 * PDF → text lines with page numbers, through unpdf (a packaging of Mozilla's PDF.js that needs no
 * worker or canvas). PDF.js gives positioned text runs; this module rebuilds what the page shows:
 *
 * - **lines**: runs on one baseline, left to right; a wide gap splits a line into segments;
 * - **running headers, footers and page numbers** are dropped: a line at the top or bottom of a page
 *   that repeats (digits aside) at the same height on other pages, or that is only a page number
 *   (`- 3 -`, `第 3 页 共 9 页`, `3/9`);
 * - **tables**: runs of lines of several aligned segments become rows of cells on a column grid (an empty
 *   cell keeps its place), a cell wrapped over several lines is joined back, a table that continues on
 *   the next page stays one table and the header row the printer repeated there is dropped; rows are
 *   written `a | b | c`, the form every other reader produces, so one structure parser serves all;
 * - **paragraphs**: wrapped lines are joined back; a paragraph ends at extra space between lines, at a
 *   first-line indent, at a line that stops short of the right margin, or at a change of font size.
 *
 * Every output line keeps the page it starts on, so citations can say 第3页 第12段. A PDF with no text
 * layer (a scan) is refused with FILE_NO_TEXT_LAYER: it is never indexed as an empty report.
 */
import { NianbaoError } from '../errors.js';
import { CLAUSE_STOPS, CLOSING_MARKS, OPENING_MARKS, PAGE_NUMBER_PATTERNS, PAUSES, SENTENCE_STOPS, charClass } from '../lang/zh/index.js';

export interface PdfText {
  /** One paragraph, heading or table row per line. */
  lines: string[];
  /** The page (1-based) each line starts on. */
  pages: number[];
  /** The document's Title from its information dictionary, when it has one. */
  title: string | null;
  pageCount: number;
  /** Pages without text (scanned pages inside an otherwise digital PDF). */
  imagePages: number[];
}

/** One run of text as PDF.js places it (user space: y grows upwards). */
interface Run {
  str: string;
  x: number;
  y: number;
  w: number;
  size: number;
}

interface Segment {
  text: string;
  x0: number;
  x1: number;
}

interface Line {
  page: number;
  y: number;
  size: number;
  x0: number;
  x1: number;
  segments: Segment[];
  text: string;
}

/** Text of at most this many characters on every page means there is no text layer. */
const MIN_TEXT_CHARS_PER_PAGE = 2;
/** A gap wider than this many font sizes between two runs separates segments (table cells; a table's cell padding is about one character). */
const SEGMENT_GAP = 0.8;
/** Lines closer than this many font sizes (baseline to baseline) inside a table are one wrapped cell. */
const WRAPPED_CELL_PITCH = 1.45;

/** Reads a PDF's text. Throws FILE_UNREADABLE (not a PDF, damaged, encrypted) or FILE_NO_TEXT_LAYER. */
export async function readPdf(bytes: Uint8Array, name: string): Promise<PdfText> {
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes ownership of the buffer it is given; hand it a copy so the caller's bytes stay intact.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, stopAtErrors: false });
  } catch (e) {
    const err = e as Error;
    const why = err.name === 'PasswordException' ? 'PDF 已加密，需要密码 (encrypted PDF)' : `PDF 无法解析 (not a readable PDF): ${err.message}`;
    throw new NianbaoError('FILE_UNREADABLE', `${name}: ${why}`);
  }
  try {
    const info = ((await pdf.getMetadata().catch(() => null))?.info ?? {}) as { Title?: unknown };
    const pages: Line[][] = [];
    const imagePages: number[] = [];
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!('str' in item) || !item.str.trim()) continue;
        const [a, b, , d, e, f] = item.transform as number[];
        // Rotated runs (stamps, vertical margin notes) are not body text.
        if (Math.abs(b!) > 0.01 * Math.abs(a!)) continue;
        runs.push({ str: item.str, x: e!, y: f!, w: item.width, size: Math.abs(d!) || item.height || 10 });
      }
      if (runs.reduce((n, r) => n + r.str.replace(/\s/g, '').length, 0) <= MIN_TEXT_CHARS_PER_PAGE) imagePages.push(p);
      pages.push(toLines(runs, p));
      page.cleanup();
    }
    if (imagePages.length === pdf.numPages) {
      throw new NianbaoError('FILE_NO_TEXT_LAYER', `${name}: ${pdf.numPages} 页均无文字层，需要 OCR (no page has a text layer; OCR needed)`);
    }
    const body = dropRunningLines(pages).flat();
    const out = assemble(body);
    const title = typeof info.Title === 'string' && /\p{Script=Han}/u.test(info.Title) ? info.Title.trim() : null;
    return { ...out, title, pageCount: pdf.numPages, imagePages };
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

/** Groups a page's runs into lines (top to bottom) of segments (left to right). */
function toLines(runs: Run[], page: number): Line[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: Run[][] = [];
  for (const run of sorted) {
    const last = groups[groups.length - 1];
    if (last && Math.abs(last[0]!.y - run.y) < 0.5 * Math.min(last[0]!.size, run.size)) last.push(run);
    else groups.push([run]);
  }
  return groups.map((group) => {
    group.sort((a, b) => a.x - b.x);
    const size = Math.max(...group.map((r) => r.size));
    const segments: Segment[] = [];
    for (const run of group) {
      const seg = segments[segments.length - 1];
      const gap = seg ? run.x - seg.x1 : Infinity;
      if (seg && gap <= SEGMENT_GAP * size) {
        seg.text = joinText(seg.text, run.str, gap > 0.15 * size);
        seg.x1 = Math.max(seg.x1, run.x + run.w);
      } else {
        segments.push({ text: run.str, x0: run.x, x1: run.x + run.w });
      }
    }
    for (const s of segments) s.text = s.text.replace(/\s+/g, ' ').trim();
    const kept = segments.filter((s) => s.text);
    return { page, y: group[0]!.y, size, x0: kept[0]?.x0 ?? 0, x1: Math.max(...kept.map((s) => s.x1)), segments: kept, text: kept.map((s) => s.text).join(' ') };
  }).filter((l) => l.segments.length > 0);
}

/** Joins two pieces of text: Latin words keep a space between them, Chinese never gets one. */
function joinText(a: string, b: string, spaced: boolean): string {
  if (!a) return b;
  if (/\s$/.test(a) || /^\s/.test(b)) return a + b;
  return spaced && /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b;
}

/** A line's text with digits folded, so `第 3 页` and `第 4 页` (or a dated header) compare equal. */
const runningKey = (line: Line) => line.text.replace(/\s+/g, '').replace(/[0-9０-９]+/g, '#');

const isPageNumber = (line: Line) => PAGE_NUMBER_PATTERNS.some((re) => re.test(line.text.trim()));

/**
 * Drops running headers and footers: among the first and last lines of each page, one that is a page
 * number, or whose text (digits folded) recurs at the same height on at least half the pages (two at
 * least). The body title on page 1 survives even when the running header repeats it: it sits lower.
 */
function dropRunningLines(pages: Line[][]): Line[][] {
  const EDGE = 2;
  const edges = (lines: Line[]) => new Set([...lines.slice(0, EDGE), ...lines.slice(-EDGE)]);
  const seen = new Map<string, Set<number>>();
  const keyOf = (line: Line) => `${runningKey(line)}@${Math.round(line.y / 4)}`;
  pages.forEach((lines, i) => {
    for (const line of edges(lines)) {
      const key = keyOf(line);
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(i);
    }
  });
  const repeated = (line: Line) => {
    const n = seen.get(keyOf(line))?.size ?? 0;
    return pages.length >= 2 && n >= 2 && n >= pages.length / 2;
  };
  return pages.map((lines) => {
    const edge = edges(lines);
    return lines.filter((line) => !(edge.has(line) && (isPageNumber(line) || repeated(line))));
  });
}

interface Row {
  page: number;
  cells: { x0: number; text: string }[];
  lastY: number;
  size: number;
}

/**
 * Assembles body lines (in reading order, all pages) into output lines: tables as rows, prose as
 * paragraphs.
 */
function assemble(lines: Line[]): { lines: string[]; pages: number[] } {
  const out: string[] = [];
  const pages: number[] = [];
  const stats = layout(lines);
  const inTable = tableLines(lines, stats);
  let i = 0;
  while (i < lines.length) {
    if (inTable[i]) {
      const run: Line[] = [];
      while (i < lines.length && inTable[i]) run.push(lines[i++]!);
      for (const row of tableRows(run)) {
        out.push(row.text);
        pages.push(row.page);
      }
      continue;
    }
    let text = lines[i]!.text;
    const page = lines[i]!.page;
    while (i + 1 < lines.length && !inTable[i + 1] && continues(lines[i]!, lines[i + 1]!, stats)) {
      const [a, b] = [lines[i]!, lines[i + 1]!];
      text = brokeAtSpace(a, b, stats) ? `${text} ${b.text}` : joinText(text, b.text, true);
      i++;
    }
    out.push(text);
    pages.push(page);
    i++;
  }
  return { lines: out, pages };
}

interface Layout {
  /** The body's left margin (the most common line start). */
  left: number;
  /** Where full lines end (a high percentile of line ends). */
  right: number;
  /** The usual distance between wrapped lines of one paragraph, per font size (rounded to 0.5 pt). */
  pitch: Map<number, number>;
}

function layout(lines: Line[]): Layout {
  const mode = (values: number[]) => {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  };
  const single = lines.filter((l) => l.segments.length === 1);
  const left = mode(single.map((l) => Math.round(l.x0))) ?? 0;
  const ends = single.map((l) => l.x1).sort((a, b) => a - b);
  const right = ends[Math.floor(ends.length * 0.9)] ?? 0;
  const pitches = new Map<number, number[]>();
  for (let k = 1; k < lines.length; k++) {
    const a = lines[k - 1]!;
    const b = lines[k]!;
    if (a.page !== b.page || a.segments.length > 1 || b.segments.length > 1 || Math.abs(a.size - b.size) > 0.25) continue;
    const key = Math.round(a.size * 2) / 2;
    if (!pitches.has(key)) pitches.set(key, []);
    pitches.get(key)!.push(Math.round((a.y - b.y) * 2) / 2);
  }
  const pitch = new Map<number, number>();
  for (const [size, values] of pitches) {
    // The smallest pitch that is common: wrapped lines of one paragraph, not the gaps between paragraphs.
    const common = mode(values.filter((v) => v > 0));
    if (common !== undefined) pitch.set(size, common);
  }
  return { left, right, pitch };
}

/**
 * Whether the printer broke `a` and `b` at a space it then dropped, which must be put back: when there
 * was room at the end of `a` for `b`'s first piece (Chinese text fills its lines, so the break was at
 * a word), or when `a` is a list of words separated by spaces (a tag list) and `b` starts with a word.
 */
function brokeAtSpace(a: Line, b: Line, stats: Layout): boolean {
  if (stats.right - a.x1 >= firstWordWidth(b) + 0.25 * a.size) return true;
  return (a.text.match(SPACED_HAN) ?? []).length >= 2 && HAN_START.test(b.text) && HAN_END.test(a.text);
}
const SPACED_HAN = /\p{Script=Han} +(?=\p{Script=Han})/gu;
const HAN_START = /^\p{Script=Han}/u;
const HAN_END = /\p{Script=Han}$/u;

/** Whether line `b` continues the paragraph of line `a`. */
function continues(a: Line, b: Line, stats: Layout): boolean {
  if (Math.abs(a.size - b.size) > 0.5) return false;
  const em = a.size;
  // `a` stops short of the right margin: the end of a paragraph, a heading, a centred title. Unless
  // `b`'s first word would not have fitted in the space left (a long URL or number wraps whole).
  const room = stats.right - a.x1;
  if (room > 2 * em && room > firstWordWidth(b) + 0.5 * em) return false;
  // `b` is indented (a first-line indent), or centred under a full line of a centred block (a title
  // over two lines), which continues it.
  if (b.x0 > stats.left + 0.9 * em) {
    const centred = Math.abs(b.x0 - stats.left - (stats.right - b.x1)) < em && room <= 2 * em;
    if (!centred) return false;
  }
  if (a.page !== b.page) return true;
  const pitch = stats.pitch.get(Math.round(a.size * 2) / 2) ?? 1.5 * em;
  return a.y - b.y <= pitch * 1.25 + 0.5;
}

/**
 * The width of a line's first unbreakable piece, which a line breaker cannot split: a character with
 * the opening quote before it and the punctuation that may not start a line after it, and a Latin word, number or URL run on to it
 * (`话:037126666359,` and a pinyin gloss `(wǎng)` wrap whole). Latin letters and ASCII count about half
 * a character, as in Chinese fonts.
 */
function firstWordWidth(line: Line): number {
  const word = FIRST_PIECE.exec(line.text)?.[0] || line.text.slice(0, 1);
  let ems = 0;
  for (const ch of word) ems += /[\x21-\x7e\p{Script=Latin}]/u.test(ch) ? 0.55 : 1;
  return ems * line.size;
}
// Opening marks that may not end a line, one character, then the marks a line may not start with
// (kinsoku): stops, pauses, closing quotes and brackets; then a Latin run.
const FIRST_PIECE = new RegExp(`^${charClass(OPENING_MARKS)}*[^\\x21-\\x7e\\p{Script=Latin}]?${charClass([...SENTENCE_STOPS, ...CLAUSE_STOPS, ...PAUSES, ...CLOSING_MARKS])}*[\\x21-\\x7e\\p{Script=Latin}]*`, 'u');

/**
 * Marks the lines that belong to tables: lines of two or more segments, grouped with their neighbours
 * into runs, plus the one-cell lines inside or at the edge of a run that start at one of its columns
 * (not at the body margin), such as a caption row or a row whose other cells are empty.
 */
function tableLines(lines: Line[], stats: Layout): boolean[] {
  const multi = lines.map((l) => l.segments.length >= 2);
  const marked = [...multi];
  const columnsNear = (k: number) => {
    const xs: number[] = [];
    for (let j = Math.max(0, k - 6); j < Math.min(lines.length, k + 7); j++) if (multi[j]) for (const s of lines[j]!.segments) xs.push(s.x0);
    return xs;
  };
  const onColumn = (k: number) => {
    const line = lines[k]!;
    if (Math.abs(line.x0 - stats.left) <= 2) return false;
    return columnsNear(k).some((x) => Math.abs(x - line.x0) <= 1.5);
  };
  // Grow runs over one-cell lines in both directions while they sit on a column of the run.
  let changed = true;
  while (changed) {
    changed = false;
    for (let k = 0; k < lines.length; k++) {
      if (marked[k] || lines[k]!.segments.length !== 1) continue;
      const nextTo = (marked[k - 1] && near(lines[k - 1]!, lines[k]!)) || (marked[k + 1] && near(lines[k]!, lines[k + 1]!));
      if (nextTo && onColumn(k)) {
        marked[k] = true;
        changed = true;
      }
    }
  }
  return marked;
}

/** Two consecutive lines close enough to belong to one table (on one page, or across a page break). */
function near(a: Line, b: Line): boolean {
  return a.page !== b.page || a.y - b.y < 4 * Math.max(a.size, b.size);
}

/** A table run's rows: wrapped cells joined, columns on one grid, repeated header rows dropped. */
function tableRows(run: readonly Line[]): { text: string; page: number }[] {
  // The grid: every distinct segment start (within 1.5 pt) is a column.
  const starts = run.flatMap((l) => l.segments.map((s) => s.x0)).sort((a, b) => a - b);
  const columns: number[] = [];
  for (const x of starts) if (!columns.length || x - columns[columns.length - 1]! > 1.5) columns.push(x);
  const columnOf = (x: number) => {
    let c = 0;
    for (let k = 0; k < columns.length; k++) if (columns[k]! <= x + 1.5) c = k;
    return c;
  };
  const rows: Row[] = [];
  for (const line of run) {
    const prev = rows[rows.length - 1];
    const wrapped = prev && prev.page === line.page && prev.lastY - line.y < WRAPPED_CELL_PITCH * Math.max(prev.size, line.size);
    const row: Row = wrapped ? prev : { page: line.page, cells: [], lastY: line.y, size: line.size };
    for (const seg of line.segments) {
      const c = columnOf(seg.x0);
      const cell = row.cells.find((x) => columnOf(x.x0) === c);
      if (cell) cell.text = joinText(cell.text, seg.text, true);
      else row.cells.push({ x0: seg.x0, text: seg.text });
    }
    row.lastY = line.y;
    if (!wrapped) rows.push(row);
  }
  const texts = rows.map((row) => {
    const cells: string[] = [];
    for (const cell of row.cells) cells[columnOf(cell.x0)] = cell.text;
    const filled = Array.from(cells, (c) => c ?? '');
    return filled.length === 1 ? `${filled[0]} |` : filled.join(' | ');
  });
  // A table continued on a new page often starts there with its first rows (the header) again: the
  // rows at the top of a later page that repeat the table's first rows, in order, are dropped.
  const kept: { text: string; page: number }[] = [];
  // How many of the table's first rows the current page has repeated so far; -1 once it has moved on.
  let header = -1;
  rows.forEach((row, k) => {
    if (k > 0 && row.page !== rows[k - 1]!.page) header = 0;
    if (header >= 0 && header < 3 && texts[k] === texts[header]) {
      header++;
      return;
    }
    header = -1;
    kept.push({ text: texts[k]!, page: row.page });
  });
  return kept;
}
