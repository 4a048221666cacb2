/** Conversation follow-ups: an elliptical question inherits the report and measure of the turns before it. */
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../src/retrieve/catalog.js';
import { resolveFollowUp } from '../../src/retrieve/followup.js';
import { parseQuery } from '../../src/retrieve/query.js';
import { testEngine } from '../helpers/engine.js';
import { SEEDS } from '../retrieve/seed-catalog.js';

const HEADLINE = [
  { role: 'user' as const, content: '赤峰2012年依申请公开多少件' },
  { role: 'assistant' as const, content: '8件。根据《赤峰市人民政府2012年政府信息公开工作年度报告》…' },
];
const ask = async (q: string) => (await testEngine()).engine.ask(q, { history: HEADLINE });

describe('resolveFollowUp', () => {
  const catalog = createCatalog(SEEDS);
  const resolve = (q: string) => resolveFollowUp(parseQuery(q, catalog), HEADLINE, catalog);

  it('`那2013年呢？` asks the last question again for 2013, about the same place', () => {
    const q = resolve('那2013年呢？');
    expect(q).toMatchObject({ region: '内蒙古自治区赤峰市', year: 2013 });
    expect(q.terms).toContain('依申请公开');
    expect(q.norm).toContain('2013年依申请公开多少件');
  });

  it('keeps its own measure and borrows the place and year', () => {
    expect(resolve('其中信函申请多少件？')).toMatchObject({ region: '内蒙古自治区赤峰市', year: 2012 });
  });

  it('a question with its own place and measure stands alone', () => {
    expect(resolve('芦淞区2013年主动公开了多少条')).toMatchObject({ region: '湖南省株洲市芦淞区', year: 2013 });
    expect(resolveFollowUp(parseQuery('那2013年呢？', catalog), [], catalog).region).toBeNull();
  });
});

describe('follow-ups end to end', () => {
  it('answers the breakdown of the last figure', async () => {
    expect((await ask('其中信函申请多少件？')).answer).toMatch(/^3件。/);
  });

  it('refuses the same question for a year the place has no report for, naming the years it has', async () => {
    const a = await ask('那2013年呢？');
    expect(a.refused).toBe(true);
    expect(a.answer).toBe('语料库中没有赤峰市2013年的报告；现有该地区的报告：2012年。');
  });

  it('answers a yes/no follow-up about the same report', async () => {
    expect((await ask('他们有没有收费？')).answer).toMatch(/^没有。/);
  });
});
