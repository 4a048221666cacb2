import { describe, expect, it } from 'vitest';
import { buildConcepts } from '../../src/answer/concepts.js';
import { askedDirection, askedUnits, bindFigures, figureAsks, figureCandidates } from '../../src/answer/figures.js';
import { normalizeText, tokenize } from '../../src/text/index.js';

/** The figure a question binds to in a sentence (terms as query understanding would give them, simplified). */
function bind(question: string, sentence: string, layout: 'prose' | 'tableRow' = 'prose'): string | undefined {
  const q = normalizeText(question);
  const concepts = buildConcepts(tokenize(q).filter((t) => !/^(多少|几|是|的|了|有)$/.test(t)), q);
  return bindFigures(normalizeText(sentence), concepts, askedUnits(q), new Set(), layout, askedDirection(q))[0]?.text;
}

describe('bindFigures: the number that measures what was asked', () => {
  it('carries the verb over a list and tells the items apart by their own words', () => {
    const s = '全年办结市长专线906件,区长专线2231件。';
    expect(bind('办结区长专线多少件', s)).toBe('2231件');
    expect(bind('办结市长专线多少件', s)).toBe('906件');
  });

  it('answers the total unless a 其中 item is asked for', () => {
    const s = '全年我局主动公开政府信息153条，其中通过县政府门户网站发布118条、通过“德清水利”微信公众号发布35条。';
    expect(bind('主动公开了多少条信息', s)).toBe('153条');
    expect(bind('通过微信公众号发了多少条', s)).toBe('35条');
  });

  it('reads a breakdown item with the words of the item before it', () => {
    expect(bind('调解成功多少件纠纷', '全区83个社区调解委员会全年调解矛盾纠纷2,675件，调解成功2,612件，成功率97.6%。')).toBe('2612件');
  });

  it('binds a number to the noun it counts forwards', () => {
    const s = '建立11个乡镇(街道)政务(便民)服务中心,75个社区(村)便民服务代办点,基层便民服务平台建成率达100%和74%。';
    expect(bind('建立了多少个乡镇（街道）政务服务中心', s)).toBe('11个');
    expect(bind('建了多少个社区（村）便民服务代办点', s)).toBe('75个');
  });

  it('uses the asked unit: money, 万, 户, 批', () => {
    expect(bind('老旧小区改造总投资多少万', '对辖区9个老旧小区改造项目，本街道公示改造内容和资金安排，总投资4,860万元，其中财政补助3,920万元。')).toBe('4860万元');
    expect(bind('审计查出的问题已经整改了多少钱', '我局公开审计工作报告1份，报告反映问题金额3.42亿元，已整改2.97亿元，整改率86.8%。')).toBe('2.97亿元');
    expect(bind('低保对象有多少户', '分4批次公开低保、特困供养对象名单，其中低保对象126户、198人。')).toBe('126户');
    expect(bind('接待了多少批外国团组', '全年接待来访外国团组19批、236人次。')).toBe('19批');
  });

  it('reads where a change started or ended', () => {
    const s = '各类市场主体开办时间由过去20个工作日缩减为手续齐全当日办结,特殊情况不超过3个工作日。';
    expect(bind('企业开办时间从多少个工作日缩短了', s)).toBe('20个工作日');
  });

  it('names table values by their column, and answers the total when no column is asked', () => {
    const row = '第二十条第(五)项 行政许可：上一年项目数量 9；本年增/减 -1；处理决定数量 416';
    expect(bind('行政许可处理决定有多少', row, 'tableRow')).toBe('416');
    expect(bind('政府集中采购总金额是多少万元', '第二十条第(九)项 政府集中采购：采购项目数量 46；采购总金额(万元) 3275.18', 'tableRow')).toBe('3275.18万元');
    expect(bind('新收依申请公开几件', '一、本年新收政府信息公开申请数量：自然人 7；法人或其他组织 1；总计 8', 'tableRow')).toBe('8');
  });

  it('keeps a range whole', () => {
    expect(bind('监督小组每年组织几次检查', '局政务公开监督小组每年组织2-3次政务公开工作情况检查。')).toBe('2-3次');
  });
});

describe('figureCandidates: identifiers are never figures', () => {
  it.each([
    ['按照德政办发〔2021〕9号文件部署', []],
    ['请联系局办公室（地址：永安街218号，电话：0572-8421365）', []],
    ['学习贯彻党的二十大精神', []],
    ['汛期（4月15日至10月15日）每日发布', []],
    ['依据条例第二十条第(六)项', []],
    ['全年受理8件', [8]],
  ])('%s → %o', (text, values) => {
    expect(figureCandidates(normalizeText(text), new Set()).map((n) => n.value)).toEqual(values);
  });
});

describe('figureAsks', () => {
  it('splits a question that asks for two figures', () => {
    expect(figureAsks('德清县水利局2022年发布政策解读多少篇?其中图解有几篇?')).toHaveLength(2);
    expect(figureAsks('芦淞区有多少个行政村、多少个社区实现了村(居)务公开')).toHaveLength(2);
    expect(figureAsks('赤峰2012年依申请公开多少件')).toHaveLength(1);
  });
});
