import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectMetadata, ingestCorpus } from '../../src/ingest/index.js';
import type { Report } from '../../src/types.js';

const REALISTIC = path.resolve('tests/fixtures/eval/realistic/corpus');

/** What each realistic page states about itself (its README); the place is its last gazetteer level. */
const EXPECTED: Record<string, [place: string, body: string, year: number]> = {
  r01: ['德清县', '水利局', 2021], r02: ['德清县', '水利局', 2022], r03: ['宜兴市', '教育局', 2018], r04: ['宜兴市', '教育局', 2020],
  r05: ['泉城路街道', '街道办事处', 2020], r06: ['泉城路街道', '街道办事处', 2021], r07: ['天荒坪镇', '人民政府', 2021],
  r08: ['宁夏回族自治区', '人民政府办公厅', 2020], r09: ['阿拉善盟', '行政公署', 2014], r10: ['科尔沁右翼中旗', '人民政府', 2021],
  r11: ['延边朝鲜族自治州', '外事办公室', 2019], r12: ['江汉区', '卫生健康局', 2022], r13: ['宝鸡市', '审计局', 2019],
  r14: ['洛龙区', '农业农村局', 2019], r15: ['河西区', '住房和城乡建设委员会', 2021], r16: ['武侯区', '公安分局', 2020],
  r17: ['浏阳市', '人民政府', 2015], r18: ['沙洲坝镇', '人民政府', 2020], r19: ['陈埭镇', '人民政府', 2016], r20: ['秀峰区', '人民政府', 2010],
  r21: ['博鳌镇', '人民政府', 2022], r22: ['甘州区', '人民政府办公室', 2019], r23: ['古塔区', '司法局', 2022], r24: ['平遥县', '人民政府', 2008],
};

describe('metadata of real-looking pages (untitled, index headers, 我局, cited provinces, split titles, GBK/UTF-16)', () => {
  let reports: Report[];
  beforeAll(async () => {
    reports = (await ingestCorpus(REALISTIC, process.cwd())).reports;
  });

  it('finds place, body and year of every report, with no warning', () => {
    expect(reports).toHaveLength(24);
    for (const r of reports) {
      const [place, body, year] = EXPECTED[r.id.slice(0, 3)]!;
      expect({ id: r.id, place: r.meta.place?.path.at(-1), body: r.meta.body.value, year: r.meta.year.value }).toEqual({ id: r.id, place, body, year });
      expect(r.warnings).toEqual([]);
    }
  });

  it('resolves a town named once in the preamble to its county, prefecture and province', () => {
    const r07 = reports.find((r) => r.id.startsWith('r07'))!;
    expect(r07.meta.place?.path).toEqual(['浙江省', '湖州市', '安吉县', '天荒坪镇']);
    expect(r07.meta.region.source).toBe('preamble');
  });
});

describe('detectMetadata', () => {
  it('never takes a province named only inside a cited document for the reporter', () => {
    const text = '根据《江苏省人民政府办公厅关于做好2021年度政府信息公开工作年度报告编制发布工作的通知》要求，编制本报告。\n一、总体情况\n2021年，我镇主动公开信息120条。';
    const meta = detectMetadata(text);
    expect(meta.region.value).toBeNull();
    expect(meta.place).toBeNull();
    expect(meta.year.value).toBe(2021);
  });

  it('reads a flattened index header: issuer from 发布机构, year from an early-next-year 生成日期', () => {
    const text = '索引号 | 000/2023-01 | 分类 | 年报\n发布机构 | 宜兴市教育局 | 生成日期 | 2023-01-20\n\n一、总体情况\n本年度，我局主动公开信息100条。2024年我局将进一步做好公开工作。';
    const meta = detectMetadata(text);
    expect(meta.place?.path).toEqual(['江苏省', '无锡市', '宜兴市']);
    expect(meta.body).toEqual({ value: '教育局', source: 'header' });
    // `2024年我局将…` is a plan, not the period covered.
    expect(meta.year).toEqual({ value: 2022, source: 'header' });
  });

  it('joins a title split over two lines, after site navigation, and reads 〇 numerals', () => {
    const text = '首页 > 政务公开 > 年度报告\n锦州市古塔区司法局\n二〇二二年度政务公开工作年度报告\n一、总体情况\n我局主动公开信息145条。';
    const meta = detectMetadata(text);
    expect(meta.title.value).toBe('锦州市古塔区司法局2022年度政务公开工作年度报告');
    expect(meta.place?.path).toEqual(['辽宁省', '锦州市', '古塔区']);
    expect(meta.body.value).toBe('司法局');
    expect(meta.year).toEqual({ value: 2022, source: 'title' });
  });

  it('keeps unknown fields unknown', () => {
    const meta = detectMetadata('一、概述\n本年度共公开信息12条。');
    expect(meta.region.value).toBeNull();
    expect(meta.year.value).toBeNull();
  });
});
