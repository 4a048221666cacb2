import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { NianbaoError } from '../../src/errors.js';
import { answerInOrder, openResultWriter, toCsvRow, type AskFn, type BatchResult } from '../../src/eval/batch.js';
import type { QuestionRecord } from '../../src/eval/questions.js';
import type { Answer, Citation } from '../../src/types.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-batch-'));
});

const records = (n: number): QuestionRecord[] =>
  Array.from({ length: n }, (_, i) => ({ line: i + 1, id: `q${i + 1}`, question: `问题${i + 1}`, fields: { id: `q${i + 1}`, question: `问题${i + 1}`, kind: 'fact' } }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const answerTo = (question: string): Answer => ({ answer: `答：${question}`, citations: [], refused: false, grounded: true });

async function collect(gen: AsyncIterable<BatchResult>): Promise<BatchResult[]> {
  const out: BatchResult[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

function citation(source: string, paragraph: number, quote: string): Citation {
  return { n: 1, reportId: 'r', source, title: 't', region: null, year: null, section: 's', paragraph, quote, url: `/reports/r#p${paragraph}` };
}

function result(id: string, extra: Partial<BatchResult> = {}): BatchResult {
  return { id, question: `问题${id}`, answer: `答${id}`, citations: [], refused: false, grounded: true, latency_ms: 3, ...extra };
}

describe('answerInOrder', () => {
  it('yields in input order with concurrency 4 even when later questions finish first', async () => {
    let running = 0;
    let peak = 0;
    const finished: string[] = [];
    const ask: AskFn = async (question, _signal, record) => {
      running++;
      peak = Math.max(peak, running);
      // Earlier questions take longer, plus jitter, so completion order differs from input order.
      await sleep(Math.max(0, 30 - record.line) + Math.random() * 10);
      running--;
      finished.push(record.id);
      return answerTo(question);
    };
    const input = records(24);
    const out = await collect(answerInOrder(input, ask, { concurrency: 4 }));
    expect(out.map((r) => r.id)).toEqual(input.map((r) => r.id));
    expect(finished).not.toEqual(input.map((r) => r.id));
    expect(peak).toBe(4);
    expect(out[0]).toMatchObject({ id: 'q1', question: '问题1', answer: '答：问题1', kind: 'fact', refused: false, grounded: true });
    expect(out[0]!.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('turns a failing question into a record with error and carries on', async () => {
    const ask: AskFn = async (question) => {
      if (question === '问题2') throw new NianbaoError('LLM_UNAVAILABLE', 'down');
      if (question === '问题3') throw new Error('boom');
      return answerTo(question);
    };
    const out = await collect(answerInOrder(records(4), ask, { concurrency: 2 }));
    expect(out.map((r) => r.error?.code ?? null)).toEqual([null, 'LLM_UNAVAILABLE', 'INTERNAL', null]);
    expect(out[2]).toMatchObject({ answer: '', citations: [], refused: false, grounded: false, error: { message: 'boom' } });
  });

  it('stops taking new questions on abort and ends with the answers it has', { timeout: 5000 }, async () => {
    const controller = new AbortController();
    let calls = 0;
    const ask: AskFn = async (question) => {
      if (++calls === 3) controller.abort();
      await sleep(5);
      return answerTo(question);
    };
    const out = await collect(answerInOrder(records(50), ask, { concurrency: 2, signal: controller.signal }));
    expect(calls).toBeLessThanOrEqual(4);
    expect(out.map((r) => r.id)).toEqual(records(out.length).map((r) => r.id));
  });

  it('yields nothing for a question the abort cut off, so a resume answers it again', { timeout: 5000 }, async () => {
    const controller = new AbortController();
    const ask: AskFn = async (question, signal, record) => {
      if (record.id === 'q3') {
        controller.abort();
        signal?.throwIfAborted();
      }
      await sleep(record.id === 'q4' ? 20 : 1);
      return answerTo(question);
    };
    const out = await collect(answerInOrder(records(10), ask, { concurrency: 2, signal: controller.signal }));
    // q4 was in flight and finished, but the output must stay a gap-free prefix for resuming.
    expect(out.map((r) => r.id)).toEqual(['q1', 'q2']);
  });

  it('stops the workers when the consumer breaks off', async () => {
    let calls = 0;
    const ask: AskFn = async (question) => {
      calls++;
      await sleep(5);
      return answerTo(question);
    };
    for await (const r of answerInOrder(records(50), ask, { concurrency: 3 })) if (r.id === 'q2') break;
    const after = calls;
    await sleep(30);
    expect(calls).toBe(after);
    expect(calls).toBeLessThan(10);
  });
});

describe('openResultWriter', () => {
  it('resumes a JSONL file: complete records are done, a partial line from a kill is cut off', async () => {
    const file = path.join(dir, 'out.jsonl');
    const first = await openResultWriter(file);
    expect(first.done.size).toBe(0);
    for (const id of ['q1', 'q2', 'q3']) await first.write(result(id));
    await first.close();
    await appendFile(file, '{"id":"q4","question":"问题q4","ans');

    const second = await openResultWriter(file);
    expect([...second.done]).toEqual(['q1', 'q2', 'q3']);
    expect(await readFile(file, 'utf8')).not.toContain('q4');
    for (const id of ['q4', 'q5']) await second.write(result(id));
    await second.close();
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as BatchResult);
    expect(lines.map((l) => l.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
  });

  it('resumes a CSV file, even when the cut record has a multi-line answer', async () => {
    const file = path.join(dir, 'out.csv');
    const first = await openResultWriter(file);
    await first.write(result('q1', { answer: '第一行\n第二行' }));
    for (const id of ['q2', 'q3']) await first.write(result(id));
    await first.close();
    await appendFile(file, 'q4,问题q4,"答案第一行\n答案第二');

    const second = await openResultWriter(file);
    expect([...second.done]).toEqual(['q1', 'q2', 'q3']);
    for (const id of ['q4', 'q5']) await second.write(result(id));
    await second.close();
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('\ufeffid,question,answer,')).toBe(true);
    expect(text.match(/\ufeff/g)).toHaveLength(1);
    const rows = parseCsv(text, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
    expect(rows[0]!.answer).toBe('第一行\n第二行');
  });

  it('rewrites BOM and header when a kill left only part of the header', async () => {
    const file = path.join(dir, 'half-header.csv');
    await appendFile(file, '\ufeffid,quest');
    const writer = await openResultWriter(file);
    expect(writer.done.size).toBe(0);
    await writer.write(result('q1'));
    await writer.close();
    expect(await readFile(file, 'utf8')).toMatch(/^\ufeffid,question,answer,[^\n]*\nq1,/);
  });
});

describe('CSV output', () => {
  it('flattens citations to source#p<n> and quotes to one column', () => {
    const row = toCsvRow(
      result('q1', {
        citations: [citation('corpus/004.txt', 26, '全年受理依申请公开8件,\n其中现场申请2件'), citation('corpus/002.txt', 7, '办结 906件')],
        error: { code: 'INTERNAL', message: 'boom' },
        kind: 'fact',
      }),
    );
    expect(Object.keys(row)).toEqual(['id', 'question', 'answer', 'refused', 'grounded', 'latency_ms', 'citations', 'quotes', 'error']);
    expect(row.citations).toBe('corpus/004.txt#p26; corpus/002.txt#p7');
    expect(row.quotes).toBe('全年受理依申请公开8件, 其中现场申请2件 ‖ 办结 906件');
    expect(row).toMatchObject({ refused: 'false', grounded: 'true', latency_ms: '3', error: 'INTERNAL: boom' });
  });

  it('passes other input fields through as extra columns, and keeps them on resume', async () => {
    const file = path.join(dir, 'extra.csv');
    const first = await openResultWriter(file, { extraColumns: ['id', 'question', 'note', 'facts'] });
    await first.write(result('q1', { note: '来自Excel', facts: [['8']] }));
    await first.close();
    const again = await openResultWriter(file, { extraColumns: ['other'] });
    expect([...again.done]).toEqual(['q1']);
    await again.write(result('q2', { note: '第二行', other: 'x' }));
    await again.close();
    const rows = parseCsv(await readFile(file, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['id', 'question', 'answer', 'refused', 'grounded', 'latency_ms', 'citations', 'quotes', 'error', 'note', 'facts']);
    expect(rows.map((r) => [r.id, r.note, r.facts])).toEqual([
      ['q1', '来自Excel', '[["8"]]'],
      ['q2', '第二行', ''],
    ]);
  });
});
