import { describe, expect, it } from 'vitest';
import { answerLead, citationMatches, factMatches, leadPolarity, matchForm, scoreAnswer, type GoldQuestion } from '../../src/eval/score.js';

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

describe('a figure counts only when it leads the answer', () => {
  it.each([
    ['8件。根据《赤峰市2012年政府信息公开工作年度报告》，全年受理依申请公开8件。[1]', '8件'],
    ['906件！其余略', '906件'],
    ['9篇，其中图解5篇？根据…', '9篇，其中图解5篇'],
    ['  55个行政村、46个社区  ', '55个行政村、46个社区'],
    ['約2萬條根據《報告》', '約2萬條'],
    ['根据《祥符区2018年政府信息公开工作年度报告》，全年办结市长专线906件。', ''],
    ['', ''],
  ])('the lead of %j is %j', (answer, lead) => {
    expect(answerLead(answer)).toBe(lead);
  });

  it.each([
    ['906件。根据《祥符区2018年政府信息公开工作年度报告》，全年办结市长专线906件。', ['906'], true],
    ['根据《祥符区2018年政府信息公开工作年度报告》，全年办结市长专线906件。', ['906'], false],
    ['全年办结市长专线906件。', ['906'], true],
    ['12件。根据《报告》，全年办结市长专线906件。', ['906'], false],
    ['12件。全年办结906件。', ['906'], false],
    ['办结率100%，根据《报告》办结906件', ['906'], false],
    ['約906件！根據', ['906'], true],
    ['7,059条？', ['7059'], true],
    // list items are text: they may be named anywhere
    ['根据《报告》，查阅点设在档案馆、图书馆。', ['档案馆'], true],
    ['有3处。查阅点设在档案馆、圖書館。', ['图书馆'], true],
  ])('%s vs %j → %s', (answer, alts, expected) => {
    expect(factMatches(answer, alts)).toBe(expected);
  });

  it('needs every numeric fact of a two-part question in the lead', () => {
    const gold: GoldQuestion = { id: 'v63', question: 'q', kind: 'fact', facts: [['9'], ['5']], source: 'a.txt', evidence: 'e' };
    const score = (answer: string) => scoreAnswer(gold, { answer, citations: [], refused: false });
    expect(score('9篇，其中图解5篇。根据《报告》…')).toMatchObject({ answered: true, missingFacts: [] });
    expect(score('9篇。根据《报告》，其中图解5篇。')).toMatchObject({ answered: false, missingFacts: [['5']] });
    expect(score('根据《报告》，发布政策解读9篇，其中图解5篇。')).toMatchObject({ answered: false, missingFacts: [['9'], ['5']] });
  });
});

describe('yes/no facts are judged by the polarity the lead opens with', () => {
  const NO = ['未', '没有', '无'];
  it.each([
    ['没有。根据《报告》，本年度未收取任何费用。', NO, true],
    ['没有。根据《报告》，本年度未收取任何费用。', ['有'], false],
    ['沒有。根據《報告》，本年度未收取費用。', ['有'], false],
    ['沒有。', ['沒有', '無'], true],
    ['无。', NO, true],
    ['未发生。', NO, true],
    ['否', NO, true],
    ['不收费。', NO, true],
    ['有，共3件。根据《报告》，本年度有3件被申请行政复议。', ['有'], true],
    ['有，共3件。根据《报告》，本年度有3件被申请行政复议。', NO, false],
    ['是。', ['是'], true],
    ['是。', ['不是'], false],
    // no yes/no word at the head of the lead: the answer did not say
    ['根据《报告》，本年度我局没有收到申请。', NO, false],
    ['本年度我局未收到申请。', NO, false],
    ['3件。根据《报告》，没有被纠正的。', NO, false],
  ])('%s vs %j → %s', (answer, alts, expected) => {
    expect(factMatches(answer, alts)).toBe(expected);
  });

  it('reads the lead polarity after trimming and t→s conversion', () => {
    expect(leadPolarity('  沒有')).toBe('negative');
    expect(leadPolarity('無')).toBe('negative');
    expect(leadPolarity('有3件')).toBe('positive');
    expect(leadPolarity('')).toBeNull();
    expect(leadPolarity('3件')).toBeNull();
  });

  it('treats a fact mixing numbers and polarity words by the ordinary rules', () => {
    expect(factMatches('0件。', ['0', '没有'])).toBe(true);
    expect(factMatches('根据《报告》，没有发生。', ['0', '没有'])).toBe(true);
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
