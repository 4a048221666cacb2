import { describe, expect, it } from 'vitest';
import { citationMatches, factMatches, matchForm, scoreAnswer, type GoldQuestion } from '../../src/eval/score.js';

describe('fact matching (README rules)', () => {
  it.each([
    ['8件', ['8'], true],
    ['共 8 件', ['8'], true],
    ['８件', ['8'], true],
    ['7,059条', ['7059'], true],
    ['2008年', ['8'], false],
    ['18件', ['8'], false],
    ['近2萬條', ['2万'], true],
    ['近2万条', ['2萬'], true],
    ['没有发生', ['0', '没有', '未', '无'], true],
    ['未發生行政複議', ['未'], true],
    ['0件', ['0', '没有'], true],
    ['有1件', ['0', '没有'], false],
    ['49.14万元', ['49.14'], true],
  ])('%s vs %j → %s', (answer, alts, expected) => {
    expect(factMatches(answer, alts)).toBe(expected);
  });
});

describe('citation matching', () => {
  const quote = '社區(qū)政府信息公開 政策法規(guī)類信息65條，占2.43%';
  it('compares after t→s conversion, dropping whitespace, punctuation and pinyin glosses', () => {
    expect(matchForm(quote)).toContain('政策法规类信息65条');
    expect(citationMatches({ source: 'corpus/003_efdb0ef03866e842.txt', quote }, '003_efdb0ef03866e842.txt', '政策法規(guī)類信息65條')).toBe(true);
    expect(citationMatches({ source: 'corpus/003_efdb0ef03866e842.txt', quote }, '003_efdb0ef03866e842.txt', '政策法规类信息66条')).toBe(false);
  });
  it('requires the gold source file', () => {
    expect(citationMatches({ source: 'corpus/004_x.txt', quote: '全年受理依申请公开8件' }, '000_y.txt', '全年受理依申请公开8件')).toBe(false);
  });
  it('matches table rows whatever the cell separators', () => {
    expect(citationMatches({ source: 'corpus/a.txt', quote: '其他对外管理服务事项 | 2 | 0 | 40 | |' }, 'a.txt', '其他对外管理服务事项 | 2 | 0 | 40')).toBe(true);
  });
});

describe('scoreAnswer', () => {
  const gold: GoldQuestion = { id: 'd06', question: 'q', kind: 'fact', facts: [['55'], ['46']], source: '000.txt', evidence: '全區55個行政村、46個社區' };
  it('needs every fact and a matching citation', () => {
    const cite = [{ source: 'corpus/000.txt', quote: '同時,全區55個行政村、46個社區也全部實現村(居)務公開。' }];
    expect(scoreAnswer(gold, { answer: '55个行政村、46个社区[1]', citations: cite, refused: false })).toMatchObject({ answered: true, cited: true, both: true });
    expect(scoreAnswer(gold, { answer: '55个行政村[1]', citations: cite, refused: false })).toMatchObject({ answered: false, missingFacts: [['46']] });
    expect(scoreAnswer(gold, { answer: '55个行政村、46个社区', citations: [], refused: false })).toMatchObject({ answered: true, cited: false, both: false });
  });
  it('a refusal answers a none question and fails a fact question', () => {
    expect(scoreAnswer({ id: 'n', question: 'q', kind: 'none', facts: [] }, { answer: '语料库中没有…', citations: [], refused: true }).both).toBe(true);
    expect(scoreAnswer({ id: 'n', question: 'q', kind: 'none', facts: [] }, { answer: '8件', citations: [], refused: false }).both).toBe(false);
    expect(scoreAnswer(gold, { answer: '语料库中没有 55 46', citations: [], refused: true }).answered).toBe(false);
  });
  it('has no verdict without gold fields', () => {
    expect(scoreAnswer({ id: 'x', question: 'q' }, { answer: 'a', citations: [], refused: false }).both).toBeNull();
  });
});
