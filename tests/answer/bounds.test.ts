/**
 * Size bounds of what an answer carries: a citation quotes at most MAX_QUOTE_CHARS, an answer quotes
 * a sentence at most that long and is at most MAX_ANSWER_CHARS in all, even over passages as long as
 * a store built before chunks were bounded could hold (a whole report in one chunk).
 */
import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_CHARS } from '../../src/answer/answerer.js';
import { MAX_QUOTE_CHARS, buildCitations, clipQuote } from '../../src/answer/citations.js';
import { createExtractiveAnswerer } from '../../src/answer/extractive.js';
import { verifyAnswer } from '../../src/answer/grounding.js';
import type { Hit } from '../../src/types.js';
import { askInput, seedHit } from './fixtures.js';

const FACT = '全年受理依申请公开8件';
/** The p26 hit of 赤峰 2012 with its chunk text replaced, as an older store could have held it. */
function hugeHit(text: string, context?: string): Hit {
  const hit = seedHit('004_4dd6e611894a30a9', FACT, ['三、依申请公开办理情况']);
  return { ...hit, chunk: { ...hit.chunk, text, norm: text, end: text.length, ...(context ? { context } : {}) } };
}
/** Filler with no stop and no figure: a report's prose run together for pages. */
const filler = (n: number) => '各部门认真贯彻落实政务公开各项要求持续推进政务公开标准化规范化建设'.repeat(Math.ceil(n / 32)).slice(0, n);

describe('clipQuote', () => {
  it('leaves a quote within the bound as it is', () => {
    expect(clipQuote('全年受理依申请公开8件。')).toBe('全年受理依申请公开8件。');
  });

  it('cuts a long quote after its last sentence within the bound, marked with …', () => {
    const text = `${'全年主动公开政府信息1200条。'.repeat(60)}${filler(5000)}`;
    const clipped = clipQuote(text);
    expect(clipped.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
    expect(clipped).toMatch(/条。…$/);
    expect(text.startsWith(clipped.slice(0, -1))).toBe(true);
  });

  it('never cuts inside a number', () => {
    const text = `${filler(MAX_QUOTE_CHARS - 4)}123456789${filler(100)}`;
    const clipped = clipQuote(text);
    expect(clipped.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
    expect(clipped).not.toMatch(/\d…$/);
  });
});

describe('citations', () => {
  it('quote at most MAX_QUOTE_CHARS of a passage that holds a whole report, and its context too', () => {
    const text = `${FACT},其中,现场书面申请2件。${filler(900_000)}`;
    const [c] = buildCitations([hugeHit(text, text)]);
    expect(c!.quote.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
    expect(c!.context!.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
    expect(c!.quote).toContain(FACT);
  });
});

describe('extractive answers', () => {
  it('quote at most MAX_QUOTE_CHARS of a 100,000-character sentence and stay grounded', async () => {
    const a = await createExtractiveAnswerer().answer(askInput([hugeHit(`${FACT}${filler(100_000)}`)]));
    expect(a.refused).toBe(false);
    expect(a.answer).toMatch(/^8件。/);
    expect(a.answer.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS + 100);
    expect(a.citations).toHaveLength(1);
    expect(verifyAnswer(a.answer, a.citations).grounded).toBe(true);
  });

  it('are never longer than MAX_ANSWER_CHARS: an answer that cannot be cut to whole cited sentences is withdrawn', async () => {
    const hit = seedHit('004_4dd6e611894a30a9', FACT, ['三、依申请公开办理情况']);
    const longTitle = { ...hit, report: { ...hit.report, title: `赤峰市2012年政府信息公开工作年度报告${'（修订稿）'.repeat(1000)}` } };
    const a = await createExtractiveAnswerer().answer(askInput([longTitle]));
    expect(a.answer.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
    expect(a).toMatchObject({ refused: true, citations: [], meta: { reason: 'too-long', withdrawn: true } });
  });
});
