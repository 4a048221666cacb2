import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { questionType } from '../../src/answer/extractive.js';
import { verifyAnswer } from '../../src/answer/grounding.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { parseQuestionJsonl } from '../../src/eval/questions.js';
import { ROOT, SEED_IDS } from '../helpers/corpus.js';
import { testEngine } from '../helpers/engine.js';

const ask = async (q: string) => (await testEngine()).engine.ask(q);

describe('question types', () => {
  it.each([
    ['赤峰2012年依申请公开多少件', 'figure'],
    ['绥芬河住建局2019年政府集中采购了几个项目？', 'figure'],
    ['赤峰市2012年政府信息公开有没有收费？', 'yesno'],
    ['绥芬河市住建局2019年因政府信息公开被申请行政复议了吗', 'yesno'],
    ['芦淞区2013年政务公开工作存在哪些主要问题', 'items'],
    ['祥符区政务公开工作由谁牵头', 'who'],
    ['介绍一下祥符区的政务公开', 'fact'],
  ])('%s → %s', (q, type) => expect(questionType(q)).toBe(type));
});

describe('extractive answers', () => {
  it('leads with the figure and its unit, names the report and cites the paragraph', async () => {
    const a = await ask('赤峰2012年依申请公开多少件');
    expect(a.answer).toMatch(/^8件。根据《赤峰市人民政府2012年政府信息公开工作年度报告》，.*全年受理依申请公开8件.*\[1\]$/);
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0]).toMatchObject({ n: 1, reportId: SEED_IDS.chifeng, section: '三、依申请公开办理情况', url: `/reports/${SEED_IDS.chifeng}#p26` });
    expect(a.grounded).toBe(true);
    expect(verifyAnswer(a.answer, a.citations).grounded).toBe(true);
  });

  it('keeps qualifiers with a figure (近2万条, 450多人次)', async () => {
    expect((await ask('芦淞区2013年主动公开了多少条政府信息')).answer).toMatch(/^近2万条。/);
    expect((await ask('祥符区2018年培训了多少人次政务公开专兼职人员？')).answer).toMatch(/^450多人次。/);
  });

  it('answers from a table row with its header context, never with a label number', async () => {
    const a = await ask('绥芬河住建局2019年政府集中采购了几个项目？');
    expect(a.answer).toMatch(/^2。/);
    expect(a.answer).toContain('采购项目数量 2');
    expect(a.citations[0]!.quote).toContain('政府集中采购 | 2 | 49.1400');
    const b = await ask('绥芬河市住建局2019年行政处罚事项本年增加了多少');
    expect(b.answer).not.toMatch(/^8/);
    expect(b.answer).toContain('增5');
  });

  it('answers yes/no questions with 有/没有 from statements and all-zero tables', async () => {
    expect((await ask('赤峰市2012年政府信息公开有没有收费？')).answer).toMatch(/^没有。/);
    const review = await ask('绥芬河市住建局2019年因政府信息公开被申请行政复议了吗');
    expect(review.answer).toMatch(/^没有。/);
    expect(review.citations[0]!.quote).toContain('四、政府信息公开行政复议、行政诉讼情况');
  });

  it('answers in the script of the question, quoting the source verbatim', async () => {
    const simplified = await ask('芦淞区2013年取消了多少项行政审批和公共服务事项');
    expect(simplified.answer).toContain('取消行政审批和公共服务事项4项');
    expect(simplified.citations[0]!.quote).toContain('取消行政審批和公共服務事項4項');
    const traditional = await ask('赤峰2012年依申請公開多少件');
    expect(traditional.answer).toContain('根據');
    expect(traditional.answer).toContain('全年受理依申請公開8件');
  });

  it('refuses plainly: no such report, nothing relevant, off-topic', async () => {
    const missing = await ask('赤峰市2013年依申请公开多少件');
    expect(missing).toMatchObject({ refused: true, citations: [] });
    expect(missing.answer).toBe('语料库中没有赤峰市2013年的报告；现有该地区的报告：2012年。');
    const unknown = await ask('北京市海淀区2019年主动公开了多少条信息');
    expect(unknown.answer).toContain('语料库中没有');
    const offTopic = await ask('今天天气怎么样');
    expect(offTopic).toMatchObject({ refused: true, answer: '语料库中没有找到与该问题相关的内容。' });
    const notMentioned = await ask('赤峰市2012年有多少名公务员参加了马拉松比赛');
    expect(notMentioned.refused).toBe(true);
    expect(notMentioned.answer).toContain('赤峰市人民政府2012年政府信息公开工作年度报告');
  });

  it('refuses rather than answer from a passage that lacks what the question is about', async () => {
    // The 赤峰 report has figures in 件 and says 办结, but never mentions a 市长热线.
    const a = await ask('赤峰市2012年市长热线办结多少件');
    expect(a.refused).toBe(true);
    expect(a.answer).not.toMatch(/\d+件/);
  });

  it('reads 赤峰旗县区 as 赤峰\'s 旗县区, not a place named 赤峰旗', async () => {
    const a = await ask('2012年赤峰旗县区主动公开信息多少条');
    expect(a.answer).toMatch(/^14809条。/);
  });

  it('finds places that appear only in a report body (翁牛特旗 in the 赤峰 report)', async () => {
    const a = await ask('翁牛特旗2012年通过政府门户网站主动公开政府信息多少条');
    expect(a.refused).toBe(false);
    expect(a.answer).toContain('2000');
    expect(a.citations[0]!.reportId).toBe(SEED_IDS.chifeng);
  });

  it('continues a list into the sentence that names the items', async () => {
    const a = await ask('芦淞区2013年政务公开工作存在哪些主要问题');
    expect(a.answer).toContain('重视程度有待加强');
  });
});

describe('question sets (hash embedder; the CI eval uses the real offline model)', () => {
  it.each([
    ['dev set', path.resolve(ROOT, 'tests/fixtures/eval/dev.jsonl')],
    ['held-out extra set', path.resolve(ROOT, 'tests/fixtures/questions-extra.jsonl')],
  ])('%s: ≥ 90%% answered and cited, every none refused, nothing ungrounded', async (_name, file) => {
    const { records, errors } = parseQuestionJsonl(await readFile(file, 'utf8'));
    expect(errors).toEqual([]);
    const { engine } = await testEngine();
    const { summary } = await evaluate(records, (q) => engine.ask(q));
    expect(summary.both).toBeGreaterThanOrEqual(0.9);
    expect(summary.refusalRecall).toBe(1);
    expect(summary.refusalPrecision).toBe(1);
    expect(summary.ungrounded).toBe(0);
  });
});
