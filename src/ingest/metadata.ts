/**
 * Report metadata: region, issuing body, year and display title, each with where it came from.
 * Sources in order of trust: a sidecar file, the title line, clues in the body text (`现公布X2018年
 * 政府信息公开工作年度报告`, `《2019年绥芬河市…》`, `2012年,我市` + `赤峰日报`). A value that is masked
 * (`*区`, `*年`) or absent stays null: it is never guessed.
 */
import { getJieba, normalizeText } from '../text/index.js';
import type { MetaValue, ReportMeta } from '../types.js';
import { BODY_ABBREVIATIONS, bodySuffixOf } from './data/bodies.js';
import { LEAD_WORDS, MEDIA_SUFFIXES, NOT_REGIONS, REGION_AT_START, SELF_REFERENCES } from './data/regions.js';

const Y = '((?:19|20)\\d{2})';
const REPORT = '(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)';
const TITLE_YEAR_LAST = new RegExp(`^(.{0,40}?)${Y}年度?${REPORT}`);
const TITLE_YEAR_FIRST = new RegExp(`^${Y}年度?(.{2,40}?)${REPORT}`);
const IN_TEXT_REPORT = new RegExp(`([\\u4e00-\\u9fff]{2,30}?)${Y}年度?${REPORT}`, 'g');
const QUOTED_TITLE = /《([^《》]{4,60})》/g;
const STRONG_YEAR = new RegExp(`(?:^|[。\\n])${Y}年(?:度|以来)?[,，]?\\s*(?:我|全)(?:市|区|县|旗|局|委|办|州|盟|省)`, 'g');

/** True when a line is a report title such as `株洲市芦淞区人民政府2013年政府信息公开年度报告`. */
export function isTitleLine(line: string): boolean {
  const norm = normalizeText(line);
  return norm.length <= 80 && (TITLE_YEAR_LAST.test(norm) || TITLE_YEAR_FIRST.test(norm));
}

export interface SidecarMeta {
  region?: string | null;
  body?: string | null;
  year?: number | null;
  title?: string;
}

/** Detects metadata from cleaned text (original script), an optional HTML `<title>` and sidecar. */
export function detectMetadata(text: string, hints: { htmlTitle?: string | null; sidecar?: SidecarMeta | null } = {}): ReportMeta {
  const norm = normalizeText(text.split('\n').slice(0, 400).join('\n'));
  const firstLine = normalizeText(text.split('\n', 1)[0] ?? '');
  const titleLine = isTitleLine(firstLine) ? firstLine : hints.htmlTitle && isTitleLine(hints.htmlTitle) ? normalizeText(hints.htmlTitle) : null;

  let region: MetaValue<string> = unknown();
  let body: MetaValue<string> = unknown();
  let year: MetaValue<number> = unknown();
  if (titleLine) {
    const m = TITLE_YEAR_LAST.exec(titleLine) ?? null;
    const f = m ? null : TITLE_YEAR_FIRST.exec(titleLine);
    const prefix = m ? m[1]! : f![2]!;
    year = { value: Number(m ? m[2] : f![1]), source: 'title' };
    const split = splitRegionBody(prefix);
    if (split.region) region = { value: split.region, source: 'title' };
    if (split.body) body = { value: split.body, source: 'title' };
  }
  if (region.value === null) region = fromBody(regionFromText(norm));
  if (body.value === null) body = fromBody(bodyFromText(norm));
  if (year.value === null) year = fromBody(yearFromText(norm));

  const sidecar = hints.sidecar;
  if (sidecar) {
    if (sidecar.region !== undefined) region = { value: sidecar.region, source: 'sidecar' };
    if (sidecar.body !== undefined) body = { value: sidecar.body, source: 'sidecar' };
    if (sidecar.year !== undefined) year = { value: sidecar.year, source: 'sidecar' };
  }
  const title: MetaValue<string> = sidecar?.title
    ? { value: sidecar.title, source: 'sidecar' }
    : titleLine
      ? { value: titleLine, source: 'title' }
      : { value: synthesizeTitle(region.value, body.value, year.value), source: 'synthesized' };
  return { region, body, year, title };
}

/** `赤峰市2012年政府信息公开工作年度报告`; unknown parts are said to be unknown, not invented. */
export function synthesizeTitle(region: string | null, body: string | null, year: number | null): string {
  const base = `${region ?? ''}${body ?? ''}${year ? `${year}年` : ''}政府信息公开工作年度报告`;
  const missing = [region || body ? null : '地区', year ? null : '年份'].filter(Boolean);
  return missing.length ? `${base}（${missing.join('、')}不详）` : base;
}

/** Splits `株洲市芦淞区人民政府` into region `株洲市芦淞区` and body `人民政府`. */
export function splitRegionBody(prefix: string): { region: string | null; body: string | null } {
  const clean = prefix.replace(LEAD_WORDS, '').trim();
  const body = bodySuffixOf(clean);
  const rest = body ? clean.slice(0, clean.length - body.length) : clean;
  return { region: validRegion(rest) ? rest : null, body };
}

/** A region name: whole string is one REGION_AT_START match, unmasked, and not a common word. */
export function validRegion(name: string): boolean {
  if (!name || name.includes('*') || NOT_REGIONS.has(name)) return false;
  const m = REGION_AT_START.exec(name);
  if (!m || m[1] !== name) return false;
  // `报送各旗` matches the shape; jieba's part of speech of its first word tells it is not a name.
  const first = getJieba().tag(name, true)[0];
  return !!first && !/^[vdpruqcma]/.test(first.tag) && !/[各的和与及等]/.test(name);
}

interface Clue<T> {
  value: T | null;
}

function fromBody<T>(clue: Clue<T>): MetaValue<T> {
  return clue.value === null ? unknown() : { value: clue.value, source: 'body' };
}

function unknown<T>(): MetaValue<T> {
  return { value: null, source: 'unknown' };
}

/** Region clues in the body text, by strength; the longest consistent name wins. */
function regionFromText(norm: string): Clue<string> {
  const votes = new Map<string, number>();
  const vote = (name: string | null, weight: number) => {
    if (name && validRegion(name)) votes.set(name, (votes.get(name) ?? 0) + weight);
  };
  for (const m of norm.matchAll(IN_TEXT_REPORT)) vote(splitRegionBody(m[1]!.split(/[，,。；;：:、]/).pop()!).region, 5);
  for (const m of norm.matchAll(QUOTED_TITLE)) {
    const inner = m[1]!.replace(/^(关于印发|关于转发|关于)/, '').replace(new RegExp(`^${Y}年度?`), '');
    vote(REGION_AT_START.exec(inner)?.[1] ?? null, 3);
  }
  const level = dominantSelfReference(norm);
  if (level) {
    const media = new Map<string, number>();
    for (const suffix of MEDIA_SUFFIXES)
      for (const m of norm.matchAll(new RegExp(`([\\u4e00-\\u9fff]{2,4}?)${suffix}`, 'g'))) {
        const name = m[1]!.replace(LEAD_WORDS, '');
        if (name.length >= 2) media.set(name, (media.get(name) ?? 0) + 1);
      }
    const [best] = [...media.entries()].sort((a, b) => b[1] - a[1]);
    if (best && best[1] >= 2) vote(`${best[0]}${level}`, best[1]);
  }
  // Merge a name into a longer one that ends with it (`祥符区` into `开封市祥符区`).
  const names = [...votes.keys()];
  for (const n of names) {
    const longer = names.find((o) => o !== n && o.endsWith(n));
    if (longer) votes.set(longer, votes.get(longer)! + votes.get(n)!);
  }
  const [top] = [...votes.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length);
  return { value: top?.[0] ?? null };
}

/** The level most often used to refer to oneself (`我市` → 市), if any. */
function dominantSelfReference(norm: string): string | null {
  let best: [string, number] | null = null;
  for (const [word, level] of Object.entries(SELF_REFERENCES)) {
    const count = norm.split(word).length - 1;
    if (count > 0 && (!best || count > best[1])) best = [level, count];
  }
  return best?.[0] ?? null;
}

/** A department report says `我局`/`我委` and names itself somewhere (`住建局`). */
function bodyFromText(norm: string): Clue<string> {
  // A department speaks of itself as 我局/我委; a government report that once says 我局 (copied text) does not count.
  const self = (norm.match(/我(局|委|办)/g) ?? []).length;
  const government = (norm.match(/我(市|区|县|旗|州|盟|省)/g) ?? []).length;
  if (!self || self <= government) return { value: null };
  let best: [string, number] | null = null;
  for (const b of BODY_ABBREVIATIONS) {
    if (!/[局委办厅]$/.test(b.body)) continue;
    // Only agency-shaped names count (`住建局`); bare words like `财政` occur in every report.
    const names = [b.body, ...b.aliases].filter((a) => /[局委办厅]$/.test(a));
    const count = names.reduce((sum, a) => sum + (norm.split(a).length - 1), 0);
    if (count > 0 && (!best || count > best[1])) best = [b.body, count];
  }
  return { value: best?.[0] ?? null };
}

/** The covered year from strong phrases only (`2012年,我市`, `现公布…2018年政府信息公开工作年度报告`). */
function yearFromText(norm: string): Clue<number> {
  const votes = new Map<number, number>();
  for (const m of norm.matchAll(IN_TEXT_REPORT)) votes.set(Number(m[2]), (votes.get(Number(m[2])) ?? 0) + 5);
  for (const m of norm.matchAll(STRONG_YEAR)) votes.set(Number(m[1]), (votes.get(Number(m[1])) ?? 0) + 1);
  const [top] = [...votes.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0]);
  return { value: top?.[0] ?? null };
}
