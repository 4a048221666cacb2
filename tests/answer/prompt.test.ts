import { describe, expect, it } from 'vitest';
import { buildCitations } from '../../src/answer/citations.js';
import { buildPrompt, REFUSAL } from '../../src/answer/prompt.js';
import { chifengHits, seedHit } from './fixtures.js';

describe('buildPrompt', () => {
  const citations = buildCitations(chifengHits());

  it('gives the rules, then one user message with numbered passages and the question', () => {
    const messages = buildPrompt({ question: ' 赤峰2012年依申请公开多少件 ', script: 'simplified', citations });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    const [system, user] = messages.map((m) => m.content);
    for (const rule of ['[1]', REFUSAL.simplified, REFUSAL.traditional, '不得计算', '简体', '繁体']) expect(system).toContain(rule);
    expect(user).toContain('[1] 《赤峰市2012年政府信息公开工作年度报告》 三、依申请公开办理情况 第26段\n2012年,我市进一步健全');
    expect(user).toContain('[2] 《赤峰市2012年政府信息公开工作年度报告》 二、主动公开政府信息情况 > (一)公开数量和内容 第17段');
    expect(user).toContain('问题：赤峰2012年依申请公开多少件\n');
    expect(user).toContain('请用简体中文回答');
  });

  it('asks for traditional characters when the question is in traditional script', () => {
    const hit = seedHit('000_276f938339276f32', '近2萬條', ['二、公開政府信息情況']);
    const messages = buildPrompt({ question: '蘆淞區2013年主動公開多少條信息', script: 'traditional', citations: buildCitations([hit]) });
    expect(messages.at(-1)!.content).toContain('請用繁體中文回答');
    expect(messages.at(-1)!.content).toContain('近2萬條');
  });

  it('keeps the last four turns and strips old markers, which numbered other passages', () => {
    const history = [
      { role: 'user' as const, content: '问题甲' },
      { role: 'assistant' as const, content: '回答甲[1]' },
      { role: 'user' as const, content: '问题乙' },
      { role: 'assistant' as const, content: '全年受理8件[2]。' },
      { role: 'user' as const, content: '问题丙' },
    ];
    const messages = buildPrompt({ question: '其中书面申请几件', script: 'simplified', citations, history });
    expect(messages.slice(1, -1)).toEqual([
      { role: 'assistant', content: '回答甲' },
      { role: 'user', content: '问题乙' },
      { role: 'assistant', content: '全年受理8件。' },
      { role: 'user', content: '问题丙' },
    ]);
  });
});
