/**
 * The corpus catalogue: which regions, bodies and years the corpus has reports for, and the names a
 * question may use for them. Aliases are derived from the corpus's own metadata (`株洲市芦淞区` →
 * `芦淞区`, `芦淞`, `株洲芦淞区` …) plus the data tables in `data/`, so adding a report needs no code.
 * `matchReports` turns a parsed question into a report constraint, or into an explicit notice when the
 * corpus has no report for what was asked.
 */
import { inScript, normalizeText } from '../text/index.js';
import type { MissingReportNotice, ParsedQuery, ReportSummary, Script } from '../types.js';
import {
  AGENCY_ENDINGS,
  BODY_ABBREVIATIONS,
  GENERIC_REGION_CORES,
  NOT_REGION_WORDS,
  REGION_SUFFIXES,
  bannerAbbreviation,
  DEFAULT_BODIES,
  bodyNameVariants,
  formerNames,
  stripEthnic,
  type RegionSuffix,
} from '../lang/zh/index.js';

/** One administrative level of a region name: `芦淞区` = core `芦淞` + suffix `区`. */
export interface RegionLevel {
  name: string;
  core: string;
  suffix: string;
}

export interface BodyAlias {
  /** Canonical (full) body name. */
  body: string;
  /** True when the alias names an agency unmistakably, so it may count even with no region before it. */
  standalone: boolean;
}

export interface Catalog {
  readonly reports: readonly ReportSummary[];
  /** Simplified alias → the canonical region names it can stand for (usually one). */
  readonly regionAliases: ReadonlyMap<string, readonly string[]>;
  /** Canonical region → the short name used in messages (`陕西省宝鸡市` → `宝鸡市`). */
  readonly regionLabels: ReadonlyMap<string, string>;
  /** Canonical region → its gazetteer path, where the place was resolved. */
  readonly regionPaths: ReadonlyMap<string, readonly string[]>;
  /** Simplified alias → body; covers the data table and every body the corpus has. */
  readonly bodyAliases: ReadonlyMap<string, BodyAlias>;
  /** Canonical bodies that issued at least one report in the corpus. */
  readonly corpusBodies: ReadonlySet<string>;
  readonly maxRegionAliasLength: number;
  readonly maxBodyAliasLength: number;
  /**
   * The reports of a canonical region / of a body / of a year, in `reports` order. A report of unknown
   * issuer is listed under the government (`bodyMatches`).
   */
  readonly byRegion: ReadonlyMap<string, readonly ReportSummary[]>;
  readonly byBody: ReadonlyMap<string, readonly ReportSummary[]>;
  readonly byYear: ReadonlyMap<number | null, readonly ReportSummary[]>;
}

export interface ReportMatch {
  /** Reports the question is about; null = the question sets no constraint. */
  reportIds: string[] | null;
  notice?: MissingReportNotice;
}

/** The body a report with unknown issuer is assumed to have: annual reports are mostly the government's own. */
const DEFAULT_BODY = '人民政府';

/** The longest region suffix that starts at `i`, if any. */
export function regionSuffixAt(text: string, i: number, onlyDetectable = false): RegionSuffix | undefined {
  return REGION_SUFFIXES.find((s) => (!onlyDetectable || s.detectUnknown) && text.startsWith(s.suffix, i));
}

/**
 * Splits a full region name into administrative levels: `株洲市芦淞区` → [`株洲市`, `芦淞区`].
 * A level needs a core of at least two characters, so the `州` of `杭州市` is not taken for a suffix;
 * a split that would leave only a suffix (`景德镇` + `市`) is not made.
 */
export function splitRegionLevels(name: string): RegionLevel[] {
  const levels: RegionLevel[] = [];
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const sfx = regionSuffixAt(name, i);
    if (!sfx || i - start < 2) continue;
    const end = i + sfx.suffix.length;
    if (end < name.length && REGION_SUFFIXES.some((s) => s.suffix === name.slice(end))) continue;
    levels.push({ name: name.slice(start, end), core: name.slice(start, i), suffix: sfx.suffix });
    start = end;
    i = end - 1;
  }
  if (start < name.length) {
    const rest = name.slice(start);
    const sfx = REGION_SUFFIXES.find((s) => rest.endsWith(s.suffix) && rest.length > s.suffix.length);
    levels.push({ name: rest, core: sfx ? rest.slice(0, -sfx.suffix.length) : rest, suffix: sfx?.suffix ?? '' });
  }
  return levels;
}

/** The ways one level may be written: full, bare core, ethnic-stripped short form (`恩施州`). */
function levelVariants(level: RegionLevel): string[] {
  const out = [level.name];
  const usable = (core: string) => core.length >= 2 && !GENERIC_REGION_CORES.has(core);
  if (usable(level.core)) out.push(level.core);
  const short = REGION_SUFFIXES.find((s) => s.suffix === level.suffix)?.short;
  const plain = stripEthnic(level.core);
  // `宁夏回族自治区` → `宁夏`, `宁夏自治区`; `延边朝鲜族自治州` → `延边州`, `延边`, `延边自治州`.
  if (short !== undefined && plain !== level.core && usable(plain)) out.push(plain + short, plain, plain + level.suffix);
  // Banner abbreviations (`科右中旗`) and former names (`开封县` for 祥符区) come from the gazetteer's data.
  const banner = bannerAbbreviation(level.name);
  if (banner) out.push(banner);
  out.push(...formerNames(level.name));
  return [...new Set(out)];
}

/** The administrative levels of a gazetteer path: [`浙江省`, `湖州市`, `德清县`] with cores and suffixes. */
export function levelsOfPath(path: readonly string[]): RegionLevel[] {
  return path.map((name) => {
    const sfx = REGION_SUFFIXES.find((s) => name.endsWith(s.suffix) && name.length > s.suffix.length);
    return { name, core: sfx ? name.slice(0, -sfx.suffix.length) : name, suffix: sfx?.suffix ?? '' };
  });
}

/**
 * Every alias of a region: the variants of its last level, optionally preceded by variants of
 * consecutive parent levels (`芦淞区`, `株洲芦淞区`, `株洲市芦淞`, `株洲市芦淞区` …). A parent alone is not
 * an alias: `株洲` does not identify the 芦淞区 report.
 */
export function regionAliasesOf(name: string, path?: readonly string[] | null): string[] {
  const levels = path?.length ? levelsOfPath(path) : splitRegionLevels(name);
  if (levels.length === 0) return [name];
  let chains = levelVariants(levels[levels.length - 1]!);
  const all = new Set(chains);
  for (let k = levels.length - 2; k >= 0; k--) {
    chains = levelVariants(levels[k]!).flatMap((v) => chains.map((c) => v + c));
    chains.forEach((c) => all.add(c));
  }
  all.add(name);
  return [...all].filter((a) => a.length >= 2 && !NOT_REGION_WORDS.has(a));
}

/**
 * Builds the catalogue from the reports' metadata summaries. Region and body names are normalized
 * (simplified, half-width) so traditional metadata matches simplified questions.
 */
export function createCatalog(summaries: readonly ReportSummary[]): Catalog {
  const regionAliases = new Map<string, string[]>();
  const regionLabels = new Map<string, string>();
  const regionPaths = new Map<string, readonly string[]>();
  for (const s of summaries) {
    if (!s.region || regionLabels.has(s.region)) continue;
    regionLabels.set(s.region, s.regionPath?.at(-1) ?? s.region);
    if (s.regionPath?.length) regionPaths.set(s.region, s.regionPath);
  }
  for (const region of regionLabels.keys()) {
    for (const alias of regionAliasesOf(normalizeText(region), regionPaths.get(region))) {
      const list = regionAliases.get(alias) ?? [];
      if (!list.includes(region)) list.push(region);
      regionAliases.set(alias, list);
    }
  }
  const corpusBodies = new Set(summaries.map((s) => s.body).filter((b): b is string => !!b));
  const bodyAliases = new Map<string, BodyAlias>();
  const addBody = (rawAlias: string, body: string) => {
    for (const alias of bodyNameVariants(normalizeText(rawAlias))) {
      const standalone = body !== DEFAULT_BODY && alias.length >= 3 && AGENCY_ENDINGS.some((e) => alias.endsWith(e));
      if (!bodyAliases.has(alias)) bodyAliases.set(alias, { body, standalone });
    }
  };
  for (const body of corpusBodies) addBody(body, body);
  for (const entry of BODY_ABBREVIATIONS) {
    const names = [entry.body, ...entry.aliases];
    // When the corpus spells a body as one of the table's variants, that spelling is the canonical one.
    const canonical = names.find((n) => corpusBodies.has(n)) ?? entry.body;
    names.forEach((a) => addBody(a, canonical));
  }
  const longest = (keys: Iterable<string>) => Math.max(0, ...[...keys].map((k) => k.length));
  // Routing looks reports up by region, body or year: a question never filters the whole corpus.
  const group = <K>(key: (s: ReportSummary) => K) => {
    const map = new Map<K, ReportSummary[]>();
    for (const s of summaries) {
      const k = key(s);
      const list = map.get(k);
      if (list) list.push(s);
      else map.set(k, [s]);
    }
    return map;
  };
  return {
    reports: summaries,
    byRegion: group((s) => s.region ?? ''),
    byBody: group((s) => s.body ?? DEFAULT_BODY),
    byYear: group((s) => s.year),
    regionAliases,
    regionLabels,
    regionPaths,
    bodyAliases,
    corpusBodies,
    maxRegionAliasLength: longest(regionAliases.keys()),
    maxBodyAliasLength: longest(bodyAliases.keys()),
  };
}

/** Canonical regions a name (canonical or alias) stands for; empty when the corpus has no such region. */
export function regionsFor(catalog: Catalog, name: string): readonly string[] {
  return catalog.regionAliases.get(normalizeText(name)) ?? [];
}

/** A report of unknown issuer is taken to be the government's own, never another agency's. */
export function bodyMatches(reportBody: string | null, wanted: string): boolean {
  return reportBody === wanted || (reportBody === null && wanted === DEFAULT_BODY);
}

/** The reports of a body (with those of unknown issuer for the government, as `bodyMatches`), in corpus order. */
export function reportsOfBody(catalog: Catalog, body: string): readonly ReportSummary[] {
  return catalog.byBody.get(body) ?? [];
}

/** The distinct known years of some reports, ascending. */
export const sortedYears = (reports: readonly ReportSummary[]) =>
  [...new Set(reports.map((r) => r.year).filter((y): y is number => y !== null))].sort((a, b) => a - b);

/**
 * Turns the region/body/year of a parsed question into the reports it is about. A region or body the
 * corpus lacks, or a year the named unit has no report for, yields a NO_SUCH_REPORT notice listing
 * the years that do exist and the nearest reports, so the caller refuses explicitly instead of
 * answering from another report. A report of a place above or below the one asked about never
 * answers for it: a town's report is not its province's.
 */
export function matchReports(
  parsed: ParsedQuery,
  catalog: Catalog,
  /** Whether a report's own text states a year: a report of unknown year may answer for that year only then. */
  statesYear: (reportId: string, year: number) => boolean = () => true,
): ReportMatch {
  const { region, body, year } = parsed;
  const label = region ? (catalog.regionLabels.get(region) ?? region) : null;
  const notice = (availableYears: number[], nearest: string[] = []): ReportMatch => ({
    reportIds: [],
    notice: { code: 'NO_SUCH_REPORT', region: label, body, year, availableYears, ...(nearest.length ? { nearest } : {}) },
  });
  let scope = catalog.reports;
  if (region) {
    const regions = regionsFor(catalog, region);
    scope = regions.length === 1 ? (catalog.byRegion.get(regions[0]!) ?? []) : scope.filter((r) => r.region !== null && regions.includes(r.region));
    if (scope.length === 0) return notice([], nearestByPlace(catalog, parsed.regionPath ?? null, year));
  }
  if (body) {
    const inRegion = scope;
    scope = region ? scope.filter((r) => bodyMatches(r.body, body)) : reportsOfBody(catalog, body);
    if (scope.length === 0) return notice([], region ? inRegion.map((r) => describeUnit(catalog, r)).slice(0, 3) : []);
  }
  const constrained = region !== null || body !== null;
  if (year === null) return { reportIds: constrained ? scope.map((r) => r.id) : null };
  const exact = region ? preferGovernment(scope.filter((r) => r.year === year), body) : constrained ? scope.filter((r) => r.year === year) : (catalog.byYear.get(year) ?? []);
  if (exact.length > 0) return { reportIds: exact.map((r) => r.id) };
  // A named unit whose report has no known year (`*年`) answers only when its own text states the year.
  const undated = constrained ? scope.filter((r) => r.year === null) : [];
  const stating = undated.filter((r) => statesYear(r.id, year));
  if (stating.length > 0) return { reportIds: stating.map((r) => r.id) };
  return notice(sortedYears(scope), undated.map((r) => describeUnit(catalog, r)).slice(0, 3));
}

/**
 * A place named without a body stands for its government (DEFAULT_BODIES): when the reports of the place
 * include the government's, a bureau's figure must not answer for the city.
 */
function preferGovernment(reports: readonly ReportSummary[], body: string | null): readonly ReportSummary[] {
  if (body !== null || reports.length < 2) return reports;
  const government = reports.filter((r) => r.body !== null && DEFAULT_BODIES.includes(r.body));
  return government.length && government.length < reports.length ? government : reports;
}

/** `宝鸡市审计局2019年`: how a report is named in a refusal's list of near matches. */
export function describeUnit(catalog: Catalog, r: ReportSummary): string {
  const place = r.region ? (catalog.regionLabels.get(r.region) ?? r.region) : '';
  return `${place}${r.body && r.body !== DEFAULT_BODY ? r.body : place ? '' : (r.body ?? '')}${r.year ? `${r.year}年` : ''}`;
}

/** Reports of places inside or above the one asked about (`江西省` → the 沙洲坝镇 report), nearest first. */
function nearestByPlace(catalog: Catalog, path: readonly string[] | null, year: number | null): string[] {
  if (!path?.length) return [];
  const related = catalog.reports
    .filter((r) => r.regionPath?.length && (startsWith(r.regionPath, path) || startsWith(path, r.regionPath)))
    .sort((a, b) => Number(b.year === year) - Number(a.year === year) || (b.regionPath!.length - a.regionPath!.length));
  return [...new Set(related.map((r) => describeUnit(catalog, r)))].slice(0, 3);
}

/** True when `path` begins with every level of `prefix`. */
export function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

/**
 * The refusal text for a notice, in the question's script: `语料库中没有北京市的报告。` or
 * `语料库中没有绥芬河市住房和城乡建设局2020年的报告；现有该单位的报告：2019年。`
 */
export function describeNotice(notice: MissingReportNotice, script: Script): string {
  const unit = `${notice.region ?? ''}${notice.body ?? ''}`;
  const year = notice.year !== null ? `${notice.year}年` : '';
  const years = notice.availableYears.map((y) => `${y}年`).join('、');
  let text: string;
  if (!unit) text = years ? `语料库中没有${year}的报告；现有报告的年份：${years}。` : `语料库中没有${year}的报告。`;
  else if (!years) text = `语料库中没有${unit}${year}的报告。`;
  else text = `语料库中没有${unit}${year}的报告；现有${notice.body ? '该单位' : '该地区'}的报告：${years}。`;
  if (notice.nearest?.length) text = `${text.replace(/。$/, '')}；相近的有：${notice.nearest.join('、')}。`;
  return inScript(text, script);
}
