import { describe, expect, it } from 'vitest';
import { canonicalBody, parseIssuer } from '../../src/ingest/issuer.js';
import { getGazetteer, placePath } from '../../src/lang/zh/index.js';

const path = (issuer: ReturnType<typeof parseIssuer>) => (issuer.place ? placePath(issuer.place).map((p) => p.name) : null);

describe('parseIssuer', () => {
  it.each([
    ['德清县水利局', ['浙江省', '湖州市', '德清县'], '水利局'],
    ['济南市历下区泉城路街道办事处', ['山东省', '济南市', '历下区', '泉城路街道'], '街道办事处'],
    ['成都市公安局武侯区分局', ['四川省', '成都市', '武侯区'], '公安分局'],
    ['延边朝鲜族自治州人民政府外事办公室', ['吉林省', '延边朝鲜族自治州'], '外事办公室'],
    ['天津市河西区住房和城乡建设委员会', ['天津市', '河西区'], '住房和城乡建设委员会'],
    ['阿拉善盟行政公署', ['内蒙古自治区', '阿拉善盟'], '行政公署'],
    ['天荒坪镇人民政府', ['浙江省', '湖州市', '安吉县', '天荒坪镇'], '人民政府'],
  ])('%s → %o %s', (raw, expectedPath, body) => {
    const issuer = parseIssuer(raw);
    expect(path(issuer)).toEqual(expectedPath);
    expect(issuer.body).toBe(body);
  });

  it('reads a body with no place (`自治区人民政府办公厅`, `区农业农村局`)', () => {
    expect(parseIssuer('自治区人民政府办公厅')).toEqual({ place: null, placeName: null, body: '人民政府办公厅' });
    expect(parseIssuer('区农业农村局').body).toBe('农业农村局');
  });

  it('leaves an ambiguous place unresolved unless the report names one of its parents', () => {
    const alone = parseIssuer('城北街道办事处');
    expect(alone.placeName).toBe('城北街道');
    expect(alone.place).toBeNull();
    const [linxi] = getGazetteer().byName('林西县');
    const settled = parseIssuer('城北街道办事处', [linxi!]);
    expect(path(settled)).toEqual(['内蒙古自治区', '赤峰市', '林西县', '城北街道']);
  });

  it('maps renamed and short bodies to one canonical name', () => {
    expect(canonicalBody('住建委', false)).toBe('住房和城乡建设委员会');
    expect(canonicalBody('农业局', false)).toBe('农业农村局');
    expect(canonicalBody('办事处', true)).toBe('街道办事处');
    // Not an agency: no body.
    expect(canonicalBody('关于做好年度报告的通知', false)).toBeNull();
  });
});
