/**
 * The wrong figures users met before answers were bound to what they measure (issue 10), phrased
 * afresh: each must now lead with the right figure or refuse. A wrong number is worse than no answer.
 */
import { describe, expect, it } from 'vitest';
import { testEngine } from '../helpers/engine.js';

const ask = async (q: string) => (await testEngine()).engine.ask(q);

describe('figures bound to the measure asked', () => {
  it('a list sharing one verb: 区长专线 is not the 市长专线 figure before it', async () => {
    const a = await ask('祥符区18年区长专线办结了几件？');
    expect(a.answer).toMatch(/^2231件。/);
  });

  it('a rate question answers the percentage, not a count in the same sentence', async () => {
    const a = await ask('芦淞区2013年市长区长热线的办结率是多少');
    expect(a.answer).toMatch(/^99\.9%。/);
  });

  it('a money question answers the sum column, not the count column of the same row', async () => {
    const a = await ask('绥芬河住建局19年政府集中采购的总金额');
    expect(a.answer).toMatch(/^49\.1400万元。/);
  });

  it('refuses when the report states no total, instead of taking a sub-row (规章 0)', async () => {
    const a = await ask('绥芬河市住建局2019年一共主动公开了多少条政府信息？');
    expect(a.refused).toBe(true);
    expect(a.citations).toEqual([]);
    expect(a.answer).toContain('没有找到与该问题直接对应的数字');
  });

  it('refuses a yes/no question whose topic the report never mentions (补偿补助费用 is no fee)', async () => {
    const a = await ask('祥符区2018年公开政府信息有没有收取费用？');
    expect(a.refused).toBe(true);
    expect(a.answer).not.toMatch(/^有/);
  });

  it('answers a phone question with the phone number, not the 18 of the address', async () => {
    const a = await ask('开封祥符区政府信息公开办公室的联系电话');
    expect(a.answer).toMatch(/^037126666359。/);
    expect(a.grounded).toBe(true);
  });
});

describe('questions that name no report', () => {
  it('lists the reports that answer, each cited, instead of silently picking one', async () => {
    const a = await ask('主动公开了多少条政府信息？');
    expect(a.refused).toBe(false);
    expect(a.answer).toMatch(/^多份报告都有相关内容，请指明地区和年份：/);
    expect(a.citations.length).toBeGreaterThanOrEqual(2);
    expect(new Set(a.citations.map((c) => c.reportId)).size).toBe(a.citations.length);
    expect(a.grounded).toBe(true);
  });

  it('answers from the one report whose words the question uses', async () => {
    const a = await ask('区档案馆收藏的主动公开信息纸质全文有多少件？');
    expect(a.answer).toMatch(/^1380件。/);
  });
});

describe('role and contact questions are answered as text', () => {
  it('leads with the holder of the role the question asks about', async () => {
    const a = await ask('绥芬河住建局政府信息公开工作领导小组的组长是谁');
    expect(a.answer).toMatch(/^局长。/);
  });
});

describe('lists spelled out item by item', () => {
  it('gathers every 一是/二是 item of the section in order, each cited', async () => {
    const a = await ask('赤峰2012年推进重点领域信息公开有哪些举措');
    expect(a.answer).toMatch(/^一是抓好10个重点领域政府信息公开\[1\]；二是.*\[2\]；三是.*\[3\]/);
    expect(a.citations.map((c) => c.paragraph)).toEqual([...a.citations.map((c) => c.paragraph)].sort((x, y) => x - y));
    expect(a.grounded).toBe(true);
  });
});
