/**
 * Report metadata: the reporting place (resolved in the gazetteer), the issuing body and the covered
 * year, each with where it came from. Sources, most trusted first: a sidecar; the title line, wherever
 * it sits in the first lines after site navigation (also split over two lines); the page's index header
 * (`发布机构`, `标题`, `生成日期`, also flattened to `|` rows); the preamble (`现公布…`, `…编制了本年度`);
 * the site's own name; body clues (`我局`, `我镇`). A place that appears only inside a cited document is
 * never the reporter. A value no source states stays null: never guessed.
 */
import { getJieba, normalizeText, parseChineseNumeral, stripPinyinGlosses } from '../text/index.js';
import type { MetaSource, MetaValue, ReportMeta } from '../types.js';
import {
  BODY_ABBREVIATIONS,
  HEADER_DATE_FIELDS,
  HEADER_FIELDS,
  HEADER_ISSUER_FIELDS,
  HEADER_SOURCE_FIELDS,
  HEADER_TITLE_FIELDS,
  ISSUER_ENDINGS,
  LAST_PUBLICATION_MONTH,
  LEAD_WORDS,
  MEDIA_SUFFIXES,
  NOT_REGION_WORDS,
  placeNameAt,
  PERIOD_PHRASES,
  PREAMBLE_COMPILE_VERBS,
  PREAMBLE_PUBLISH_VERBS,
  REGION_AT_START,
  REPORT_NAME_PATTERN,
  SELF_NAMES,
  SELF_REFERENCE_BODIES,
  SELF_REFERENCES,
  SITE_NAME_SUFFIXES,
  SITE_OWNER_ENDINGS,
  pathNames,
  type Place,
} from '../lang/zh/index.js';
import { findPlaceNames, parseIssuer, type Issuer } from './issuer.js';

const Y = '((?:19|20)\\d{2})';
const alt = (words: readonly string[]) => words.map((w) => w.replace(/[|\\()[\]]/g, '\\$&')).join('|');
const TITLE_YEAR_LAST = new RegExp(`^(.{0,40}?)${Y}年度?${REPORT_NAME_PATTERN}`);
const TITLE_YEAR_FIRST = new RegExp(`^${Y}年度?(.{2,40}?)${REPORT_NAME_PATTERN}`);
const TITLE_YEAR_AFTER = new RegExp(`^(.{2,40}?)${REPORT_NAME_PATTERN}[(（]${Y}年度?[)）]`);
const TITLE_NO_YEAR = new RegExp(`^(.{2,40}?)${REPORT_NAME_PATTERN}$`);
const PREAMBLE_PUBLISH = new RegExp(`(?:${alt(PREAMBLE_PUBLISH_VERBS)})(.{2,40}?)(?:${Y}年度?)?(?:${REPORT_NAME_PATTERN}|(?:政府信息公开|政务公开)工作(?:情况)?)`, 'g');
const PREAMBLE_COMPILE = new RegExp(`(?:^|[，,。；;])([^，,。；;]{2,40}?)(?:${alt(PREAMBLE_COMPILE_VERBS)})(?:了)?(?:本年度|${Y}年度)`, 'g');
const PREAMBLE_BY = new RegExp(`本(?:年)?报告由(.{2,30}?)(?:负责)?编制`, 'g');
const PERIOD = new RegExp(`(?:${alt(PERIOD_PHRASES)})[^。；;\\n]{0,10}?${Y}年`);
const IN_TEXT_REPORT = new RegExp(`${Y}年度(?:${REPORT_NAME_PATTERN}|政府信息公开|政务公开)`);
const OPENING_YEAR = new RegExp(`(?:^|[。\\n])${Y}年(?:度|以来)?[,，]?\\s*(?:我|全|本)`);
const DATE = /((?:19|20)\d{2})\s*[-年./]\s*(\d{1,2})/;
const FIELD_LABEL = new RegExp(`(${alt(HEADER_FIELDS)})\\s*(?:[:：|]|\\s)\\s*`, 'g');
const CN_YEAR = /[〇零一二三四五六七八九]{4}(?=年)/g;
const TITLE_PUNCTUATION = /[。，,；;！!？?]/;
const SITE_SUFFIX = new RegExp(`(${alt(SITE_NAME_SUFFIXES)})$`);
const MEDIA_NAME = new RegExp(`([\\u4e00-\\u9fff]{2,4}?)(?:${alt(MEDIA_SUFFIXES)})`, 'g');
/** Site navigation (`首页 > 政务公开 > 政府信息公开年报`): it names the section, not the report. */
const BREADCRUMB = /[>›»|]/;
const QUOTED = /《([^《》]{4,60})》/g;
/** Every body name and short form, longest first, for reading `祁连县林业和草原局` in running text. */
const BODY_NAMES = BODY_ABBREVIATIONS.flatMap((b) => [b.body, ...b.aliases]).filter((n) => n.length >= 3).sort((a, b) => b.length - a.length);

export interface SidecarMeta {
  region?: string | null;
  body?: string | null;
  year?: number | null;
  title?: string;
}

export interface MetadataHints {
  htmlTitle?: string | null;
  sidecar?: SidecarMeta | null;
  /** The decoded text before cleaning: index headers and dates live in lines cleaning drops as chrome. */
  rawText?: string;
}

interface Found {
  issuer: Issuer;
  source: MetaSource;
}

/** True when a line is a report title such as `株洲市芦淞区人民政府2013年政府信息公开年度报告`. */
/** `现公布…`, `本…`, `由…` before an issuer, unless the issuer's place begins with those characters (`本溪市`). */
function stripLeadWords(raw: string): string {
  const stripped = raw.replace(LEAD_WORDS, '');
  return stripped !== raw && placeNameAt(raw.trimStart()) ? raw : stripped;
}

export function isTitleLine(line: string): boolean {
  const norm = numeralYears(normalizeText(line));
  return norm.length <= 80 && !TITLE_PUNCTUATION.test(norm) && [TITLE_YEAR_LAST, TITLE_YEAR_FIRST, TITLE_YEAR_AFTER, TITLE_NO_YEAR].some((re) => re.test(norm));
}

/** Detects metadata from cleaned text (original script), the raw decoded text, an HTML `<title>` and a sidecar. */
export function detectMetadata(text: string, hints: MetadataHints = {}): ReportMeta {
  const head = headLines(hints.rawText ?? text);
  const opening = text
    .slice(0, 4000)
    .split('\n')
    .map((l) => numeralYears(normalizeText(l)))
    .join('\n');
  // The places the report names settle ambiguous names (`城北街道`); the scan runs only if one needs it.
  let places: Place[] | undefined;
  const context = () => (places ??= uniquePlaces(`${opening}\n${head.join('\n')}`));
  const fields = headerFields(head);
  const title = findTitle(hints.htmlTitle ? [...head, numeralYears(normalizeText(hints.htmlTitle))] : head, fields);

  const found: Found[] = [];
  /** `needPlace`: a site's `来源` or name often names an office inside the body (`局办公室`), so it counts only with a place. */
  const add = (raw: string | undefined | null, source: MetaSource, needPlace = false) => {
    const clean = raw && stripLeadWords(raw).trim();
    if (!clean || SELF_NAMES.some((s) => clean.startsWith(s))) return;
    const issuer = parseIssuer(clean, context);
    if (issuer.placeName || (issuer.body && !needPlace)) found.push({ issuer, source });
  };
  add(title?.issuer, 'title');
  for (const f of HEADER_ISSUER_FIELDS) add(fields.get(f), 'header');
  for (const raw of preambleIssuers(opening)) add(raw, 'preamble');
  for (const raw of namedBodies(opening)) add(raw, 'preamble');
  for (const f of HEADER_SOURCE_FIELDS) add(fields.get(f), 'header', true);
  for (const raw of siteNames(head)) add(raw, 'site', true);

  let regionFound = pickRegion(found);
  let body: MetaValue<string> = unknown();
  const withBody = found.find((f) => f.issuer.body);
  if (withBody) body = { value: withBody.issuer.body, source: withBody.source };
  else {
    const clue = bodyFromText(opening, regionFound?.issuer.place ?? null);
    if (clue) body = { value: clue, source: 'body' };
  }
  // A department that names no place of its own implements its own government's plans: the most
  // specific place of a cited government document (`《2019年绥芬河市政府信息公开工作要点》`) below province level.
  if (!regionFound && body.value && body.value !== '人民政府') {
    const cited = citedGovernmentPlace(opening, context());
    if (cited) regionFound = { issuer: { place: cited, placeName: cited.name, body: null }, source: 'body' };
  }
  body = governmentSpeaking(body, opening);

  let region: MetaValue<string> = regionFound
    ? { value: regionName(regionFound.issuer), source: regionFound.source }
    : fromClue(regionFromText(opening));
  let place = regionFound?.issuer.place ?? (region.value ? parseIssuer(region.value, context).place : null);
  if (place && region.source === 'body') region = { value: pathNames(place).join(''), source: 'body' };
  let year: MetaValue<number> = title?.year ? { value: title.year, source: 'title' } : yearFromText(opening, fields);

  const sidecar = hints.sidecar;
  if (sidecar) {
    if (sidecar.region !== undefined) {
      region = { value: sidecar.region, source: 'sidecar' };
      place = sidecar.region ? (parseIssuer(normalizeText(sidecar.region), context).place ?? null) : null;
    }
    if (sidecar.body !== undefined) body = { value: sidecar.body, source: 'sidecar' };
    if (sidecar.year !== undefined) year = { value: sidecar.year, source: 'sidecar' };
  }
  const showTitle: MetaValue<string> = sidecar?.title
    ? { value: sidecar.title, source: 'sidecar' }
    : title && (title.namesPlace || (!region.value && !body.value))
      ? { value: title.line, source: 'title' }
      : { value: synthesizeTitle(place && region.source !== 'sidecar' ? displayName(place) : region.value, body.value, year.value), source: 'synthesized' };
  return { region, body, year, title: showTitle, place: place ? { code: place.code, path: pathNames(place) } : null };
}

/** `赤峰市2012年政府信息公开工作年度报告`; unknown parts are said to be unknown, not invented. */
export function synthesizeTitle(region: string | null, body: string | null, year: number | null): string {
  // A government of unknown place is just "the government": the title says the place is unknown instead.
  const unit = region ? `${region}${body ?? ''}` : body && body !== '人民政府' ? body : '';
  const base = `${unit}${year ? `${year}年` : ''}政府信息公开工作年度报告`;
  const missing = [region ? null : '地区', year ? null : '年份'].filter(Boolean);
  return missing.length ? `${base}（${missing.join('、')}不详）` : base;
}

/** How a title names a place: the place with its parent below prefecture level (`安吉县天荒坪镇`), else alone (`赤峰市`). */
function displayName(place: Place): string {
  return (place.level === 'county' || place.level === 'town') && place.parent ? `${place.parent.name}${place.name}` : place.name;
}

/** `二〇一八年` → `2018年`, so every year matcher reads digits. */
function numeralYears(text: string): string {
  return text.replace(CN_YEAR, (run) => String(parseChineseNumeral(run) ?? run));
}

/** The first 30 non-empty lines, normalized. */
function headLines(text: string): string[] {
  const out: string[] = [];
  for (const line of stripPinyinGlosses(text).split('\n')) {
    const norm = numeralYears(normalizeText(line));
    if (norm) out.push(norm);
    if (out.length >= 30) break;
  }
  return out;
}

/** Places named in the text whose name is unique in the gazetteer: the context that settles ambiguous ones. */
function uniquePlaces(text: string): Place[] {
  return findPlaceNames(text).flatMap((m) => (m.candidates.length === 1 ? [m.candidates[0]!] : []));
}

/** `发布机构 | 德清县水利局 | 生成日期 | 2022-01-28` or `发布机构：江汉区卫生健康局` → label → value. */
function headerFields(head: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of head.slice(0, 20)) {
    const labels = [...line.matchAll(FIELD_LABEL)].filter((m) => m.index === 0 || /[\s|　【】]/.test(line[m.index - 1]!));
    labels.forEach((m, k) => {
      const end = labels[k + 1]?.index ?? line.length;
      const value = line.slice(m.index + m[0].length, end).replace(/^[\s|:：]+|[\s|【】]+$/g, '').split(/\s{2,}|\s\|/)[0]!.trim();
      if (value && !fields.has(m[1]!)) fields.set(m[1]!, value);
    });
  }
  return fields;
}

interface TitleFound {
  line: string;
  issuer: string;
  year: number | null;
  namesPlace: boolean;
}

/** The title line among the first lines (or the header's `标题` field); a title split over two lines is joined. */
function findTitle(head: readonly string[], fields: Map<string, string>): TitleFound | null {
  const candidates: { line: string; prev: string | undefined }[] = head.slice(0, 15).map((line, i) => ({ line, prev: head[i - 1] }));
  for (const f of HEADER_TITLE_FIELDS) if (fields.has(f)) candidates.push({ line: fields.get(f)!, prev: undefined });
  for (const { line, prev } of candidates) {
    if (line.length > 80 || TITLE_PUNCTUATION.test(line) || BREADCRUMB.test(line)) continue;
    let issuer: string;
    let year: number | null = null;
    let m: RegExpExecArray | null;
    if ((m = TITLE_YEAR_LAST.exec(line))) [issuer, year] = [m[1]!, Number(m[2])];
    else if ((m = TITLE_YEAR_FIRST.exec(line))) [issuer, year] = [m[2]!, Number(m[1])];
    else if ((m = TITLE_YEAR_AFTER.exec(line))) [issuer, year] = [m[1]!, Number(m[2])];
    else if ((m = TITLE_NO_YEAR.exec(line))) issuer = m[1]!;
    else continue;
    let full = line;
    if (!issuer.trim() && prev && isIssuerLine(prev)) {
      issuer = prev;
      full = `${prev}${line}`;
    }
    const namesPlace = findPlaceNames(issuer, 2).length > 0;
    return { line: full, issuer, year, namesPlace };
  }
  return null;
}

/** A short line with no punctuation that ends like an issuer: the first half of a split title. */
function isIssuerLine(line: string): boolean {
  return line.length <= 30 && !TITLE_PUNCTUATION.test(line) && !/[>|:：]/.test(line) && ISSUER_ENDINGS.some((e) => line.endsWith(e));
}

/** Issuer names the preamble states: `现公布天荒坪镇人民政府2021年度…`, `沙洲坝镇人民政府编制了本年度…`. */
function preambleIssuers(opening: string): string[] {
  const text = opening.slice(0, 1500);
  const out: string[] = [];
  for (const re of [PREAMBLE_PUBLISH, PREAMBLE_COMPILE, PREAMBLE_BY]) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

/**
 * A place followed by a body in the preamble, outside any cited document: `祁连县林业和草原局对2021年度…
 * 进行了总结`. The preamble is the text before the first numbered heading.
 */
function namedBodies(opening: string): string[] {
  const firstHeading = opening.search(/\n[一二三四五六七八九十]+、/);
  const preamble = (firstHeading > 0 ? opening.slice(0, firstHeading) : opening.slice(0, 600)).replace(QUOTED, (m) => '《'.padEnd(m.length - 1, '　') + '》');
  const out: string[] = [];
  for (const m of findPlaceNames(preamble)) {
    const rest = preamble.slice(m.end);
    const body = BODY_NAMES.find((b) => rest.startsWith(b));
    if (body) out.push(`${m.name}${body}`);
  }
  return out;
}

/** The site's own name in the first lines (`济南市历下区人民政府门户网站`, `宁夏回族自治区人民政府 > 政务公开`). */
function siteNames(head: readonly string[]): string[] {
  return head
    .slice(0, 6)
    .map((l) => l.split(/\s*[>|›»]\s*/)[0]!.replace(SITE_SUFFIX, '').trim())
    .filter((l) => l.length <= 30 && SITE_OWNER_ENDINGS.some((e) => l.endsWith(e)));
}

/**
 * The place of the first source that names one, made more specific by a later source that names a
 * place inside it (`泉城路街道` under the site's `历下区`). A place only cited in a document title never
 * reaches here: cited titles are not issuer sources.
 */
function pickRegion(found: readonly Found[]): Found | null {
  const named = found.filter((f) => f.issuer.placeName);
  const first = named[0];
  if (!first) return null;
  if (first.issuer.place) return first;
  // An ambiguous name (`城北街道`) resolved by a later source of the same name.
  return named.find((f) => f.issuer.place && f.issuer.placeName === first.issuer.placeName) ?? first;
}

/** The region's display name: the gazetteer path (`浙江省湖州市德清县`), or the name as written when unresolved. */
function regionName(issuer: Issuer): string {
  return issuer.place ? pathNames(issuer.place).join('') : issuer.placeName!;
}

/** A government speaks of itself as 我市/我区/我旗; when it does more than an office does (我办), the body is the government. */
function governmentSpeaking(body: MetaValue<string>, opening: string): MetaValue<string> {
  if (body.value !== '人民政府办公室') return body;
  return governmentMentions(opening) > occurrences(opening, '我办') ? { value: '人民政府', source: body.source } : body;
}

/** How often `word` stands in `text`. */
function occurrences(text: string, word: string): number {
  return text.split(word).length - 1;
}

/** How often the text speaks as a government (`我市`, `我区`, `我旗` …). */
function governmentMentions(text: string): number {
  return Object.keys(SELF_REFERENCES).reduce((n, w) => n + occurrences(text, w), 0);
}

function fromClue(value: string | null): MetaValue<string> {
  return value === null ? unknown() : { value, source: 'body' };
}

function unknown<T>(): MetaValue<T> {
  return { value: null, source: 'unknown' };
}

/**
 * A body from how the report speaks of itself: 我市/我区 → 人民政府, 我镇 → 人民政府, 本街道 → 街道办事处,
 * 我局 + `住建局` in the text. A government report that once says 我局 (copied text) stays the government's.
 */
function bodyFromText(norm: string, place: Place | null): string | null {
  const counts = Object.entries(SELF_REFERENCE_BODIES)
    .map(([word, ending]) => ({ ending, n: occurrences(norm, word) }))
    .sort((a, b) => b.n - a.n);
  const government = governmentMentions(norm);
  const top = counts[0];
  if (!top || top.n <= government) return government > 0 ? '人民政府' : null;
  if (top.ending === '镇' || top.ending === '乡') return place && place.level !== 'town' ? null : '人民政府';
  if (top.ending === '街道') return '街道办事处';
  let best: [string, number] | null = null;
  for (const b of BODY_ABBREVIATIONS) {
    if (!b.body.endsWith(top.ending)) continue;
    const names = [b.body, ...b.aliases].filter((a) => a.endsWith(top.ending) && a.length >= 3);
    const n = names.reduce((sum, a) => sum + occurrences(norm, a), 0);
    if (n > 0 && (!best || n > best[1])) best = [b.body, n];
  }
  return best?.[0] ?? null;
}

/** The most specific place below province level named in a cited government document, if one is. */
function citedGovernmentPlace(opening: string, context: readonly Place[]): Place | null {
  let best: Place | null = null;
  const rank = { province: 0, prefecture: 1, county: 2, town: 3 } as const;
  for (const m of opening.matchAll(QUOTED)) {
    if (!/政府|工作要点|通知/.test(m[1]!)) continue;
    for (const p of findPlaceNames(m[1]!)) {
      const place = p.candidates.length === 1 ? p.candidates[0]! : context.find((c) => p.candidates.includes(c));
      if (place && place.level !== 'province' && (!best || rank[place.level] > rank[best.level])) best = place;
    }
  }
  return best;
}

/** The covered year: the period statement, a `20XX年度…报告` phrase, the publication date, the opening sentence. */
function yearFromText(opening: string, fields: Map<string, string>): MetaValue<number> {
  const period = PERIOD.exec(opening);
  if (period) return { value: Number(period[1]), source: 'body' };
  const named = IN_TEXT_REPORT.exec(opening.slice(0, 1500));
  if (named) return { value: Number(named[1]), source: 'body' };
  for (const f of HEADER_DATE_FIELDS) {
    const d = DATE.exec(fields.get(f) ?? '');
    if (d && Number(d[2]) <= LAST_PUBLICATION_MONTH) return { value: Number(d[1]) - 1, source: 'header' };
  }
  const first = OPENING_YEAR.exec(opening.slice(0, 800));
  if (first) return { value: Number(first[1]), source: 'body' };
  return unknown();
}

/** Last resort for reports that name no issuer anywhere: `2012年,我市` + local media (`赤峰日报`). */
function regionFromText(norm: string): string | null {
  const level = Object.entries(SELF_REFERENCES)
    .map(([w, l]) => ({ l, n: occurrences(norm, w) }))
    .sort((a, b) => b.n - a.n)[0];
  if (!level || level.n === 0) return null;
  const media = new Map<string, number>();
  for (const m of norm.matchAll(MEDIA_NAME)) {
    const name = stripLeadWords(m[1]!);
    if (name.length >= 2) media.set(name, (media.get(name) ?? 0) + 1);
  }
  const [best] = [...media.entries()].sort((a, b) => b[1] - a[1]);
  if (!best || best[1] < 2) return null;
  const name = `${best[0]}${level.l}`;
  return validRegion(name) ? name : null;
}

/** A region name: the whole string is one region-shaped match, unmasked, and not a common word. */
export function validRegion(name: string): boolean {
  if (!name || name.includes('*') || NOT_REGION_WORDS.has(name)) return false;
  const m = REGION_AT_START.exec(name);
  if (!m || m[1] !== name) return false;
  const first = getJieba().tag(name, true)[0];
  return !!first && !/^[vdpruqcma]/.test(first.tag) && !/[各的和与及等]/.test(name);
}
