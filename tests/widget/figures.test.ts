import { describe, expect, it } from 'vitest';
import { answerFigures, citedFigure, findFigure, splitOnFigure } from '../../src/widget/figures.js';

/** What the real extractive answerer says for 赤峰2012年依申请公开多少件, and the paragraph it cites. */
const EXTRACTIVE = '8件。根据《赤峰市人民政府2012年政府信息公开工作年度报告》，全年受理依申请公开8件,其中,现场书面申请2件,信函申请3件,其他形式申请3件。[1]';
const P26 = '2012年,我市进一步健全政府信息公开申请受理机制。全年受理依申请公开8件,其中,现场书面申请2件,信函申请3件,其他形式申请3件。';

describe('the figure that answered the question', () => {
  it('is the lead of an extractive answer, found in the cited paragraph', () => {
    expect(answerFigures(EXTRACTIVE, 1)[0]).toBe('8件');
    expect(citedFigure(EXTRACTIVE, 1, P26)).toBe('8件');
  });

  it('is the figure right before the marker in an LLM-style answer (years skipped)', () => {
    const answer = '根据赤峰市2012年政府信息公开工作年度报告，全年受理依申请公开8件[1]，同年全市主动公开政府信息12万条[2]。';
    expect(citedFigure(answer, 1, '全年受理依申请公开8件，其中网上申请3件。')).toBe('8件');
    expect(citedFigure(answer, 2, '2012年，全市共主动公开政府信息12万条，其中盟市本级公开信息7059条。')).toBe('12万条');
  });

  it('matches a simplified answer in a traditional quote and returns it as the quote writes it', () => {
    const answer = '近2万条。根据《株洲市芦淞区人民政府2013年政府信息公开年度报告》，主动公开政府信息近2万条。[1]';
    expect(citedFigure(answer, 1, '2013年度我區通過電台、報紙等載體,主動公開政府信息近2萬條,政府入口網站訪問量為180萬次。')).toBe('2萬條');
  });

  it('finds a bare number in a table row, and in its context when the row lacks it', () => {
    const answer = '2。根据《…》，第二十条第(九)项 政府集中采购：采购项目数量 2；采购总金额(万元) 49.1400。[1]';
    expect(citedFigure(answer, 1, '信息内容 | 采购项目数量 | 采购总金额(万元) | ||\n政府集中采购 | 2 | 49.1400 |')).toBe('2');
    expect(citedFigure(answer, 1, '政府集中采购 | | |', '政府集中采购：采购项目数量 2；')).toBe('2');
  });

  it('is null when the quote does not contain it (nothing wrong is marked)', () => {
    expect(citedFigure(EXTRACTIVE, 1, '全年受理依申请公开18件。')).toBeNull();
    expect(citedFigure('年报库中没有北京市的报告。', 1, P26)).toBeNull();
  });
});

describe('findFigure', () => {
  it('matches whole numbers only: not inside 18件, 2.5, 1,200 or 2012', () => {
    expect(findFigure('全年18件，另8件。', '8件')).toEqual([{ start: 7, end: 9 }]);
    expect(findFigure('占2.5%，共2项', '2')).toEqual([{ start: 7, end: 8 }]);
    expect(findFigure('1,200人', '200人')).toEqual([]);
    expect(findFigure('2012年', '2')).toEqual([]);
    expect(findFigure('申请,2件', '2件')).toEqual([{ start: 3, end: 5 }]);
  });

  it('folds full-width digits', () => {
    expect(findFigure('共８件', '8件')).toEqual([{ start: 1, end: 3 }]);
  });
});

describe('splitOnFigure', () => {
  it('cuts the text into runs, marking every occurrence, and keeps the text intact', () => {
    const runs = splitOnFigure('受理8件，办结8件。', '8件');
    expect(runs).toEqual([
      { text: '受理', hit: false }, { text: '8件', hit: true }, { text: '，办结', hit: false }, { text: '8件', hit: true }, { text: '。', hit: false },
    ]);
    expect(runs.map((r) => r.text).join('')).toBe('受理8件，办结8件。');
    expect(splitOnFigure('无', null)).toEqual([{ text: '无', hit: false }]);
  });
});
