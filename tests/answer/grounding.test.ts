import { describe, expect, it } from 'vitest';
import { buildCitations } from '../../src/answer/citations.js';
import { repairAnswer, sentenceEnd, splitSentences, verifyAnswer, verifySentence } from '../../src/answer/grounding.js';
import type { Citation } from '../../src/types.js';
import { chifengHits, seedHit } from './fixtures.js';

/** [1] 赤峰 `全年受理依申请公开8件…`, [2] 赤峰 `…7059条…`, [3] 芦淞 `近2萬條`, [4] 绥芬河 `49.1400`. */
const citations: Citation[] = buildCitations([
  ...chifengHits(),
  seedHit('000_276f938339276f32', '近2萬條', ['二、公開政府信息情況']),
  seedHit('001_34b39583e03ccc2d', '49.1400', ['二、主动公开政府信息情况']),
]);

/** A citation whose passage holds `2008` and `18` but not `8`, to show values are compared, not substrings. */
const lookalike: Citation = { ...citations[0]!, quote: '2008年共受理申请18件。', title: '某区政府信息公开年度报告', year: null };

describe('verifyAnswer', () => {
  it.each([
    ['the number as written in the passage', '全年受理依申请公开8件[1]。'],
    ['a Chinese numeral for a digit', '全年受理依申请公开八件[1]。'],
    ['thousands separators', '盟市本级公开信息7,059条[2]。'],
    ['full-width digits and brackets', '全年受理依申请公开８件［１］。'],
    ['万 against 萬 (2万 ≈ 近2萬條)', '主动公开政府信息近2万条[3]。'],
    ['万 against a plain value', '主动公开政府信息20000条[3]。'],
    ['trailing zeros (49.14 ≈ 49.1400)', '政府集中采购总金额49.14万元[4]。'],
    ['the year from the cited report title', '《绥芬河市2019年政府信息公开工作年度报告》显示，政府集中采购2项[4]。'],
    ['list enumerators and markers, which are not claims', '1. 受理8件[1]\n2. 信函申请3件[1]'],
    ['several markers in one bracket', '全年受理8件，盟市本级公开7059条[1,2]。'],
  ])('accepts %s', (_label, answer) => {
    expect(verifyAnswer(answer, citations)).toEqual({ grounded: true, ungroundedNumbers: [], badMarkers: [] });
  });

  it.each([
    ['an invented count (9 where the passage says 8)', '全年受理依申请公开9件[1]。', ['9']],
    ['a rounded amount (49.1 is not 49.14)', '政府集中采购总金额49.1万元[4]。', ['49.1万']],
    ['a year the cited report does not state', '《绥芬河市2019年政府信息公开工作年度报告》显示，2018年采购2项[4]。', ['2018']],
    ['a number stated only in a passage the answer does not cite', '盟市本级公开信息7059条[1]。', ['7059']],
    ['numbers with no citation at all', '全年受理依申请公开8件。', ['8']],
  ])('rejects %s', (_label, answer, ungrounded) => {
    const report = verifyAnswer(answer, citations);
    expect(report.grounded).toBe(false);
    expect(report.ungroundedNumbers).toEqual(ungrounded);
  });

  it('does not support 8 with 18 or 2008', () => {
    expect(verifyAnswer('共受理8件[1]。', [lookalike]).ungroundedNumbers).toEqual(['8']);
    expect(verifyAnswer('共受理18件[1]。', [lookalike]).grounded).toBe(true);
  });

  it('reports markers that point at no returned citation', () => {
    const report = verifyAnswer('全年受理依申请公开8件[1]。另见[9]。', citations.slice(0, 3));
    expect(report).toEqual({ grounded: false, ungroundedNumbers: [], badMarkers: [9] });
    expect(verifyAnswer('见[0]。', citations).badMarkers).toEqual([0]);
  });

  it('treats an answer with no numbers and no markers as grounded (a refusal)', () => {
    expect(verifyAnswer('根据现有报告无法回答', citations).grounded).toBe(true);
  });
});

describe('verifySentence', () => {
  it('lets a sentence lean on any returned citation, since its marker may come later', () => {
    expect(verifySentence('全年受理依申请公开8件，', citations).grounded).toBe(true);
    expect(verifySentence('全年受理依申请公开9件，', citations).ungroundedNumbers).toEqual(['9']);
    expect(verifySentence('详见[7]。', citations).badMarkers).toEqual([7]);
  });
});

describe('repairAnswer', () => {
  it('drops the sentence with the invented number and keeps the rest', () => {
    expect(repairAnswer('全年受理依申请公开8件[1]。其中信函申请9件[1]。', citations)).toBe('全年受理依申请公开8件[1]。');
  });

  it('drops a sentence whose marker points nowhere', () => {
    expect(repairAnswer('全年受理依申请公开8件[1]。另有说明[9]。', citations)).toBe('全年受理依申请公开8件[1]。');
  });

  it('returns null when nothing grounded remains', () => {
    expect(repairAnswer('全年受理依申请公开9件[1]。', citations)).toBeNull();
    expect(repairAnswer('全年受理依申请公开8件。', citations)).toBeNull();
  });

  it('re-checks after dropping: the only marker may have gone with the bad sentence', () => {
    expect(repairAnswer('全年受理依申请公开8件。其中信函申请9件[1]。', citations)).toBeNull();
  });
});

describe('sentences', () => {
  it('keeps markers after the terminator with their sentence', () => {
    expect(splitSentences('受理8件。[1]其中书面2件[1]；信函3件')).toEqual(['受理8件。[1]', '其中书面2件[1]；', '信函3件']);
  });

  it('waits while a marker may still follow (streaming)', () => {
    for (const partial of ['受理8件', '受理8件。', '受理8件。[', '受理8件。[1', '受理8件。[1]', '受理8件。[1,']) {
      expect(sentenceEnd(partial), partial).toBe(-1);
    }
    expect(sentenceEnd('受理8件。[1]其')).toBe('受理8件。[1]'.length);
    expect(sentenceEnd('受理8件[1]。其')).toBe('受理8件[1]。'.length);
    expect(sentenceEnd('受理8件。[1]', 0, true)).toBe('受理8件。[1]'.length);
  });

  it('does not end a sentence at a decimal point', () => {
    expect(splitSentences('总金额49.14万元[4]。')).toEqual(['总金额49.14万元[4]。']);
  });
});
