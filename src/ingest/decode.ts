/**
 * Turns file bytes into text. Chinese government files come as UTF-8 (with or without BOM), UTF-16
 * with BOM, or GB18030/GBK. BOMs decide first; then strict UTF-8; then jschardet's guess decoded with
 * iconv-lite (GBK-family guesses are decoded as GB18030, its superset). Empty, binary and undecodable
 * input is reported as a NianbaoError so the caller can skip the file with a warning.
 */
import iconv from 'iconv-lite';
import jschardet from 'jschardet';
import { NianbaoError } from '../errors.js';

export interface DecodedText {
  text: string;
  encoding: string;
}

/** Encodings jschardet may name that we accept for Chinese text, mapped to the iconv-lite decoder. */
const CHARDET_TO_ICONV: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  gb18030: 'gb18030',
  big5: 'big5',
  'utf-8': 'utf8',
  ascii: 'utf8',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
};

/**
 * Decodes `bytes`, naming `name` in errors. Throws FILE_EMPTY, FILE_BINARY or FILE_UNDECODABLE.
 */
export function decodeBytes(bytes: Uint8Array, name: string): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) throw new NianbaoError('FILE_EMPTY', name);

  const bom = decodeWithBom(buf);
  if (bom) return checkText(bom, name);

  // NUL bytes never occur in UTF-8/GBK text; without a UTF-16 BOM they mean binary data.
  if (buf.includes(0)) throw new NianbaoError('FILE_BINARY', `${name}: contains NUL bytes`);

  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return checkText({ text, encoding: 'utf-8' }, name);
  } catch (e) {
    if (e instanceof NianbaoError) throw e;
  }

  const guess = jschardet.detect(buf.subarray(0, 64 * 1024));
  const decoder = CHARDET_TO_ICONV[(guess.encoding ?? '').toLowerCase()] ?? 'gb18030';
  const text = iconv.decode(buf, decoder);
  return checkText({ text, encoding: decoder }, name);
}

function decodeWithBom(buf: Buffer): DecodedText | null {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf16le'), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf16be'), encoding: 'utf-16be' };
  return null;
}

/**
 * Rejects decodings that are not plausible text: many replacement characters or control characters
 * mean the guess was wrong or the file is not text at all.
 */
function checkText(decoded: DecodedText, name: string): DecodedText {
  const { text } = decoded;
  if (text.trim().length === 0) throw new NianbaoError('FILE_EMPTY', `${name}: only whitespace`);
  let bad = 0;
  let control = 0;
  for (const ch of text) {
    if (ch === '\ufffd') bad++;
    else {
      const c = ch.charCodeAt(0);
      if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
    }
  }
  const len = text.length;
  if (control / len > 0.01) throw new NianbaoError('FILE_BINARY', `${name}: ${control} control characters`);
  if (bad / len > 0.005) throw new NianbaoError('FILE_UNDECODABLE', `${name}: ${bad} undecodable characters as ${decoded.encoding}`);
  return { text: text.replace(/\r\n?/g, '\n'), encoding: decoded.encoding };
}
