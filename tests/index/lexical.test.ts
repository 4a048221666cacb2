import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLexicalIndex, loadLexicalIndex } from '../../src/index/lexical.js';
import { makeReport } from './helpers.js';

/** Real paragraphs from the seed reports (Chifeng 2012, simplified; Lusong 2013, traditional). */
function seedLine(file: string, containing: string): string {
  const lines = fs.readFileSync(path.resolve('corpus', file), 'utf8').split('\n');
  const line = lines.find((l) => l.includes(containing));
  if (!line) throw new Error(`no line with ${containing} in ${file}`);
  return line.trim();
}

const chifeng = makeReport({
  id: '004_4dd6e611894a30a9',
  paragraphs: [
    ['二、主动公开政府信息情况', seedLine('004_4dd6e611894a30a9.txt', '7059')],
    ['三、依申请公开办理情况', seedLine('004_4dd6e611894a30a9.txt', '全年受理依申请公开')],
    ['五、存在的问题及改进措施', seedLine('004_4dd6e611894a30a9.txt', '三是进一步规范依申请公开')],
  ],
});
const lusong = makeReport({
  id: '000_276f938339276f32',
  paragraphs: [['二、主動公開情況', seedLine('000_276f938339276f32.txt', '堅持主動公開')]],
});
const chunks = [...chifeng.chunks, ...lusong.chunks];
const index = createLexicalIndex(chunks);

describe('LexicalIndex', () => {
  it('finds the right chunk for a Chinese question', () => {
    expect(index.size).toBe(4);
    expect(index.search('赤峰2012年受理依申请公开多少件', 3)[0]!.id).toBe('004_4dd6e611894a30a9#p2');
    expect(index.search('盟市本级主动公开信息多少条', 3)[0]!.id).toBe('004_4dd6e611894a30a9#p1');
  });

  it('matches numbers as whole tokens', () => {
    const hits = index.search('7059', 5);
    expect(hits.map((h) => h.id)).toEqual(['004_4dd6e611894a30a9#p1']);
    expect(index.search('24215条', 5)[0]!.id).toBe('004_4dd6e611894a30a9#p1');
  });

  it('searches traditional-script reports through their simplified norm, with traditional queries too', () => {
    expect(index.search('自主公开和申请公开相结合', 2)[0]!.id).toBe('000_276f938339276f32#p1');
    expect(index.search('自主公開和申請公開相結合', 2)[0]!.id).toBe('000_276f938339276f32#p1');
  });

  it('OR-combines terms given by query understanding, tokenizing multi-word terms', () => {
    const hits = index.search(['依申请公开', '现场书面申请'], 10);
    expect(hits[0]!.id).toBe('004_4dd6e611894a30a9#p2');
    // OR: a chunk matching only some of the terms is still a candidate.
    expect(hits.length).toBeGreaterThan(1);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it('does no prefix or fuzzy matching', () => {
    expect(index.search('7', 5).map((h) => h.id)).not.toContain('004_4dd6e611894a30a9#p1');
    expect(index.search('705', 5)).toEqual([]);
    expect(index.search('7058', 5)).toEqual([]);
  });

  it('respects k and the id filter, and returns nothing for an empty query', () => {
    expect(index.search('公开', 2)).toHaveLength(2);
    const onlyLusong = index.search('公开', 10, (id) => id.startsWith('000_'));
    expect(onlyLusong.map((h) => h.id)).toEqual(['000_276f938339276f32#p1']);
    expect(index.search('  ，。', 5)).toEqual([]);
    expect(index.search([], 5)).toEqual([]);
  });

  it('round-trips through JSON with identical results', () => {
    const loaded = loadLexicalIndex(JSON.parse(JSON.stringify(index)));
    expect(loaded.size).toBe(index.size);
    for (const q of ['依申请公开', '7059', '主動公開', '政府信息公开领导小组']) expect(loaded.search(q, 5)).toEqual(index.search(q, 5));
  });

  it('rejects data that is not a saved lexical index', () => {
    expect(() => loadLexicalIndex({ formatVersion: 2, engine: {} })).toThrow('formatVersion');
    expect(() => loadLexicalIndex({ formatVersion: 1, engine: { documentCount: 1 } })).toThrow('lexical index');
    expect(() => loadLexicalIndex('garbage')).toThrow('lexical index');
  });

  it('refuses duplicate chunk ids', () => {
    expect(() => createLexicalIndex([chunks[0]!, chunks[0]!])).toThrow();
  });
});
