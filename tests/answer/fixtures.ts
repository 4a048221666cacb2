/**
 * Hand-built retrieval results from real seed paragraphs (quoted verbatim from corpus/), and a fake
 * fallback answerer standing in for the extractive one, so answer tests need no index.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Answerer, AnswerInput, AnswerEvent } from '../../src/answer/answerer.js';
import { buildCitations } from '../../src/answer/citations.js';
import type { Answer, Hit, MissingReportNotice, ReportSummary, RetrievalResult, Script } from '../../src/types.js';

const CORPUS = path.resolve(import.meta.dirname, '../../corpus');

const REPORTS: Record<string, ReportSummary> = {
  '004_4dd6e611894a30a9': {
    id: '004_4dd6e611894a30a9',
    source: 'corpus/004_4dd6e611894a30a9.txt',
    title: '赤峰市2012年政府信息公开工作年度报告',
    region: '赤峰市',
    body: '人民政府',
    year: 2012,
    script: 'simplified',
  },
  '000_276f938339276f32': {
    id: '000_276f938339276f32',
    source: 'corpus/000_276f938339276f32.txt',
    title: '株洲市芦淞区人民政府2013年政府信息公开年度报告',
    region: '株洲市芦淞区',
    body: '人民政府',
    year: 2013,
    script: 'traditional',
  },
  '001_34b39583e03ccc2d': {
    id: '001_34b39583e03ccc2d',
    source: 'corpus/001_34b39583e03ccc2d.txt',
    title: '绥芬河市2019年政府信息公开工作年度报告',
    region: '绥芬河市',
    body: null,
    year: 2019,
    script: 'simplified',
  },
};

/** A hit on the seed line (1-based, used as the paragraph number) of `reportId` that contains `snippet`. */
export function seedHit(reportId: string, snippet: string, headingPath: string[], score = 1): Hit {
  const report = REPORTS[reportId]!;
  const lines = fs.readFileSync(path.join(CORPUS, `${reportId}.txt`), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(snippet));
  if (index < 0) throw new Error(`snippet not in ${reportId}: ${snippet}`);
  const text = lines[index]!.trim();
  const n = index + 1;
  return {
    chunk: {
      id: `${reportId}#p${n}`,
      reportId,
      headingPath,
      paragraphs: [n],
      kind: text.includes('|') ? 'tableRow' : 'paragraph',
      start: 0,
      end: text.length,
      text,
      norm: text,
    },
    report,
    score,
    ranks: { lexical: 1 },
  };
}

/** 赤峰 2012: `全年受理依申请公开8件…` (p26) and `…盟市本级公开信息7059条…` (p17). */
export const chifengHits = (): Hit[] => [
  seedHit('004_4dd6e611894a30a9', '全年受理依申请公开8件', ['三、依申请公开办理情况']),
  seedHit('004_4dd6e611894a30a9', '盟市本级公开信息7059条', ['二、主动公开政府信息情况', '(一)公开数量和内容'], 0.8),
];

export function retrieval(hits: Hit[], options: { script?: Script; notice?: MissingReportNotice; raw?: string } = {}): RetrievalResult {
  const raw = options.raw ?? '赤峰2012年依申请公开多少件';
  return {
    query: { raw, norm: raw, script: options.script ?? 'simplified', region: '赤峰市', body: null, year: 2012, terms: [] },
    hits,
    notice: options.notice,
  };
}

export function askInput(hits: Hit[], question = '赤峰2012年依申请公开多少件', notice?: MissingReportNotice): AnswerInput {
  return { question, retrieval: retrieval(hits, { notice, raw: question }) };
}

export const FALLBACK_TEXT = '根据报告：全年受理依申请公开8件[1]。';

/** A stand-in for the extractive answerer: quotes the top citation, or refuses when there is none. */
export function createFakeFallback(): Answerer & { calls: number } {
  const fake = {
    id: 'fake-extractive',
    calls: 0,
    async answer(input: AnswerInput): Promise<Answer> {
      fake.calls++;
      const citations = buildCitations(input.retrieval.hits).slice(0, 1);
      if (input.retrieval.notice || citations.length === 0) {
        return { answer: '根据现有报告无法回答', citations: [], refused: true, grounded: true, meta: { answerer: 'fake-extractive' } };
      }
      return { answer: FALLBACK_TEXT, citations, refused: false, grounded: true, meta: { answerer: 'fake-extractive' } };
    },
    async *stream(input: AnswerInput): AsyncGenerator<AnswerEvent> {
      const answer = await fake.answer(input);
      yield { type: 'citations', citations: answer.citations };
      yield { type: 'delta', text: answer.answer };
      yield { type: 'done', answer };
    },
  };
  return fake;
}

/** Drains an answer stream into its events. */
export async function collect(events: AsyncIterable<AnswerEvent>): Promise<AnswerEvent[]> {
  const out: AnswerEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}
