import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { isNianbaoError } from '../../src/errors.js';
import { describeInputError, parseQuestionArray, parseQuestionCsv, parseQuestionJsonl, readQuestionFile } from '../../src/eval/questions.js';

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

describe('files without ids', () => {
  it('JSONL: a missing (or null) id is the 1-based line number in the file, blank lines counted', async () => {
    const text = ['{"question":"赤峰2012年依申请公开多少件","kind":"fact"}', '', '{"question":"祥符区2018年办结市长专线多少件"}', '{"id":"own","question":"三"}', '{"id":null,"question":"四"}'].join('\n');
    const { records, errors } = await readQuestionFile(await fileWith('no-ids.jsonl', text));
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.id, r.question])).toEqual([
      [1, '1', '赤峰2012年依申请公开多少件'],
      [3, '3', '祥符区2018年办结市长专线多少件'],
      [4, 'own', '三'],
      [5, '5', '四'],
    ]);
    // The numbered id is part of the record that passes through to the output.
    expect(records[0]!.fields).toEqual({ id: '1', question: '赤峰2012年依申请公开多少件', kind: 'fact' });
  });

  it('JSONL: a numbered id that collides with a given one is a duplicate on the later line', () => {
    const { records, errors } = parseQuestionJsonl('{"question":"一"}\n{"id":"1","question":"二"}\n');
    expect(records.map((r) => r.id)).toEqual(['1']);
    expect(errors.map(describeInputError)).toEqual(['第 2 行 (line 2): 重复的 id (duplicate id): 1']);
  });

  it('CSV without an id column: the id is the data row number (header and blank lines not counted); `line` stays the file line', async () => {
    const csv = 'question,kind\n赤峰2012年依申请公开多少件,fact\n\n"祥符区2018年\n办结市长专线多少件",fact\n赤峰市2030年依申请公开多少件,none\n';
    const { records, errors } = await readQuestionFile(await fileWith('no-ids.csv', csv));
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.id])).toEqual([
      [2, '1'],
      [5, '2'],
      [6, '3'],
    ]);
    expect(records[2]!.fields).toEqual({ id: '3', question: '赤峰市2030年依申请公开多少件', kind: 'none' });
  });

  it('CSV from Excel in GBK without an id column', async () => {
    const { records } = await readQuestionFile(await fileWith('no-ids-gbk.csv', iconv.encode('question\r\n赤峰2012年依申请公开多少件\r\n', 'gbk')));
    expect(records.map((r) => [r.id, r.question])).toEqual([['1', '赤峰2012年依申请公开多少件']]);
  });
});

describe('bad-line messages', () => {
  it('name the line and the field, in Chinese with English', () => {
    const { errors } = parseQuestionJsonl(['{"question":"好"}', '{"kind":"fact"}', '{"question":"   "}', '{"question":42}', '{"id":{},"question":"问"}', '{"id":"","question":"问"}', '["问"]'].join('\n'));
    const lines = errors.map(describeInputError);
    expect(lines[0]).toBe('第 2 行 (line 2): question: 必填 (required)');
    expect(lines[1]).toBe('第 3 行 (line 3): question: 不能为空 (must not be empty)');
    expect(lines[2]).toBe('第 4 行 (line 4): question: 应为文本 (must be text)');
    expect(lines[3]).toBe('第 5 行 (line 5): id: 应为文本或数字 (must be text or a number)');
    expect(lines[4]).toMatch(/^第 6 行 \(line 6\): id: 不能为空 \(must not be empty\)；.*leave the id field or column out/);
    expect(lines[5]).toMatch(/^第 7 行 \(line 7\): 应为 JSON 对象.*\(must be a JSON object/);
    expect(lines.join('\n')).not.toMatch(/Invalid input|Required|Expected/);
  });

  it('a CSV row with an empty question names its file line and the field', () => {
    const { errors } = parseQuestionCsv('question,kind\n好,fact\n,fact\n');
    expect(errors.map(describeInputError)).toEqual(['第 3 行 (line 3): question: 不能为空 (must not be empty)']);
  });

  it('a CSV header without a question column is INVALID_INPUT_FILE naming the columns it has', async () => {
    expect(await errorCode(() => parseQuestionCsv('id,text\n1,赤峰\n'))).toBe('INVALID_INPUT_FILE');
    expect(() => parseQuestionCsv('id,text\n1,赤峰\n')).toThrow(/question.*got: id,text/);
  });
});
