import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPinyinGloss, normalizeText, stripPinyinGlosses } from '../../src/text/index.js';
import { CORPUS_DIR, SEED_IDS, seedReport, seedReports } from '../helpers/corpus.js';

describe('seed metadata', () => {
  it.each([
    [SEED_IDS.luSong, ['湖南省', '株洲市', '芦淞区'], '人民政府', 2013],
    [SEED_IDS.suifenhe, ['黑龙江省', '牡丹江市', '绥芬河市'], '住房和城乡建设局', 2019],
    [SEED_IDS.xiangfu, ['河南省', '开封市', '祥符区'], '人民政府', 2018],
    [SEED_IDS.chifeng, ['内蒙古自治区', '赤峰市'], '人民政府', 2012],
  ])('%s → %s %s %s', async (id, path, body, year) => {
    const r = await seedReport(id);
    // The region is resolved in the gazetteer: the full path, also when the report names only the city.
    expect(r.meta.region.value).toBe(path.join(''));
    expect(r.meta.place?.path).toEqual(path);
    expect(r.meta.body.value).toBe(body);
    expect(r.meta.year.value).toBe(year);
    expect(r.meta.title.value).toContain(`${year}年`);
    expect(r.meta.title.value).toContain(path.at(-1));
  });

  it('records where each value came from', async () => {
    expect((await seedReport(SEED_IDS.luSong)).meta.region.source).toBe('title');
    const chifeng = await seedReport(SEED_IDS.chifeng);
    expect(chifeng.meta.region.source).toBe('body');
    expect(chifeng.meta.year.source).toBe('body');
    expect(chifeng.meta.title).toEqual({ value: '赤峰市人民政府2012年政府信息公开工作年度报告', source: 'synthesized' });
  });

  it('does not guess the masked region and year of 003', async () => {
    const r = await seedReport(SEED_IDS.masked);
    expect(r.meta.region.value).toBeNull();
    expect(r.meta.year.value).toBeNull();
    expect(r.meta.title.value).toContain('不详');
    expect(r.warnings.join()).toMatch(/region unknown/);
  });

  it('titles are simplified Chinese', async () => {
    expect((await seedReport(SEED_IDS.luSong)).meta.title.value).toBe('株洲市芦淞区人民政府2013年政府信息公开年度报告');
  });
});

describe('seed structure', () => {
  it('004 has exactly six top-level sections 一…六', async () => {
    const r = await seedReport(SEED_IDS.chifeng);
    expect(r.sections.filter((s) => s.level === 1).map((s) => s.title)).toEqual([
      '一、概述',
      '二、主动公开政府信息情况',
      '三、依申请公开办理情况',
      '四、政府信息公开的收费及减免情况',
      '五、因政府信息公开申请行政复议、提起行政诉讼情况',
      '六、主要问题及改进措施',
    ]);
  });

  it('the 8-applications paragraph of 004 sits under 三、依申请公开办理情况', async () => {
    const r = await seedReport(SEED_IDS.chifeng);
    const p = r.paragraphs.find((x) => x.text.includes('全年受理依申请公开8件'));
    expect(p?.kind).toBe('paragraph');
    expect(p?.headingPath).toEqual(['三、依申请公开办理情况']);
    expect(r.text.slice(p!.start, p!.end)).toBe(p!.text);
  });

  it('inline enumerations stay inside their paragraph', async () => {
    const r = await seedReport(SEED_IDS.chifeng);
    const p = r.paragraphs.find((x) => x.text.startsWith('一是推进基础政务信息公开'));
    expect(p?.kind).toBe('paragraph');
    expect(p?.headingPath).toEqual(['二、主动公开政府信息情况', '(一)公开数量和内容']);
  });

  it('splits a run-in heading from its paragraph', async () => {
    const r = await seedReport(SEED_IDS.suifenhe);
    const s = r.sections.find((x) => x.title === '(一)领导重视,落实责任');
    expect(s?.path).toEqual(['一、总体情况', '(一)领导重视,落实责任']);
    expect(r.paragraphs[s!.headingParagraph]!.text).toMatch(/^根据工作要点/);
  });

  it('the 行政处罚 row of 001 carries 1 / 增5 / 12 with its headers', async () => {
    const r = await seedReport(SEED_IDS.suifenhe);
    const row = r.paragraphs.find((p) => p.kind === 'tableRow' && p.text.startsWith('行政处罚'));
    expect(row?.context).toBe('第二十条第(六)项 行政处罚：上一年项目数量 1；本年增/减 增5；处理决定数量 12');
    expect(row?.text).toBe('行政处罚 | 1 | 增5 | 12 | |');
    expect(row?.headingPath).toEqual(['二、主动公开政府信息情况']);
  });

  it('the application-statistics table of 001 yields readable rows', async () => {
    const r = await seedReport(SEED_IDS.suifenhe);
    const contexts = r.paragraphs.map((p) => p.context ?? '');
    expect(contexts).toContain('一、本年新收政府信息公开申请数量：0');
    expect(contexts).toContain('三、本年度办理结果 (三)不予公开 2.其他法律行政法规禁止公开：0');
    const row = r.paragraphs.find((p) => p.context === '一、本年新收政府信息公开申请数量：0');
    expect(row?.headingPath).toEqual(['三、收到和处理政府信息公开申请情况']);
  });

  it('every paragraph is numbered 1..n and lies at its offsets', async () => {
    for (const r of await seedReports()) {
      r.paragraphs.forEach((p, i) => {
        expect(p.n).toBe(i + 1);
        expect(r.text.slice(p.start, p.end)).toBe(p.text);
      });
    }
  });
});

describe('seed cleaning', () => {
  it('removes site chrome, the spam preface, footers and tag clouds', async () => {
    const xiangfu = (await seedReport(SEED_IDS.xiangfu)).text;
    for (const s of ['RSS订阅', '当前位置', '次浏览', '热点排行', '图片新闻', '最新新闻', '区人大']) expect(xiangfu).not.toContain(s);
    expect(xiangfu.startsWith('开封市祥符区人民政府2018年度政府信息公开工作年度报告')).toBe(true);
    const luSong = (await seedReport(SEED_IDS.luSong)).text;
    for (const s of ['相關詞條', '熱門詞條', '聯絡我們']) expect(luSong).not.toContain(s);
    const masked = (await seedReport(SEED_IDS.masked)).text;
    expect(masked).not.toContain('本站為你精心整理了');
    expect(masked).not.toContain('社區工作總結');
    expect(masked.trimEnd().endsWith('進一步健全和完善政府信息公開評估辦法的指標體系。')).toBe(true);
  });

  it('removes pinyin glosses', async () => {
    for (const r of await seedReports()) expect(hasPinyinGloss(r.text)).toBe(false);
    const masked = (await seedReport(SEED_IDS.masked)).text;
    expect(masked).toContain('業務');
    expect(masked).toContain('紙質全文1380件');
  });

  // Chrome lines with digits that cleaning is meant to drop; everything else with a digit must survive.
  const DROPPED_CHROME = ['来源: | 作者:xfqrmzfd | 发布时间: 2019-01-22 | 1790 次浏览 | 分享到:'];

  it('keeps every sentence of the seeds that contains a digit', async () => {
    for (const r of await seedReports()) {
      const raw = stripPinyinGlosses(await readFile(path.join(CORPUS_DIR, `${r.id}.txt`), 'utf8'));
      const sentences = raw
        .split('\n')
        .filter((line) => !DROPPED_CHROME.includes(line.trim()))
        .flatMap((line) => line.split(/(?<=[。；！？])/))
        .map((s) => s.trim())
        .filter((s) => /\d/.test(s));
      expect(sentences.length).toBeGreaterThan(3);
      const cleaned = r.text.replace(/\s+/g, '');
      for (const s of sentences) expect(cleaned, `${r.id}: ${s}`).toContain(s.replace(/\s+/g, ''));
    }
  });

  it('keeps a simplified search form of every paragraph', async () => {
    const r = await seedReport(SEED_IDS.luSong);
    const p = r.paragraphs.find((x) => x.text.includes('全區55個行政村'));
    expect(p?.norm).toBe(normalizeText(p!.text));
    expect(p?.norm).toContain('全区55个行政村、46个社区');
  });
});
