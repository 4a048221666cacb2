import { describe, expect, it } from 'vitest';
import { buildCitations, citedNumbers, pruneUnused, renumber, stripMarkers } from '../../src/answer/citations.js';
import { chifengHits, seedHit } from './fixtures.js';

describe('buildCitations', () => {
  it('numbers hits 1..n and names report, section and paragraph with a verbatim quote', () => {
    const [first, second] = buildCitations(chifengHits());
    expect(first).toEqual({
      n: 1,
      reportId: '004_4dd6e611894a30a9',
      source: 'corpus/004_4dd6e611894a30a9.txt',
      title: '赤峰市2012年政府信息公开工作年度报告',
      region: '赤峰市',
      year: 2012,
      section: '三、依申请公开办理情况',
      paragraph: 26,
      quote: expect.stringContaining('全年受理依申请公开8件,其中,现场书面申请2件'),
      url: '/reports/004_4dd6e611894a30a9#p26',
    });
    expect(second).toMatchObject({ n: 2, section: '二、主动公开政府信息情况 > (一)公开数量和内容', paragraph: 17 });
  });

  it('keeps the original script in the quote', () => {
    const [c] = buildCitations([seedHit('000_276f938339276f32', '近2萬條', ['二、公開政府信息情況'])]);
    expect(c!.quote).toContain('主動公開政府信息近2萬條');
  });

  it('cites a chunk retrieved twice only once', () => {
    const hits = chifengHits();
    const citations = buildCitations([hits[0]!, hits[1]!, hits[0]!]);
    expect(citations.map((c) => c.n)).toEqual([1, 2]);
  });
});

describe('markers', () => {
  it('reads [n], [a,b], full-width and repeated markers in order of first mention', () => {
    expect(citedNumbers('甲[2]乙[1，3]丙［2］丁[2、4]')).toEqual([2, 1, 3, 4]);
  });

  it('leaves bracketed years alone', () => {
    expect(citedNumbers('赤政发[2012]15号')).toEqual([]);
    expect(stripMarkers('受理8件[1]，见[2012]')).toBe('受理8件，见[2012]');
  });
});

describe('pruneUnused', () => {
  const citations = buildCitations([...chifengHits(), seedHit('001_34b39583e03ccc2d', '49.1400', ['二、主动公开政府信息情况'])]);

  it('keeps only referenced citations, renumbered by first mention, and rewrites the markers to match', () => {
    const { text, citations: kept } = pruneUnused('采购金额49.1400万元[3]。全年受理8件[1][3]。', citations);
    expect(text).toBe('采购金额49.1400万元[1]。全年受理8件[2][1]。');
    expect(kept.map((c) => [c.n, c.paragraph])).toEqual([
      [1, 25],
      [2, 26],
    ]);
  });

  it('splits multi-number markers and drops numbers that point nowhere', () => {
    const { text, citations: kept } = pruneUnused('受理8件[2,9]。另见[9]。', citations);
    expect(text).toBe('受理8件[1]。另见。');
    expect(kept).toHaveLength(1);
    expect(kept[0]!.paragraph).toBe(17);
  });

  it('returns no citations for an answer that cites nothing', () => {
    expect(pruneUnused('根据现有报告无法回答', citations)).toEqual({ text: '根据现有报告无法回答', citations: [] });
  });
});

describe('renumber', () => {
  it('numbers citations 1..n in their order', () => {
    const citations = buildCitations(chifengHits());
    expect(renumber([citations[1]!, citations[0]!]).map((c) => [c.n, c.paragraph])).toEqual([
      [1, 17],
      [2, 26],
    ]);
  });
});
