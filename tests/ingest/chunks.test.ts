/**
 * Chunk bounds: whatever a report looks like (one endless line, a paragraph with no punctuation, a
 * line holding a `|`, a long run of headings), no chunk is longer than a body plus its headings, and
 * every piece of a split paragraph still names that paragraph.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS, chunkCeiling } from '../../src/ingest/chunks.js';
import { parseReport } from '../../src/ingest/index.js';
import type { Chunk, Report } from '../../src/types.js';
import { seedReports } from '../helpers/corpus.js';

const { maxChars } = DEFAULT_CHUNK_OPTIONS;
const parse = (text: string, id = 'r') => parseReport({ id, source: `${id}.txt`, text, checksum: '' });
/** The chunks of paragraph `n` that are pieces of it (its body, not headings joined in front). */
const piecesOf = (r: Report, n: number) => r.chunks.filter((c) => c.anchor === n);
/** A piece's own text: the chunk without headings joined in front of it. */
const bodyOf = (r: Report, c: Chunk) => r.text.slice(Math.max(c.start, r.paragraphs[c.anchor! - 1]!.start), c.end);

describe('chunks of ordinary reports', () => {
  it('keep every body within the limit, every chunk within the ceiling, and pieces in paragraph order', async () => {
    for (const r of await seedReports()) {
      for (const c of r.chunks) {
        expect(bodyOf(r, c).length).toBeLessThanOrEqual(maxChars);
        expect(c.text.length).toBeLessThanOrEqual(chunkCeiling());
      }
      // A split paragraph is read back whole from its pieces, each of which cites it.
      for (const p of r.paragraphs.filter((x) => x.text.length > maxChars && x.kind === 'paragraph')) {
        const pieces = piecesOf(r, p.n);
        expect(pieces.length).toBeGreaterThan(1);
        expect(pieces.map((c) => bodyOf(r, c)).join('')).toBe(p.text);
        for (const c of pieces) expect(c.paragraphs).toContain(p.n);
      }
      expect(new Set(r.chunks.map((c) => c.id)).size).toBe(r.chunks.length);
    }
  });
});

describe('long paragraphs', () => {
  it('split after the sentence marks of every width and form, simplified and traditional', () => {
    const sentences = ['全年主动公开政府信息1200条。', '其中通过网站公开800条｡', '受理申请36件！', '是否收费？', '均未收费﹗', '办理行政复议2件；', '公开目录、指南等等……', '資訊公開⋯⋯', '接待群眾來訪45人次︒'];
    const text = sentences.map((s) => s.repeat(3)).join('').repeat(6);
    const r = parse(text);
    const pieces = piecesOf(r, 1);
    expect(pieces.length).toBeGreaterThan(3);
    for (const c of pieces.slice(0, -1)) {
      expect(c.text.length).toBeLessThanOrEqual(maxChars);
      // Every cut falls after one of the sentences, never inside one.
      expect(sentences.some((s) => c.text.endsWith(s))).toBe(true);
    }
    expect(pieces.map((c) => c.text).join('')).toBe(text);
  });

  it('with no punctuation at all are cut hard at the limit, never inside a number or a surrogate pair', () => {
    let text = '';
    for (let i = 1; text.length < 5000; i++) text += `宁城县第${i}轮集中培训${(i * 7) % 13 + 1}场次参训人员${(i * 37) % 4000 + 1050}人次𠮷`;
    const r = parse(text);
    const pieces = piecesOf(r, 1);
    expect(pieces.length).toBeGreaterThanOrEqual(Math.ceil(text.length / maxChars));
    expect(pieces.map((c) => c.text).join('')).toBe(text);
    for (const [k, c] of pieces.entries()) {
      expect(c.text.length).toBeLessThanOrEqual(maxChars);
      expect(c.id).toBe(k ? `r#p1-${k + 1}` : 'r#p1');
      expect(c.paragraphs).toEqual([1]);
      if (k === pieces.length - 1) continue;
      expect(/\d$/.test(c.text) && /^\d/.test(pieces[k + 1]!.text)).toBe(false);
      expect(c.text.charCodeAt(c.text.length - 1)).not.toSatisfy((code: number) => code >= 0xd800 && code <= 0xdbff);
    }
  });

  it('give each piece the figures it states, not the whole paragraph\'s', () => {
    const r = parse(`${'本年度继续推进政务公开标准化规范化工作，不断完善公开目录。'.repeat(12)}全年受理政府信息公开申请386件。`);
    const pieces = piecesOf(r, 1);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.at(-1)!.facts?.map((f) => f.text)).toEqual(['386件']);
    for (const c of pieces.slice(0, -1)) expect(c.facts ?? []).toEqual([]);
  });
});

describe('units that are not what they look like', () => {
  it('a whole report on one line holding a `|` is split like prose, not kept as one table row', () => {
    const text = `首页 | 政务公开 ${'全年主动公开政府信息1200条，其中通过政府网站公开800条。'.repeat(200)}`;
    const r = parse(text);
    expect(r.paragraphs).toHaveLength(1);
    expect(r.chunks.length).toBeGreaterThan(10);
    for (const c of r.chunks) expect(c.text.length).toBeLessThanOrEqual(maxChars);
  });

  it('a table row longer than a chunk body is split like prose, each piece citing the row', () => {
    const row = `| 其他对外管理服务事项 | ${Array.from({ length: 40 }, (_, i) => `第${i + 1}类事项办理${i + 3}件`).join(' | ')} |`;
    expect(row.length).toBeGreaterThan(maxChars);
    const r = parse(`四、行政复议情况\n${row}`);
    const pieces = piecesOf(r, 2);
    expect(pieces.length).toBeGreaterThan(1);
    for (const c of r.chunks) expect(c.text.length).toBeLessThanOrEqual(chunkCeiling());
    expect(pieces.map((c) => bodyOf(r, c)).join('')).toBe(row);
  });

  it('a long run of headings (a table of contents) is cited in pieces of at most the ceiling', () => {
    const headings = Array.from({ length: 400 }, (_, i) => `${(i % 9) + 1}.第${i + 1}项工作安排`);
    const r = parse(`${headings.join('\n')}\n全年主动公开政府信息1200条。`);
    expect(r.chunks.length).toBeGreaterThan(10);
    for (const c of r.chunks) expect(c.text.length).toBeLessThanOrEqual(chunkCeiling());
    expect(r.chunks.flatMap((c) => c.paragraphs)).toEqual(r.paragraphs.map((p) => p.n));
  });
});
