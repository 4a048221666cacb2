import { describe, expect, it } from 'vitest';
import { buildConcepts } from '../../src/answer/concepts.js';
import { verifyBinding, type BoundFigure } from '../../src/answer/figures.js';
import { readFacts, storedFacts } from '../../src/ingest/facts.js';
import { normalizeText } from '../../src/text/index.js';
import { SEED_IDS, seedReport } from '../helpers/corpus.js';

const kinds = (text: string) => readFacts(normalizeText(text)).map((f) => [f.text, f.kind]);

describe('readFacts: every number with its kind', () => {
  it.each([
    ['按照德政办发〔2021〕9号文件部署，全年受理8件', [['2021', 'identifier'], ['9', 'identifier'], ['8件', 'count']]],
    ['电话：0572-8421365', [['0572-8421365', 'identifier'], ['8421365', 'identifier']]],
    ['汛期（4月15日至10月15日）累计发布183期', [['4', 'date'], ['15日', 'date'], ['10', 'date'], ['15日', 'date'], ['183期', 'count']]],
    ['总投资4,860万元，办结率99.9%，在全市排名第二', [['4860万元', 'money'], ['99.9%', 'percentage'], ['第二', 'rank']]],
    ['学习贯彻党的二十大精神，召开第三届会议', [['二十', 'identifier'], ['三', 'identifier']]],
  ])('%s', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it('carries the verb over a list and keeps each item its own words', () => {
    const [mayor, district] = storedFacts(normalizeText('全年办结市长专线906件,区长专线2231件'), 'prose');
    expect(mayor).toMatchObject({ value: 906, label: '全年办结市长专线' });
    expect(district).toMatchObject({ value: 2231, kind: 'count' });
    expect(district!.label).toContain('区长专线');
    expect(district!.label).toContain('办结');
  });

  it('names a table value by its row and column', () => {
    const facts = storedFacts(normalizeText('第二十条第(九)项 政府集中采购：采购项目数量 2；采购总金额(万元) 49.1400'), 'tableRow');
    expect(facts.map((f) => [f.text, f.label])).toEqual([
      ['2', '第二十条第(九)项 政府集中采购采购项目数量 '],
      ['49.1400万元', '第二十条第(九)项 政府集中采购采购总金额(万元) '],
    ]);
  });

  it('stores the facts with the report: paragraph and chunk', async () => {
    const r = await seedReport(SEED_IDS.chifeng);
    const p26 = r.paragraphs.find((p) => p.n === 26)!;
    expect(p26.facts?.[0]).toMatchObject({ value: 2012, kind: 'date' });
    expect(p26.facts?.[1]).toMatchObject({ value: 8, text: '8件', kind: 'count', label: '全年受理依申请公开' });
    // A 其中 item inherits the head and names its own kind of request.
    expect(p26.facts?.[3]).toMatchObject({ value: 3, label: '全年受理依申请公开,其中,现场书面申请,信函申请' });
    expect(r.chunks.find((c) => c.anchor === 26)?.facts).toEqual(p26.facts);
  });
});

describe('verifyBinding', () => {
  const concepts = buildConcepts(['区长专线', '办结'], '区长专线办结多少件');
  const facts = storedFacts(normalizeText('全年办结市长专线906件,区长专线2231件'), 'prose');
  const figure = (value: number) => ({ mention: { raw: String(value), value, index: 0 } }) as BoundFigure;

  it('accepts a figure that is a stored fact measuring what was asked', () => {
    expect(verifyBinding([figure(2231)], facts, concepts, false)).toBe(true);
  });

  it('rejects a number the passage has only as an identifier or not at all', () => {
    const withAddress = storedFacts(normalizeText('地址：县府东街18号，全年办结区长专线5件'), 'prose');
    expect(verifyBinding([figure(18)], withAddress, concepts, false)).toBe(false);
    expect(verifyBinding([figure(7)], facts, concepts, false)).toBe(false);
  });
});
