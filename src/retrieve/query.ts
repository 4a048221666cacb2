/**
 * Query understanding: reads a question's script, year, region and issuing body, and the search terms
 * that remain once those are taken out. Regions and bodies are resolved against the corpus catalogue
 * (`赤峰` → `赤峰市`, `绥芬河住建局` → `绥芬河市` + `住房和城乡建设局`); region-like names the corpus lacks
 * (`北京市`, `某某县`) are still reported, so the caller can say the corpus has no such report.
 */
import { detectScript, getJieba, normalizeQuestionNumbers, normalizeText, tokenize } from '../text/index.js';
import type { ParsedQuery } from '../types.js';
import { regionSuffixAt, regionsFor, reportsOfBody, type Catalog } from './catalog.js';
import { BODY_ALIAS_NOT_BEFORE } from '../lang/zh/index.js';
import { QUESTION_REWRITES, QUESTION_STOP_WORDS, QUESTION_WORD_PREFIXES } from '../lang/zh/index.js';
import { ADMIN_CHARS, GENERIC_REGION_CORES, NOT_REGION_WORDS, REGION_DETERMINERS, UNITS, getGazetteer, isWithin, pathNames, placeNameAt, type Place } from '../lang/zh/index.js';
import { METRIC_SYNONYMS } from '../lang/zh/index.js';

/** A stretch of the compact question text, `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

interface RegionMention extends Span {
  /** Canonical name when the corpus knows it unambiguously, else the name as written. */
  name: string;
  /** Canonical regions the mention may stand for; empty for a region the corpus lacks. */
  regions: readonly string[];
}

interface NameSpan extends Span {
  /** The full name when it differs from the text (`上海` → `上海市`). */
  name?: string;
}

interface RegionMentionWithPath extends RegionMention {
  path?: string[] | null;
}

interface BodyMention extends Span {
  body: string;
}

export interface YearMention extends Span {
  value: number;
}

const HAN = /^[\u4e00-\u9fff]+$/;
/** A number followed by one of these is a quantity (`2000元`, `2019件`), not a year. */
const NOT_YEAR_AFTER = new RegExp(`^(?:[\\d.,，\\-/:%]|${UNITS.filter((u) => u !== '%' && u !== '％').join('|')}|千|月|多|余)`);
const MASK = '，';

/**
 * Places the gazetteer knows by this word: any official or former name (`历下区`, `博鳌镇`), or the short
 * name of a province or prefecture (`浙江`, `十堰`). County and town cores (`公安`, `和平`) are ordinary
 * words too often to count on their own.
 */
function gazetteerPlaces(word: string): readonly Place[] {
  const g = getGazetteer();
  const named = g.byName(word);
  if (named.length) return named;
  return g.byAlias(word).filter((p) => p.level === 'province' || p.level === 'prefecture');
}

/** First private-use code point: stands in for a place name while the rest of a question is normalized. */
const MASK_BASE = 0xe000;
const MASK_LIMIT = 0x1800;

/** Replaces every official place name of the gazetteer in `text` by a private-use character; `restore` puts them back. */
function maskPlaceNames(text: string): { masked: string; restore: (s: string) => string } {
  const names: string[] = [];
  let masked = '';
  for (let i = 0; i < text.length; ) {
    const name = names.length < MASK_LIMIT && /\p{Script=Han}/u.test(text[i]!) ? placeNameAt(text, i) : null;
    if (name) {
      masked += String.fromCharCode(MASK_BASE + names.length);
      names.push(name);
      i += name.length;
    } else masked += text[i++];
  }
  return { masked, restore: (s) => (names.length ? s.replace(/[\ue000-\uf7ff]/g, (c) => names[c.charCodeAt(0) - MASK_BASE] ?? c) : s) };
}

/**
 * Parses a question against the catalogue. `norm` is simplified, half-width, with numbers in digits
 * (`二〇一二年`, `12年` → `2012年`); `region`/`body` are canonical corpus names where the corpus has them;
 * `terms` are jieba tokens minus question words and the matched region/body/year, plus metric synonyms.
 */
export function parseQuery(question: string, catalog: Catalog): ParsedQuery {
  // Official place names stay as written: `乾县` is no traditional `干县` (nor a sign of traditional
  // script), `五台县` no `5台县`.
  const { masked, restore } = maskPlaceNames(question);
  const script = detectScript(masked);
  const norm = restore(normalizeQuestionNumbers(normalizeText(masked)));
  // Entity spans are found on a whitespace-free copy: `赤峰 市` and `2012 年` are still one name / year.
  // `at[i]` is where compact character i sits in `norm`, so spans can be masked in `norm` for the terms.
  const at: number[] = [];
  for (let i = 0; i < norm.length; i++) if (!/\s/.test(norm[i]!)) at.push(i);
  const text = at.map((i) => norm[i]).join('');
  const year = findYear(text);
  const known = findKnownRegions(text, catalog);
  // Names the corpus lacks are looked for even when a known one is present, so that they stay out of
  // the search terms; they only become the region when nothing known is named (`内蒙古赤峰市` → 赤峰市).
  const unknown = findUnknownRegions(mask(text, [...(year ? [year] : []), ...known]), catalog);
  const region: RegionMentionWithPath | null =
    pickKnownRegion(known) ??
    unknown.reduce<RegionMentionWithPath | null>((best, m) => (!best || m.end - m.start > best.end - best.start ? m : best), null);
  let body = region ? findBodyAt(text, region.end, catalog) : null;
  body ??= findStandaloneBody(text, catalog, region);
  const spans: Span[] = [...known, ...unknown, ...(year ? [year] : []), ...(body ? [body] : [])];
  return {
    raw: question,
    norm,
    script,
    region: region?.name ?? null,
    regionPath: region ? (region.path ?? (region.regions.length === 1 ? (catalog.regionPaths.get(region.regions[0]!) as string[] | undefined) : null) ?? null) : null,
    body: body?.body ?? null,
    year: year?.value ?? null,
    terms: buildTerms(mask(norm, spans.map((s) => ({ start: at[s.start]!, end: at[s.end - 1]! + 1 })))),
  };
}

/**
 * The year a question is about: a 19xx/20xx number followed by `年`/`年度` first, else a standalone one
 * (`赤峰2012依申请`). Numbers followed by a measure word (`2000元`) are quantities, not years.
 */
export function findYear(text: string): YearMention | null {
  let standalone: YearMention | null = null;
  for (const m of text.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)(年度|年)?/g)) {
    const mention = { start: m.index, end: m.index + m[0].length, value: Number(m[1]) };
    if (m[2]) return mention;
    if (!standalone && !NOT_YEAR_AFTER.test(text.slice(mention.end))) standalone = mention;
  }
  return standalone;
}

/** Region aliases of the corpus, longest match at each position, left to right, not overlapping. */
function findKnownRegions(text: string, catalog: Catalog): RegionMention[] {
  const found: RegionMention[] = [];
  for (let i = 0; i < text.length; i++) {
    for (let len = Math.min(catalog.maxRegionAliasLength, text.length - i); len >= 2; len--) {
      const alias = text.slice(i, i + len);
      const regions = catalog.regionAliases.get(alias);
      if (!regions) continue;
      // A bare core followed by another suffix is a different place: `祥符县` is not `祥符区`; but
      // `赤峰旗县区` is 赤峰's 旗县区 (a compound of suffixes from the stop list), not a place `赤峰旗`.
      if (!suffixEnding(alias, false) && regionSuffixAt(text, i + len, true) && !startsWithSuffixCompound(text, i + len)) continue;
      found.push({ start: i, end: i + len, name: regions.length === 1 ? regions[0]! : alias, regions });
      i += len - 1;
      break;
    }
  }
  return found;
}

/**
 * The region a question is about among the known mentions: a district wins over its parent city when
 * both are named (`株洲市的芦淞区`), otherwise the first mention.
 */
function pickKnownRegion(mentions: RegionMention[]): RegionMention | null {
  const isAncestor = (a: RegionMention, b: RegionMention) =>
    a !== b && b.regions.some((rb) => a.regions.some((ra) => rb !== ra && rb.startsWith(ra)));
  return mentions.find((m) => !mentions.some((other) => isAncestor(m, other))) ?? null;
}

/** True when `text` at `i` starts a word made only of region suffixes (`旗县区`, `县区`, `市县`), listed as no region. */
function startsWithSuffixCompound(text: string, i: number): boolean {
  for (const w of NOT_REGION_WORDS) if (w.length >= 2 && /^[省市区县旗盟州地]+$/.test(w) && text.startsWith(w, i)) return true;
  return false;
}

/** Replaces spans with a separator so they neither reach the search terms nor glue neighbours together. */
function mask(text: string, spans: readonly Span[]): string {
  const chars = text.split(''); // UTF-16 units, like the span offsets
  for (const s of spans) for (let i = s.start; i < s.end; i++) chars[i] = MASK;
  return chars.join('');
}

/** True when `word` (a jieba token) looks like a place name: a Han core of 2+ characters plus a suffix. */
function isRegionLike(word: string): boolean {
  if (!HAN.test(word) || word.length > 12 || NOT_REGION_WORDS.has(word)) return false;
  const sfx = suffixEnding(word, true);
  if (!sfx) return false;
  const core = word.slice(0, -sfx.length);
  if (core.length < 2 || GENERIC_REGION_CORES.has(core) || /[的和与及或是在了级]/.test(core)) return false;
  const undetermined = core.replace(new RegExp(`^[${REGION_DETERMINERS}]`), '');
  return ![...undetermined].every((c) => ADMIN_CHARS.includes(c)) && !QUESTION_STOP_WORDS.has(core);
}

/** The longest region suffix `word` ends with (`自治州` before `州`). */
function suffixEnding(word: string, onlyDetectable: boolean): string | undefined {
  for (let i = Math.max(0, word.length - 5); i < word.length; i++) {
    const sfx = regionSuffixAt(word, i, onlyDetectable);
    if (sfx && i + sfx.suffix.length === word.length) return sfx.suffix;
  }
  return undefined;
}

/**
 * Region-like names the corpus does not have, found among jieba's words: a word with a region suffix
 * (`北京市`), or a name jieba split from its suffix (`某某` + `县`). A trailing body (`海淀区政府`) is cut
 * off first. Adjacent names merge (`北京市` + `海淀区` → `北京市海淀区`).
 */
function findUnknownRegions(masked: string, catalog: Catalog): RegionMention[] {
  const words: Span[] = [];
  let pos = 0;
  for (const w of getJieba().cut(masked, true)) {
    words.push({ start: pos, end: pos + w.length });
    pos += w.length;
  }
  if (pos !== masked.length) return []; // the segmenter changed the text: positions would be wrong
  const found: NameSpan[] = [];
  words.forEach((w, k) => {
    let { start, end } = w;
    // `2012年盟市` is cut as `2012` + `年盟市`: the `年` belongs to the year.
    if (masked[start] === '年' && /\d/.test(masked[start - 1] ?? '')) start += masked.startsWith('年度', start) ? 2 : 1;
    end -= trailingBodyLength(masked.slice(start, end), catalog);
    const word = masked.slice(start, end);
    if (!NOT_REGION_WORDS.has(word) && word.length >= 2 && gazetteerPlaces(word).length) return void found.push({ start, end });
    if (isRegionLike(word)) return void found.push({ start, end });
    const prev = words[k - 1];
    if (!prev || !regionSuffixAt(word, 0, true) || NOT_REGION_WORDS.has(word)) return;
    if ((found[found.length - 1]?.end ?? 0) > prev.start) return; // `北京市` + `区` is not a new name
    const joined = masked.slice(prev.start, end);
    if (prev.end - prev.start >= 2 && prev.end - prev.start <= 6 && isRegionLike(joined)) found.push({ start: prev.start, end });
  });
  const merged: NameSpan[] = [];
  for (const s of found) {
    const last = merged[merged.length - 1];
    if (last && last.end === s.start) merged[merged.length - 1] = { start: last.start, end: s.end };
    else merged.push({ ...s });
  }
  return merged.map((s): RegionMentionWithPath => {
    const written = s.name ?? masked.slice(s.start, s.end);
    const places = resolveWritten(written);
    // Keep the user's wording when it already ends with the official name (`北京市海淀区`); complete a short one (`上海` → `上海市`).
    const name = places.length === 1 && !written.endsWith(places[0]!.name) ? places[0]!.name : written;
    const path = places.length === 1 ? pathNames(places[0]!) : null;
    return { start: s.start, end: s.end, name, regions: regionsFor(catalog, name), path };
  });
}

/**
 * The places a written name (`北京市海淀区`, `浙江`, `历下区`) stands for: its last gazetteer name, kept
 * to those inside the places named before it.
 */
function resolveWritten(written: string): readonly Place[] {
  const g = getGazetteer();
  for (let i = 0; i < written.length - 1; i++) {
    const places = gazetteerPlaces(written.slice(i));
    if (!places.length) continue;
    const parents = i > 0 ? resolveWritten(written.slice(0, i)) : [];
    const inside = parents.length ? places.filter((p) => parents.some((q) => isWithin(p, q))) : places;
    return inside.length ? inside : places;
  }
  return g.byName(written);
}

/** Length of a body alias glued to the end of a word (`海淀区政府` → 2), if what precedes it is 3+ chars. */
function trailingBodyLength(word: string, catalog: Catalog): number {
  for (let len = Math.min(catalog.maxBodyAliasLength, word.length - 3); len >= 2; len--) {
    if (catalog.bodyAliases.has(word.slice(-len))) return len;
  }
  return 0;
}

/**
 * The body named right after a region (`绥芬河住建局`, `赤峰市政府`, `芦淞区的人民政府`), longest alias
 * first. A short alias followed by a word that makes it something else (`政府信息`) does not count.
 */
function findBodyAt(text: string, at: number, catalog: Catalog): BodyMention | null {
  const start = text.startsWith('的', at) ? at + 1 : at;
  for (let len = Math.min(catalog.maxBodyAliasLength, text.length - start); len >= 2; len--) {
    const alias = text.slice(start, start + len);
    const hit = catalog.bodyAliases.get(alias);
    if (!hit) continue;
    const rest = text.slice(start + len);
    if ((BODY_ALIAS_NOT_BEFORE[alias] ?? []).some((w) => rest.startsWith(w))) continue;
    return { start, end: start + len, body: hit.body };
  }
  return null;
}

/**
 * A body named anywhere in the question, e.g. `住建局2019年…`. Only unmistakable agency names of bodies
 * the corpus has count, and only when the named region (if any) has a report by that body: a city
 * report that merely mentions its 公安局 must not be ruled out.
 */
function findStandaloneBody(text: string, catalog: Catalog, region: RegionMention | null): BodyMention | null {
  if (region && region.regions.length === 0) return null;
  for (let i = 0; i < text.length; i++) {
    for (let len = Math.min(catalog.maxBodyAliasLength, text.length - i); len >= 3; len--) {
      const hit = catalog.bodyAliases.get(text.slice(i, i + len));
      if (!hit?.standalone || !catalog.corpusBodies.has(hit.body)) continue;
      const ok = reportsOfBody(catalog, hit.body).some((r) => !region || (r.region !== null && region.regions.includes(r.region)));
      if (ok) return { start: i, end: i + len, body: hit.body };
    }
  }
  return null;
}

/**
 * Search terms of the masked question: search-mode jieba tokens without question words, then every
 * member of each metric-synonym group the question touches (`依申请公开` brings `收到申请` …).
 */
function buildTerms(raw: string): string[] {
  const masked = QUESTION_REWRITES.reduce((text, [from, to]) => text.split(from).join(to), raw);
  const terms = new Set(tokenize(masked).filter((t) => !QUESTION_STOP_WORDS.has(t) && !QUESTION_WORD_PREFIXES.some((p) => t.startsWith(p))));
  const plain = masked.replace(/[\s，。？！、,.?!]/g, '');
  for (const group of METRIC_SYNONYMS) {
    if (group.some((w) => plain.includes(w))) group.forEach((w) => terms.add(w));
  }
  return [...terms];
}
