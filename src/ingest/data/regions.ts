/**
 * Vocabulary for reading the issuing region and body out of a report, as data.
 */

/** Administrative-division suffixes, longest first so `自治州` wins over `州`. */
export const REGION_SUFFIXES: readonly string[] = ['特别行政区', '自治区', '自治州', '自治县', '自治旗', '新区', '省', '市', '州', '盟', '区', '县', '旗', '镇', '乡'];

/**
 * A full region name at the start of a string: optional province, optional prefecture, optional county
 * level, each a 2–7 character name plus suffix (`株洲市芦淞区`, `开封市祥符区`, `绥芬河市`).
 */
export const REGION_AT_START =
  /^((?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,7}?(?:市|自治州|州|盟))?(?:[\u4e00-\u9fff]{2,6}?(?:新区|区|县|旗|自治县|自治旗|市))?)/;

/** Words that end with a region suffix but are not region names. */
export const NOT_REGIONS: ReadonlySet<string> = new Set([
  '城市', '全市', '本市', '我市', '各市', '市区', '城区', '全区', '本区', '我区', '各区', '辖区', '社区', '园区', '景区', '小区',
  '全县', '本县', '我县', '各县', '全旗', '我旗', '地区', '省市', '市县', '区县', '旗县', '县区', '乡镇', '城乡',
]);

/** Leading words that introduce a name in running text (`现公布开封市祥符区…`). */
export const LEAD_WORDS = /^(?:现将|现公布|现予公布|特公布|公布|发布|印发|关于|根据|按照|依据|本|我|由|经|对|在|通过|以下为)+/;

/** Local media whose names carry the city (`赤峰日报`, `赤峰要闻`): a clue when the report says only `我市`. */
export const MEDIA_SUFFIXES: readonly string[] = ['日报', '晚报', '要闻', '电视台', '电台', '新闻网', '新闻', '广播电视台', '融媒体中心'];

/** `我市` / `我区` … : which level of government is speaking. */
export const SELF_REFERENCES: Readonly<Record<string, string>> = { 我市: '市', 我区: '区', 我县: '县', 我旗: '旗', 我州: '州', 我盟: '盟', 我省: '省' };
