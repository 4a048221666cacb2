import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestCorpus, ingestFile, listReportFiles } from '../../src/ingest/index.js';
import { splitCells } from '../../src/ingest/tables.js';
import type { Report } from '../../src/types.js';
import { CORPUS_DIR, SEED_IDS, seedReport } from '../helpers/corpus.js';

let dir: string;
const seedText = (id: string) => readFile(path.join(CORPUS_DIR, `${id}.txt`), 'utf8');
const shape = (r: Report) => r.paragraphs.map((p) => ({ kind: p.kind, path: p.headingPath, norm: p.norm }));
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Renders a seed as a web page would: paragraphs in <p>, `|` rows as a <table>, plus page chrome. */
function seedAsHtml(text: string): string {
  const body: string[] = [];
  let rows: string[] = [];
  const flushTable = () => {
    if (rows.length) body.push(`<table>${rows.join('')}</table>`);
    rows = [];
  };
  for (const line of text.split('\n')) {
    if (line.includes('|')) rows.push(`<tr>${splitCells(line).map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
    else {
      flushTable();
      if (line.trim()) body.push(`<p>${escapeHtml(line)}</p>`);
    }
  }
  flushTable();
  return `<!doctype html><html><head><title>政府信息公开</title><style>p{color:red}</style><script>var x = "<p>不是正文</p>";</script></head>
<body><nav><a href="/">首页</a> <a href="/x">区政府</a></nav><div class="content">${body.join('\n')}</div><footer>版权所有 © 2019</footer></body></html>`;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-ingest-'));
});

describe('encodings and formats', () => {
  it.each([SEED_IDS.luSong, SEED_IDS.suifenhe])('a GB18030 copy of %s parses to the same paragraphs', async (id) => {
    const file = path.join(dir, `${id}-gbk.txt`);
    await writeFile(file, iconv.encode(await seedText(id), 'gb18030'));
    const { report } = await ingestFile(file, dir);
    expect(shape(report!)).toEqual(shape(await seedReport(id)));
    expect(report!.meta.region.value).toBe((await seedReport(id)).meta.region.value);
  });

  it('UTF-8 with BOM and UTF-16 with BOM parse like the original', async () => {
    const text = await seedText(SEED_IDS.chifeng);
    const bom8 = path.join(dir, 'bom8.txt');
    const bom16 = path.join(dir, 'bom16.txt');
    await writeFile(bom8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    await writeFile(bom16, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]));
    const original = shape(await seedReport(SEED_IDS.chifeng));
    expect(shape((await ingestFile(bom8, dir)).report!)).toEqual(original);
    expect(shape((await ingestFile(bom16, dir)).report!)).toEqual(original);
  });

  it.each([SEED_IDS.suifenhe, SEED_IDS.chifeng, SEED_IDS.luSong])('an HTML rendering of %s parses to the same paragraphs', async (id) => {
    const file = path.join(dir, `${id}.html`);
    await writeFile(file, seedAsHtml(await seedText(id)));
    const { report } = await ingestFile(file, dir);
    expect(shape(report!)).toEqual(shape(await seedReport(id)));
    expect(report!.text).not.toContain('不是正文');
    expect(report!.text).not.toContain('版权所有');
  });

  it('reads Markdown headings and tables', async () => {
    const file = path.join(dir, 'report.md');
    await writeFile(file, '# 某县人民政府2020年政府信息公开工作年度报告\n\n## 一、总体情况\n\n2020年,我县主动公开信息120条。\n\n| 信息内容 | 本年新制发件数 |\n|---|---|\n| 规章 | 3 |\n');
    const { report } = await ingestFile(file, dir);
    expect(report!.meta.year.value).toBe(2020);
    expect(report!.sections.map((s) => s.title)).toEqual(['一、总体情况']);
    expect(report!.paragraphs.find((p) => p.kind === 'tableRow' && p.context)?.context).toBe('规章：本年新制发件数 3');
  });
});

describe('files that cannot be used', () => {
  it('skips empty, whitespace-only, binary and unsupported files with a reason, and goes on', async () => {
    const corpus = await mkdtemp(path.join(os.tmpdir(), 'nianbao-bad-'));
    await writeFile(path.join(corpus, 'a-empty.txt'), '');
    await writeFile(path.join(corpus, 'b-blank.txt'), ' \n\n  \n');
    await writeFile(path.join(corpus, 'c-binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    await writeFile(path.join(corpus, 'd-report.pdf'), '%PDF-1.4');
    await writeFile(path.join(corpus, 'e-good.txt'), await seedText(SEED_IDS.chifeng));
    const { reports, skipped } = await ingestCorpus(corpus, corpus);
    expect(reports.map((r) => r.id)).toEqual(['e-good']);
    expect(skipped.map((s) => [s.source, s.code])).toEqual([
      ['a-empty.txt', 'FILE_EMPTY'],
      ['b-blank.txt', 'FILE_EMPTY'],
      ['c-binary.txt', 'FILE_BINARY'],
      ['d-report.pdf', 'FILE_UNREADABLE'],
    ]);
    for (const s of skipped) expect(s.message).toContain(s.source.split('.')[0]);
  });

  it('indexes a heading-less file as top-level paragraphs with a warning', async () => {
    const file = path.join(dir, 'plain.txt');
    await writeFile(file, '今年我们做了很多工作。\n全年主动公开信息300条。\n');
    const { report } = await ingestFile(file, dir);
    expect(report!.sections).toEqual([]);
    expect(report!.paragraphs.map((p) => p.headingPath)).toEqual([[], []]);
    expect(report!.chunks.length).toBeGreaterThan(0);
    expect(report!.warnings.join()).toMatch(/no headings found/);
  });
});

describe('sidecar metadata', () => {
  it('a valid sidecar overrides detection', async () => {
    const file = path.join(dir, 'masked.txt');
    await writeFile(file, await seedText(SEED_IDS.masked));
    await writeFile(`${file}.meta.json`, JSON.stringify({ region: '上海市某区', year: 2008 }));
    const { report } = await ingestFile(file, dir);
    expect(report!.meta.region).toEqual({ value: '上海市某区', source: 'sidecar' });
    expect(report!.meta.year).toEqual({ value: 2008, source: 'sidecar' });
    // The sidecar sets no body, so the body read from the text (the report says 我区) stands.
    expect(report!.meta.title.value).toBe('上海市某区人民政府2008年政府信息公开工作年度报告');
  });

  it('is also read under the base name (name.meta.json); with both, name.txt.meta.json wins and the other is named as ignored', async () => {
    const file = path.join(dir, 'masked-short.txt');
    await writeFile(file, await seedText(SEED_IDS.masked));
    await writeFile(path.join(dir, 'masked-short.meta.json'), JSON.stringify({ region: '上海市某区', year: 2008 }));
    const short = (await ingestFile(file, dir)).report!;
    expect(short.meta.region).toEqual({ value: '上海市某区', source: 'sidecar' });
    expect(short.meta.year).toEqual({ value: 2008, source: 'sidecar' });
    expect(short.warnings.join()).not.toMatch(/meta\.json/);

    await writeFile(`${file}.meta.json`, JSON.stringify({ region: '上海市某区', year: 2009 }));
    const both = (await ingestFile(file, dir)).report!;
    expect(both.meta.year).toEqual({ value: 2009, source: 'sidecar' });
    expect(both.warnings.join()).toContain('masked-short.meta.json');
    expect(both.warnings.join()).toMatch(/ignored/);
    // Sidecars are never taken for reports.
    expect((await listReportFiles(dir)).filter((f) => f.includes('masked-short'))).toEqual([file]);
  });

  it('an invalid sidecar is ignored with a warning naming the field', async () => {
    const file = path.join(dir, 'chifeng.txt');
    await writeFile(file, await seedText(SEED_IDS.chifeng));
    await writeFile(`${file}.meta.json`, JSON.stringify({ year: '去年' }));
    const { report } = await ingestFile(file, dir);
    expect(report!.meta.year).toEqual({ value: 2012, source: 'body' });
    expect(report!.warnings.join()).toMatch(/chifeng\.txt\.meta\.json year/);
  });
});

describe('chunks', () => {
  it('every chunk is a verbatim span with its paragraphs, and every paragraph is in a chunk', async () => {
    for (const id of Object.values(SEED_IDS)) {
      const r = await seedReport(id);
      const covered = new Set<number>();
      for (const c of r.chunks) {
        expect(r.text.slice(c.start, c.end)).toBe(c.text);
        expect(c.id.startsWith(`${r.id}#p${c.paragraphs[0]}`)).toBe(true);
        c.paragraphs.forEach((n) => covered.add(n));
        expect(c.text.length).toBeLessThanOrEqual(400);
      }
      expect(covered.size).toBe(r.paragraphs.length);
      expect(new Set(r.chunks.map((c) => c.id)).size).toBe(r.chunks.length);
    }
  });

  it('a table data row is its own chunk, with header rows and the section heading joined in', async () => {
    const r = await seedReport(SEED_IDS.suifenhe);
    const c = r.chunks.find((x) => x.text.includes('四、政府信息公开行政复议、行政诉讼情况'));
    expect(c?.kind).toBe('tableRow');
    expect(c?.text).toContain('0 | 0 | 0');
    const purchase = r.chunks.find((x) => x.text.includes('政府集中采购 | 2 | 49.1400'));
    expect(purchase?.context).toContain('政府集中采购：采购项目数量 2；采购总金额(万元) 49.1400');
  });
});
