/**
 * Word documents → text lines. DOCX goes through mammoth, which turns the document's structure (heading
 * styles, paragraphs, tables) into HTML, and then through the same HTML reader web pages use, so a
 * table row comes out as `a | b | c` whatever the format. DOC (Word 97–2003) goes through
 * word-extractor, which gives the text with one paragraph per line and table cells ended by tabs;
 * those rows are written `a | b | c` too.
 */
import { NianbaoError } from '../errors.js';
import { htmlToText } from './html.js';

export interface WordText {
  text: string;
  /** The document title (DOCX core properties, DOC summary), a hint for metadata detection. */
  htmlTitle: string | null;
  warnings: string[];
}

/** Reads a DOCX file. Throws FILE_UNREADABLE when it is not a DOCX (a ZIP with a Word document in it). */
export async function readDocx(bytes: Uint8Array, name: string): Promise<WordText> {
  const { default: mammoth } = await import('mammoth');
  let html: string;
  const warnings: string[] = [];
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    html = result.value;
    // mammoth reports unknown styles and the like; only errors are worth a warning on the report.
    for (const m of result.messages) if (m.type === 'error') warnings.push(`DOCX: ${m.message}`);
  } catch (e) {
    throw new NianbaoError('FILE_UNREADABLE', `${name}: DOCX 无法解析 (not a readable DOCX): ${(e as Error).message}`);
  }
  const { text } = htmlToText(`<html><body>${html}</body></html>`);
  if (!text.trim()) throw new NianbaoError('FILE_EMPTY', `${name}: no text in the DOCX`);
  return { text, htmlTitle: null, warnings };
}

/** Reads a Word 97–2003 DOC file. Throws FILE_UNREADABLE when it is not one. */
export async function readDoc(bytes: Uint8Array, name: string): Promise<WordText> {
  const { default: WordExtractor } = await import('word-extractor');
  let body: string;
  try {
    const doc = await new WordExtractor().extract(Buffer.from(bytes));
    // filterUnicode would turn “” into "" and 、-like marks into ASCII; the report's own characters are kept.
    body = (doc.getBody as (options?: { filterUnicode?: boolean }) => string).call(doc, { filterUnicode: false });
  } catch (e) {
    throw new NianbaoError('FILE_UNREADABLE', `${name}: DOC 无法解析 (not a readable Word 97–2003 document): ${(e as Error).message}`);
  }
  const lines = body.split(/\r\n?|\n/).flatMap((line) => {
    if (!line.includes('\t')) return [line];
    // Every cell of a row ends with a cell mark (a tab here), so text after the last tab is the paragraph
    // that follows the table, run on when word-extractor missed the row's end.
    const cut = line.lastIndexOf('\t');
    const after = line.slice(cut + 1).trim();
    const cells = line.slice(0, cut).split('\t').map((c) => c.trim());
    while (cells.length && !cells[cells.length - 1]) cells.pop();
    const row = !cells.length ? [] : [cells.length === 1 ? `${cells[0]} |` : cells.join(' | ')];
    return after ? [...row, after] : row;
  });
  const text = lines.join('\n');
  if (!text.trim()) throw new NianbaoError('FILE_EMPTY', `${name}: no text in the DOC`);
  return { text, htmlTitle: null, warnings: [] };
}
