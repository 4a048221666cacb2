import { describe, expect, it } from 'vitest';
import { createCatalog, describeNotice, matchReports, regionAliasesOf, regionsFor, splitRegionLevels } from '../../src/retrieve/catalog.js';
import type { MissingReportNotice, ParsedQuery, ReportSummary, Script } from '../../src/types.js';
import { SEEDS, summary } from './seed-catalog.js';


const query = (region: string | null, body: string | null, year: number | null): ParsedQuery => ({
  raw: '', norm: '', script: 'simplified', region, body, year, terms: [],
});
const notice = (region: string | null, body: string | null, year: number | null, availableYears: number[]): MissingReportNotice => ({
  code: 'NO_SUCH_REPORT', region, body, year, availableYears,
});

describe('splitRegionLevels', () => {
  it.each([
    ['株洲市芦淞区', ['株洲市', '芦淞区']],
    ['赤峰市', ['赤峰市']],
    ['杭州市西湖区', ['杭州市', '西湖区']],
    ['景德镇市', ['景德镇市']],
    ['内蒙古自治区赤峰市', ['内蒙古自治区', '赤峰市']],
    ['上海市浦东新区', ['上海市', '浦东新区']],
    ['三明市沙县', ['三明市', '沙县']],
    ['恩施土家族苗族自治州', ['恩施土家族苗族自治州']],
  ])('%s → %o', (name, levels) => {
    expect(splitRegionLevels(name).map((l) => l.name)).toEqual(levels);
  });
});

describe('regionAliasesOf', () => {
  it('derives short names and parent-qualified names', () => {
    expect(regionAliasesOf('株洲市芦淞区').sort()).toEqual(['株洲市芦淞', '株洲市芦淞区', '株洲芦淞', '株洲芦淞区', '芦淞', '芦淞区'].sort());
  });
  it('drops ethnic qualifiers of autonomous areas', () => {
    expect(regionAliasesOf('恩施土家族苗族自治州')).toEqual(expect.arrayContaining(['恩施州', '恩施']));
    expect(regionAliasesOf('新疆维吾尔自治区')).toContain('新疆');
  });
  it('never makes a one-character or generic core an alias', () => {
    expect(regionAliasesOf('三明市沙县')).not.toContain('沙');
    expect(regionAliasesOf('某市高新区')).not.toContain('高新');
  });
});

describe('createCatalog', () => {
  const catalog = createCatalog(SEEDS);
  it.each([
    ['赤峰', ['内蒙古自治区赤峰市']],
    ['芦淞', ['湖南省株洲市芦淞区']],
    ['蘆淞區', ['湖南省株洲市芦淞区']],
    ['祥符', ['河南省开封市祥符区']],
    ['开封县', ['河南省开封市祥符区']],
    ['湖南株洲芦淞区', ['湖南省株洲市芦淞区']],
    ['北京市', []],
    // A parent alone names no report of its children.
    ['湖南省', []],
  ])('regionsFor(%s) → %o', (alias, regions) => {
    expect(regionsFor(catalog, alias)).toEqual(regions);
  });
  it('names regions by their own level in messages', () => {
    expect(catalog.regionLabels.get('内蒙古自治区赤峰市')).toBe('赤峰市');
  });
  it('maps body abbreviations to the corpus spelling', () => {
    expect(catalog.bodyAliases.get('住建局')?.body).toBe('住房和城乡建设局');
    expect(catalog.bodyAliases.get('卫健委')?.body).toBe('卫生健康委员会');
    expect(catalog.bodyAliases.get('住建局')?.standalone).toBe(true);
    expect(catalog.bodyAliases.get('政府')?.standalone).toBe(false);
    expect(catalog.corpusBodies.has('住房和城乡建设局')).toBe(true);
  });
  it('keeps ambiguous aliases pointing at every region', () => {
    const c = createCatalog([summary('a', '北京市朝阳区', null, 2019), summary('b', '长春市朝阳区', null, 2019)]);
    expect([...regionsFor(c, '朝阳区')].sort()).toEqual(['北京市朝阳区', '长春市朝阳区']);
    expect(matchReports(query('朝阳区', null, 2019), c).reportIds?.sort()).toEqual(['a', 'b']);
  });
});

describe('matchReports', () => {
  const catalog = createCatalog([...SEEDS, summary('005', '绥芬河市', '人民政府', 2019), summary('006', '某区', null, null)]);
  it('a place named with a year and no body stands for its government when the corpus has its report', () => {
    expect(matchReports(query('绥芬河市', null, 2019), catalog).reportIds).toEqual(['005']);
    expect(matchReports(query('绥芬河市', '住房和城乡建设局', 2019), catalog).reportIds).toEqual(['001']);
  });
  it.each<[string, ParsedQuery, string[] | null, MissingReportNotice | undefined]>([
    ['nothing named: no constraint', query(null, null, null), null, undefined],
    ['region only: every report of the region', query('绥芬河市', null, null), ['001', '005'], undefined],
    ['region and year', query('赤峰市', null, 2012), ['004'], undefined],
    ['alias region', query('赤峰', null, 2012), ['004'], undefined],
    ['region, body and year', query('绥芬河市', '住房和城乡建设局', 2019), ['001'], undefined],
    ['unknown body counts as the government', query('赤峰市', '人民政府', 2012), ['004'], undefined],
    ['year the unit lacks', query('绥芬河市', '住房和城乡建设局', 2020), [], notice('绥芬河市', '住房和城乡建设局', 2020, [2019])],
    ['year the region lacks', query('赤峰市', null, 2013), [], notice('赤峰市', null, 2013, [2012])],
    ['region the corpus lacks', query('北京市', null, 2019), [], notice('北京市', null, 2019, [])],
    ['body the region lacks', query('赤峰市', '公安局', 2012), [], { ...notice('赤峰市', '公安局', 2012, []), nearest: ['赤峰市2012年'] }],
    ['body only', query(null, '住房和城乡建设局', null), ['001'], undefined],
    // A report of a place inside the one asked about never answers for it; the refusal names it as near.
    ['province above the report', { ...query('湖南省', null, 2013), regionPath: ['湖南省'] }, [], { ...notice('湖南省', null, 2013, []), nearest: ['芦淞区2013年'] }],
    ['district below no report', { ...query('海淀区', null, 2019), regionPath: ['北京市', '海淀区'] }, [], notice('海淀区', null, 2019, [])],
    ['year only', query(null, null, 2018), ['002'], undefined],
    ['year only, absent', query(null, null, 2020), [], notice(null, null, 2020, [2012, 2013, 2018, 2019])],
    ['a masked year cannot be ruled out for a named unit', query('某区', null, 2008), ['006'], undefined],
  ])('%s', (_name, parsed, reportIds, expected) => {
    const match = matchReports(parsed, catalog);
    expect(match.reportIds).toEqual(reportIds);
    expect(match.notice).toEqual(expected);
  });

  it('a report of unknown year answers a dated question only when its text states the year', () => {
    const stated = matchReports(query('某区', null, 2008), catalog, (id, year) => id === '006' && year === 2008);
    expect(stated.reportIds).toEqual(['006']);
    const silent = matchReports(query('某区', null, 2009), catalog, () => false);
    expect(silent.reportIds).toEqual([]);
    expect(silent.notice).toEqual({ ...notice('某区', null, 2009, []), nearest: ['某区'] });
  });
});

describe('describeNotice', () => {
  it.each<[MissingReportNotice, Script, string]>([
    [notice('绥芬河市', '住房和城乡建设局', 2020, [2019]), 'simplified', '语料库中没有绥芬河市住房和城乡建设局2020年的报告；现有该单位的报告：2019年。'],
    [notice('北京市', null, 2019, []), 'simplified', '语料库中没有北京市2019年的报告。'],
    [{ ...notice('湖南省', null, 2013, []), nearest: ['芦淞区2013年'] }, 'simplified', '语料库中没有湖南省2013年的报告；相近的有：芦淞区2013年。'],
    [notice('北京市', null, null, []), 'simplified', '语料库中没有北京市的报告。'],
    [notice('赤峰市', null, 2013, [2011, 2012]), 'simplified', '语料库中没有赤峰市2013年的报告；现有该地区的报告：2011年、2012年。'],
    [notice(null, null, 2020, [2012, 2019]), 'simplified', '语料库中没有2020年的报告；现有报告的年份：2012年、2019年。'],
    [notice('株洲市芦淞区', null, 2014, [2013]), 'traditional', '語料庫中沒有株洲市蘆淞區2014年的報告；現有該地區的報告：2013年。'],
    [notice('北京市', null, null, []), 'traditional', '語料庫中沒有北京市的報告。'],
  ])('%o (%s)', (n, script, text) => {
    expect(describeNotice(n, script)).toBe(text);
  });
});
