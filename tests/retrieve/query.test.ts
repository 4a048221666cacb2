import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCatalog, matchReports } from '../../src/retrieve/catalog.js';
import { findYear, parseQuery } from '../../src/retrieve/query.js';
import type { ReportSummary, Script } from '../../src/types.js';
import { SEEDS } from './seed-catalog.js';

const catalog = createCatalog(SEEDS);

const LUSONG = '湖南省株洲市芦淞区';
const SUIFENHE = '黑龙江省牡丹江市绥芬河市';
const XIANGFU = '河南省开封市祥符区';
const CHIFENG = '内蒙古自治区赤峰市';
const ZHUJIAN = '住房和城乡建设局';

interface Case {
  q: string;
  year: number | null;
  region: string | null;
  body?: string | null;
  script?: Script;
  /** Expected report constraint; undefined = not checked. */
  reports?: string[] | null;
  /** Expected availableYears of a NO_SUCH_REPORT notice. */
  notice?: number[];
}

/** Every question of the dev set (shared/eval/dev.jsonl), by id. */
const DEV: Record<string, Case> = {
  d01: { q: '赤峰2012年依申请公开多少件', year: 2012, region: CHIFENG, reports: ['004'] },
  d02: { q: '赤峰市2012年盟市本级公开信息多少条？', year: 2012, region: CHIFENG, reports: ['004'] },
  d03: { q: '2012年赤峰全市发布了多少条重大建设项目信息', year: 2012, region: CHIFENG, reports: ['004'] },
  d04: { q: '赤峰2012年各级档案馆、机关档案室、图书馆设立了多少个查阅点？', year: 2012, region: CHIFENG, reports: ['004'] },
  d05: { q: '芦淞区2013年主动公开了多少条政府信息', year: 2013, region: LUSONG, reports: ['000'] },
  d06: { q: '芦淞区有多少个行政村、多少个社区实现了村（居）务公开？', year: null, region: LUSONG, reports: ['000'] },
  d07: { q: '芦淞区2013年取消了多少项行政审批和公共服务事项', year: 2013, region: LUSONG, reports: ['000'] },
  d08: { q: '绥芬河住建局2019年其他对外管理服务事项的处理决定数量是多少', year: 2019, region: SUIFENHE, body: ZHUJIAN, reports: ['001'] },
  d09: { q: '绥芬河住建局2019年政府集中采购了几个项目？', year: 2019, region: SUIFENHE, body: ZHUJIAN, reports: ['001'] },
  d10: { q: '绥芬河市住建局2019年因政府信息公开被申请行政复议了吗', year: 2019, region: SUIFENHE, body: ZHUJIAN, reports: ['001'] },
  d11: { q: '祥符区2018年培训了多少人次政务公开专兼职人员？', year: 2018, region: XIANGFU, reports: ['002'] },
  d12: { q: '祥符区2018年办结市长专线多少件', year: 2018, region: XIANGFU, reports: ['002'] },
  d13: { q: '祥符区企业开办时间从多少个工作日缩短了？', year: null, region: XIANGFU, reports: ['002'] },
  d14: { q: '截至报告发布，祥符区共下发政务公开制度性文件多少份', year: null, region: XIANGFU, reports: ['002'] },
  d15: { q: '主动公开2677条信息的那份报告里，政策法规类信息有多少条？', year: null, region: null, reports: null },
  d16: { q: '区档案馆收藏的主动公开信息纸质全文有多少件？', year: null, region: null, reports: null },
  d17: { q: '绥芬河住建局2020年依申请公开多少件？', year: 2020, region: SUIFENHE, body: ZHUJIAN, reports: [], notice: [2019] },
  d18: { q: '赤峰市2012年政府信息公开有没有收费？', year: 2012, region: CHIFENG, body: null, reports: ['004'] },
  d19: { q: '芦淞区2013年有没有发生政府信息公开方面的行政复议？', year: 2013, region: LUSONG, reports: ['000'] },
  d20: { q: '祥符区“双随机”抽查了多少户内资企业', year: null, region: XIANGFU, reports: ['002'] },
};

const MORE: Case[] = [
  // traditional script
  { q: '蘆淞區2013年主動公開了多少條政府信息', year: 2013, region: LUSONG, script: 'traditional', reports: ['000'] },
  { q: '綏芬河住建局2020年依申請公開多少件？', year: 2020, region: SUIFENHE, body: ZHUJIAN, script: 'traditional', notice: [2019] },
  // numerals and widths
  { q: '二〇一二年赤峰依申请公开多少件', year: 2012, region: CHIFENG, reports: ['004'] },
  { q: '12年赤峰市公开信息多少条', year: 2012, region: CHIFENG, reports: ['004'] },
  { q: '赤峰２０１２年依申请公开多少件', year: 2012, region: CHIFENG, reports: ['004'] },
  { q: '１２年赤峰受理了几件申请', year: 2012, region: CHIFENG },
  { q: '开封祥符区2018年度培训了多少人', year: 2018, region: XIANGFU, reports: ['002'] },
  { q: '赤峰2012依申请公开多少件', year: 2012, region: CHIFENG },
  { q: '赤峰 市 2012 年 依申请公开多少件', year: 2012, region: CHIFENG, reports: ['004'] },
  // region and body aliases
  { q: '芦淞2013年公开了多少条信息', year: 2013, region: LUSONG },
  { q: '株洲芦淞区2013年行政复议', year: 2013, region: LUSONG },
  { q: '株洲市芦淞区2013年行政复议', year: 2013, region: LUSONG },
  { q: '株洲市的芦淞区2013年行政复议', year: 2013, region: LUSONG, reports: ['000'] },
  { q: '祥符2018年办结多少件', year: 2018, region: XIANGFU },
  { q: '内蒙古赤峰市2012年依申请公开', year: 2012, region: CHIFENG, reports: ['004'] },
  { q: '赤峰市政府2012年依申请公开多少件', year: 2012, region: CHIFENG, body: '人民政府', reports: ['004'] },
  { q: '芦淞区人民政府2013年主动公开多少条', year: 2013, region: LUSONG, body: '人民政府', reports: ['000'] },
  { q: '绥芬河市住房和城乡建设局2019年行政处罚', year: 2019, region: SUIFENHE, body: ZHUJIAN, reports: ['001'] },
  { q: '住建局2019年行政许可处理决定多少', year: 2019, region: null, body: ZHUJIAN, reports: ['001'] },
  { q: '绥芬河市政府信息公开工作要点是什么', year: null, region: SUIFENHE, body: null, reports: ['001'] },
  // regions and bodies the corpus does not have
  { q: '北京市2019年依申请公开多少件', year: 2019, region: '北京市', reports: [], notice: [] },
  { q: '北京市海淀区2019年收到多少申请', year: 2019, region: '北京市海淀区', notice: [] },
  { q: '海淀区政府信息公开收费了吗', year: null, region: '海淀区', notice: [] },
  { q: '某某县2019年依申请公开多少件', year: 2019, region: '某某县', notice: [] },
  { q: '上海2019年依申请公开多少件', year: 2019, region: '上海市', notice: [] },
  { q: '祥符县2018年主动公开多少条', year: 2018, region: '祥符县', notice: [] },
  { q: '请问上海市浦东新区公安局2019年行政复议', year: 2019, region: '上海市浦东新区', body: '公安局', notice: [] },
  { q: '赤峰市公安局2012年依申请公开', year: 2012, region: CHIFENG, body: '公安局', notice: [] },
  { q: '赤峰2013年依申请公开多少件', year: 2013, region: CHIFENG, notice: [2012] },
  { q: '2020年依申请公开多少件', year: 2020, region: null, notice: [2012, 2013, 2018, 2019] },
  { q: '2012年依申请公开多少件', year: 2012, region: null, reports: ['004'] },
  // words that look like regions but are not
  { q: '市长专线办结了多少件', year: null, region: null, reports: null },
  { q: '全区有多少个社区', year: null, region: null, reports: null },
  { q: '我市没有出现收费的情况吗', year: null, region: null, reports: null },
  { q: '区档案馆接待公众查阅多少人次', year: null, region: null, reports: null },
  { q: '各旗县区政务服务中心设立了多少查阅点', year: null, region: null, reports: null },
  { q: '城区和辖区的市政府门户网站访问量', year: null, region: null, body: null, reports: null },
  { q: '开发区和高新区各有多少个', year: null, region: null },
  { q: '2000元的费用用于什么', year: null, region: null },
];

const ALL: [string, Case][] = [...Object.entries(DEV), ...MORE.map((c, i): [string, Case] => [`m${i}`, c])];

describe('parseQuery + matchReports on the seed catalogue', () => {
  it.each(ALL)('%s: %o', (_id, c) => {
    const parsed = parseQuery(c.q, catalog);
    expect(parsed.raw).toBe(c.q);
    expect(parsed.year).toBe(c.year);
    expect(parsed.region).toBe(c.region);
    if (c.body !== undefined) expect(parsed.body).toBe(c.body);
    expect(parsed.script).toBe(c.script ?? 'simplified');
    const match = matchReports(parsed, catalog);
    if (c.reports !== undefined) expect(match.reportIds).toEqual(c.reports);
    // A refusal names a corpus region by its short name (`赤峰市`), an unknown one as written.
    const label = c.region ? (catalog.regionLabels.get(c.region) ?? c.region) : null;
    if (c.notice) expect(match.notice).toMatchObject({ code: 'NO_SUCH_REPORT', region: label, body: parsed.body, year: c.year, availableYears: c.notice });
    else expect(match.notice).toBeUndefined();
  });
});

const devFile = path.resolve(process.cwd(), 'tests/fixtures/eval/dev.jsonl');
describe.skipIf(!existsSync(devFile))('dev set coverage', () => {
  const lines = existsSync(devFile) ? readFileSync(devFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
  it.each(lines)('$id is in the case table and never rules out its source', (d: { id: string; question: string; kind: string; source: string }) => {
    expect(DEV[d.id]?.q).toBe(d.question);
    const match = matchReports(parseQuery(d.question, catalog), catalog);
    if (d.kind === 'none') expect(match.notice?.code).toBe('NO_SUCH_REPORT');
    else if (match.reportIds !== null) expect(match.reportIds).toContain(d.source.replace(/_.*$/, ''));
  });
});

describe('norm and terms', () => {
  it('normalizes script, width and numbers', () => {
    expect(parseQuery('蘆淞區二〇一三年主動公開了多少條？', catalog).norm).toBe('芦淞区2013年主动公开了多少条?');
    expect(parseQuery('赤峰１２年', catalog).norm).toBe('赤峰2012年');
  });

  it('drops question words and the matched region, body and year', () => {
    const { terms } = parseQuery('请问绥芬河住建局2019年政府集中采购了几个项目？', catalog);
    for (const w of ['请问', '几个', '了', '绥芬河', '住', '建局', '2019', '年']) expect(terms).not.toContain(w);
    expect(terms).toEqual(expect.arrayContaining(['集中', '采购', '项目', '政府集中采购']));
  });

  it('keeps words that spaces separate apart', () => {
    expect(parseQuery('How many requests in 2019?', catalog).terms).toEqual(['how', 'many', 'requests', 'in']);
  });

  it('keeps numbers that are not years', () => {
    expect(parseQuery('主动公开2677条信息的那份报告里，政策法规类信息有多少条？', catalog).terms).toEqual(
      expect.arrayContaining(['2677', '政策法规', '法规']),
    );
  });

  it.each([
    ['赤峰2012年依申请公开多少件', ['依申请公开', '收到申请', '受理申请', '政府信息公开申请']],
    ['门户网站访问量是多少', ['门户网站', '入口网站', '访问量', '浏览量', '点击量']],
    ['有没有行政复议', ['行政复议', '复议']],
    ['政府信息公开有没有收费', ['收费', '收取', '减免']],
    ['培训了多少人次', ['人次', '人']],
    ['主动公开信息多少条', ['主动公开', '公开信息']],
  ])('expands metric synonyms: %s', (q, expected) => {
    expect(parseQuery(q, catalog).terms).toEqual(expect.arrayContaining(expected));
  });

  it('has no duplicate terms and no stop words', () => {
    const { terms } = parseQuery('芦淞区2013年有没有发生政府信息公开方面的行政复议？', catalog);
    expect(new Set(terms).size).toBe(terms.length);
    for (const w of ['有没有', '的', '方面']) expect(terms).not.toContain(w);
  });
});

describe('findYear', () => {
  it.each([
    ['2012年', 2012],
    ['2018年度报告', 2018],
    ['赤峰2012依申请', 2012],
    ['费用共2000元', null],
    ['2019件', null],
    ['1999年与2001年', 1999],
    ['第2677条', null],
    ['12345热线', null],
  ])('%s → %s', (text, year) => {
    expect(findYear(text)?.value ?? null).toBe(year);
  });
});
