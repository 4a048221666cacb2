import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { isNianbaoError } from '../../src/errors.js';
import { parseQuestionArray, parseQuestionCsv, parseQuestionJsonl, readQuestionFile } from '../../src/eval/questions.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-questions-'));
});

async function fileWith(name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

/** Runs `fn`, expecting a NianbaoError with `code`; returns its message. */
async function errorCode(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (isNianbaoError(e)) return e.code;
    throw e;
  }
  throw new Error('expected an error');
}

const CSV = 'id,question,kind,note\nq1,赤峰2012年依申请公开多少件,fact,首条\nq2,祥符区2018年办结市长专线多少件,fact,第二条\n';

describe('JSONL', () => {
  it('reports a bad line with its line number, skips it and keeps the rest', async () => {
    const text = ['{"id":"a","question":"赤峰2012年依申请公开多少件","kind":"fact"}', '', '{not json', '{"id":"c"}', '{"id":7,"question":" 问题 "}', '{"id":"a","question":"重复"}', '"just a string"'].join('\n');
    const { records, errors } = await readQuestionFile(await fileWith('q.jsonl', text));
    expect(records.map((r) => [r.line, r.id, r.question])).toEqual([
      [1, 'a', '赤峰2012年依申请公开多少件'],
      [5, '7', '问题'],
    ]);
    expect(records[0]!.fields.kind).toBe('fact');
    expect(errors.map((e) => e.line)).toEqual([3, 4, 6, 7]);
    expect(errors[0]!.message).toContain('不是合法的 JSON');
    expect(errors[1]!.message).toMatch(/^question: /);
    expect(errors[2]!.message).toContain('重复的 id');
  });

  it('reads CRLF and a BOM', () => {
    const { records, errors } = parseQuestionJsonl('\ufeff{"id":"a","question":"一"}\r\n{"id":"b","question":"二"}\r\n');
    expect(errors).toEqual([]);
    expect(records.map((r) => r.id)).toEqual(['a', 'b']);
  });
});

describe('CSV', () => {
  it('reads a header with id,question and passes extra columns through', async () => {
    const { records, errors } = await readQuestionFile(await fileWith('q.csv', CSV));
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.id, r.question])).toEqual([
      [2, 'q1', '赤峰2012年依申请公开多少件'],
      [3, 'q2', '祥符区2018年办结市长专线多少件'],
    ]);
    expect(records[1]!.fields).toEqual({ id: 'q2', question: '祥符区2018年办结市长专线多少件', kind: 'fact', note: '第二条' });
  });

  it('reads an Excel-style UTF-8 CSV with BOM and CRLF', async () => {
    const { records } = await readQuestionFile(await fileWith('bom.csv', `\ufeff${CSV.replace(/\n/g, '\r\n')}`));
    expect(records.map((r) => r.id)).toEqual(['q1', 'q2']);
    expect(records[0]!.fields).toHaveProperty('note', '首条');
  });

  it('reads a GBK CSV', async () => {
    const { records } = await readQuestionFile(await fileWith('gbk.csv', iconv.encode(CSV, 'gbk')));
    expect(records.map((r) => r.question)).toEqual(['赤峰2012年依申请公开多少件', '祥符区2018年办结市长专线多少件']);
    expect(records[1]!.fields.note).toBe('第二条');
  });

  it('reports bad records on the line they are on, across blank lines and quoted newlines', () => {
    const { records, errors } = parseQuestionCsv('id,question\n1,"第一行\n第二行"\n\n2,\n3,第三个\n,没有id\n');
    expect(records.map((r) => [r.line, r.id])).toEqual([
      [3, '1'],
      [6, '3'],
    ]);
    expect(errors.map((e) => e.line)).toEqual([5, 7]);
  });

  it('fails with INVALID_INPUT_FILE when the header lacks id or question, even with no rows', async () => {
    expect(await errorCode(() => parseQuestionCsv('编号,问题\n1,赤峰\n'))).toBe('INVALID_INPUT_FILE');
    expect(await errorCode(() => parseQuestionCsv('id,text\n'))).toBe('INVALID_INPUT_FILE');
    expect(await errorCode(() => parseQuestionCsv('id,question\n1,"unclosed\n'))).toBe('INVALID_INPUT_FILE');
  });
});

describe('files', () => {
  it('fails with INVALID_INPUT_FILE for a missing, empty or binary file', async () => {
    expect(await errorCode(() => readQuestionFile(path.join(dir, 'nope.jsonl')))).toBe('INVALID_INPUT_FILE');
    expect(await errorCode(async () => readQuestionFile(await fileWith('empty.csv', '')))).toBe('INVALID_INPUT_FILE');
    expect(await errorCode(async () => readQuestionFile(await fileWith('bin.jsonl', new Uint8Array([1, 0, 2, 0, 3]))))).toBe('INVALID_INPUT_FILE');
  });
});

describe('JSON arrays (the server body)', () => {
  it('takes strings and objects, defaulting ids to 1-based positions', () => {
    const { records, errors } = parseQuestionArray(['一', { question: '二', kind: 'none' }, { id: 'x', question: '三' }, { id: null, question: '四' }]);
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.id, r.question])).toEqual([
      [1, '1', '一'],
      [2, '2', '二'],
      [3, 'x', '三'],
      [4, '4', '四'],
    ]);
    expect(records[1]!.fields).toEqual({ question: '二', kind: 'none', id: '2' });
  });

  it('reports bad items by position', () => {
    const { records, errors } = parseQuestionArray(['一', 42, ['二'], { id: 'a' }, '  ', { id: '1', question: '重复' }]);
    expect(records.map((r) => r.id)).toEqual(['1']);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
  });
});
