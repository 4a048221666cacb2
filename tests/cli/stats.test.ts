/**
 * `npm run -s stats` as a user runs it, in process (the module's `run()`, stdout captured): a temp
 * project (NIANBAO_ROOT) holding the seed corpus, whose index the command builds on first use. Without
 * `--measure` it lists the catalogue; with one it prints each value with its report and paragraph, then
 * the reports that do not state it; `--csv` and `--json` give the API's CSV and JSON; an unknown measure
 * or a bad year is INVALID_REQUEST.
 */
import { cp, mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/stats.js';
import { isNianbaoError } from '../../src/errors.js';
import { MEASURES } from '../../src/lang/zh/measures.js';
import { CORPUS_DIR, SEED_IDS } from '../helpers/corpus.js';

const ENV = ['NIANBAO_ROOT', 'NIANBAO_EMBED_DIM', 'NIANBAO_CORPUS_DIR', 'NIANBAO_INDEX_DIR', 'NIANBAO_MODELS_DIR'];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

beforeAll(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'nianbao-stats-cli-'));
  await cp(CORPUS_DIR, path.join(root, 'corpus'), { recursive: true });
  await mkdir(path.join(root, 'index'));
  for (const k of ENV) delete process.env[k];
  process.env.NIANBAO_ROOT = root;
  process.env.NIANBAO_EMBED_DIM = '32';
  // Build the index once (the first run does it), so each test below reads it.
  await stats('--measure', '依申请公开.收到');
}, 180_000);

afterAll(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

/** Runs the command in process; stdout as text, stderr discarded (build progress). */
async function stats(...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await run(args), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The error a run throws (the CLI entry prints it as one line and exits 1). */
async function failure(...args: string[]): Promise<unknown> {
  try {
    await stats(...args);
  } catch (e) {
    return e;
  }
  throw new Error(`npm run stats -- ${args.join(' ')} did not fail`);
}

describe('npm run -s stats', () => {
  it('without --measure lists every standard measure with its name and unit', async () => {
    const { code, stdout } = await stats();
    expect(code).toBe(0);
    expect(stdout).toContain('统计项 (measure)');
    for (const m of MEASURES) expect(stdout, m.id).toContain(m.id);
    expect(stdout).toMatch(/依申请公开\.收到\s+\S+\s+件/);
  });

  it('--measure 依申请公开.收到 prints 赤峰市 2012 8件 (第26段) and 开封市祥符区 2018 15件, each with its source', async () => {
    const { code, stdout } = await stats('--measure', '依申请公开.收到');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/（依申请公开\.收到）：\d+ 份报告说明了该项，共 5 份报告在范围内$/);
    const lines = stdout.split('\n');
    const chifeng = lines.find((l) => /赤峰市/.test(l) && /\b2012\b/.test(l))!;
    expect(chifeng, stdout).toBeDefined();
    expect(chifeng).toMatch(/\s8件\s/);
    expect(chifeng).toContain('第26段');
    expect(chifeng).toContain(`${SEED_IDS.chifeng}.txt#p26`);
    const xiangfu = lines.find((l) => /祥符区/.test(l) && /\b2018\b/.test(l))!;
    expect(xiangfu, stdout).toBeDefined();
    expect(xiangfu).toMatch(/开封市祥符区/);
    expect(xiangfu).toMatch(/\s15件\s/);
    expect(xiangfu).toContain(`${SEED_IDS.xiangfu}.txt#p`);
  });

  it('--region and --year narrow the scope', async () => {
    const { stdout } = await stats('--measure', '依申请公开.收到', '--region', '赤峰', '--year', '2012');
    expect(stdout.split('\n')[0]).toMatch(/：1 份报告说明了该项，共 1 份报告在范围内$/);
    expect(stdout).toContain('8件');
    expect(stdout).not.toContain('祥符区');
    const none = await stats('--measure', '依申请公开.收到', '--region', '赤峰', '--year', '2030');
    expect(none.stdout.trim()).toMatch(/：0 份报告说明了该项，共 0 份报告在范围内$/);
  });

  it('--csv prints the CSV of GET /api/stats: a header, then one row per value and per report that lacks it', async () => {
    const { code, stdout } = await stats('--measure', '依申请公开.收到', '--csv');
    expect(code).toBe(0);
    const rows = parse(stdout) as string[][];
    expect(rows[0]).toEqual(['地区', '年份', '发布机关', '统计项', '数值', '单位', '原文数字', '报告', '文件', '段落', '页', '原文']);
    const chifeng = rows.find((r) => r[1] === '2012' && r[0]!.includes('赤峰市'))!;
    expect(chifeng.slice(4, 7)).toEqual(['8', '件', '8件']);
    expect(chifeng[8]).toBe(`${SEED_IDS.chifeng}.txt`);
    expect(chifeng[9]).toBe('26');
    expect(chifeng[11]).toContain('全年受理依申请公开8件');
    const xiangfu = rows.find((r) => r[1] === '2018' && r[0]!.includes('祥符区'))!;
    expect(xiangfu.slice(4, 7)).toEqual(['15', '件', '15件']);
    // Same rows as --json: every value and every missing report, once.
    const json = JSON.parse((await stats('--measure', '依申请公开.收到', '--json')).stdout) as { values: unknown[]; missing: unknown[] };
    expect(rows.length - 1).toBe(json.values.length + json.missing.length);
    expect(rows.slice(1 + json.values.length).every((r) => r[6] === '未说明' && r[4] === '')).toBe(true);
  });

  it('--json prints the body of GET /api/stats', async () => {
    const body = JSON.parse((await stats('--measure', '依申请公开.收到', '--region', '赤峰', '--json')).stdout) as {
      measure: { id: string };
      scope: { region: string | null };
      values: { reportId: string; value: number; paragraph: number; url: string }[];
    };
    expect(body.measure.id).toBe('依申请公开.收到');
    expect(body.scope.region).toBe('赤峰');
    expect(body.values).toEqual([expect.objectContaining({ reportId: SEED_IDS.chifeng, value: 8, paragraph: 26, url: `/reports/${SEED_IDS.chifeng}?hl=8%E4%BB%B6#p26` })]);
  });

  it('an unknown measure fails with NianbaoError INVALID_REQUEST naming it; so does a bad year', async () => {
    const e = await failure('--measure', '依申请公开.收获');
    expect(isNianbaoError(e)).toBe(true);
    expect((e as { code: string }).code).toBe('INVALID_REQUEST');
    expect((e as Error).message).toContain('依申请公开.收获');
    const year = await failure('--measure', '依申请公开.收到', '--year', '12');
    expect((year as { code: string }).code).toBe('INVALID_REQUEST');
    expect((year as Error).message).toContain('--year');
  });
});
