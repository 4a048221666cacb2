/**
 * Reads an issuer name (`济南市历下区泉城路街道办事处`, `成都市公安局武侯区分局`, `自治区人民政府办公厅`)
 * into the place it governs and the body, using the gazetteer and the table of bodies. A place name the
 * gazetteer lists more than once (`城北街道`) is settled by the other places the report names; when
 * nothing settles it, the place stays unresolved rather than guessed.
 */
import {
  AGENCY_NAME_ENDINGS,
  BODY_ABBREVIATIONS,
  LEVEL_WORDS,
  bodyNameVariants,
  NOT_REGION_WORDS,
  getGazetteer,
  isWithin,
  placePath,
  type Place,
} from '../lang/zh/index.js';

export interface PlaceMention {
  start: number;
  end: number;
  name: string;
  candidates: readonly Place[];
}

export interface Issuer {
  /** The most specific place named, resolved when the candidates allow; null when none is named. */
  place: Place | null;
  /** The most specific place name as written, even when it could not be resolved. */
  placeName: string | null;
  /** Canonical body (`住房和城乡建设委员会`), or the remainder as written when it ends like an agency. */
  body: string | null;
}

const AGENCY_NAME = new RegExp(`(${AGENCY_NAME_ENDINGS.join('|')})$`);

const BODY_BY_NAME = new Map<string, string>();
for (const entry of BODY_ABBREVIATIONS)
  for (const name of [entry.body, ...entry.aliases].flatMap(bodyNameVariants)) if (!BODY_BY_NAME.has(name)) BODY_BY_NAME.set(name, entry.body);

/**
 * Official and former place names in `text`, longest match first, left to right. Only full names count
 * (`德清县`, not `德清`): a bare core is too often an ordinary word in running text.
 */
export function findPlaceNames(text: string, minLength = 3): PlaceMention[] {
  const g = getGazetteer();
  const found: PlaceMention[] = [];
  for (let i = 0; i < text.length; i++) {
    for (let len = Math.min(g.maxAliasLength, text.length - i); len >= minLength; len--) {
      // Most spans end in a character no place name ends with: skip them before building the string.
      if (!g.finalChars.has(text[i + len - 1]!)) continue;
      const name = text.slice(i, i + len);
      const candidates = g.byName(name);
      if (!candidates.length || NOT_REGION_WORDS.has(name)) continue;
      found.push({ start: i, end: i + len, name, candidates });
      i += len - 1;
      break;
    }
  }
  return found;
}

/**
 * Picks among a name's candidate places the one the context supports: a candidate inside a place named
 * before it in the same issuer wins, then the one with most ancestors named anywhere in the report.
 * Returns null on a tie: an ambiguous place is left unresolved.
 */
export function resolvePlace(candidates: readonly Place[], chain: readonly Place[], context: readonly Place[]): Place | null {
  if (candidates.length === 1) return candidates[0]!;
  const score = (p: Place) => {
    const inChain = chain.some((c) => c !== p && isWithin(p, c)) ? 100 : 0;
    const ancestors = placePath(p).slice(0, -1);
    return inChain + ancestors.filter((a) => context.some((c) => c.code === a.code)).length;
  };
  const ranked = candidates.map((p) => ({ p, s: score(p) })).sort((a, b) => b.s - a.s);
  return ranked[0]!.s > 0 && ranked[0]!.s > ranked[1]!.s ? ranked[0]!.p : null;
}

/** Canonical body for what remains of an issuer once its places are taken out, or null. */
export function canonicalBody(rest: string, afterTown: boolean): string | null {
  let s = rest.replace(/^[的\s]+|[\s]+$/g, '');
  if (!s) return null;
  for (let changed = true; changed; ) {
    changed = false;
    const known = BODY_BY_NAME.get(s);
    if (known) return known;
    // `区农业农村局`: a level word before a body means "this district's".
    const level = LEVEL_WORDS.find((w) => s.startsWith(w) && BODY_BY_NAME.has(s.slice(w.length)));
    if (level) {
      s = s.slice(level.length);
      changed = true;
      continue;
    }
    // `人民政府外事办公室`: a department named under its government.
    for (const gov of ['人民政府', '政府']) {
      if (s.startsWith(gov) && s.length > gov.length && AGENCY_NAME.test(s.slice(gov.length))) {
        s = s.slice(gov.length);
        changed = true;
        break;
      }
    }
  }
  if (afterTown && (s === '办事处' || s === '街道办事处')) return '街道办事处';
  return s.length <= 16 && AGENCY_NAME.test(s) && !/[，,。；;：:、（）()《》\s\d]/.test(s) ? s : null;
}

/**
 * Parses one issuer name; `context` is every place the report names, for settling ambiguous names. It
 * may be given as a function: scanning a whole report for places is then done only if a name needs it.
 */
export function parseIssuer(raw: string, context: readonly Place[] | (() => readonly Place[]) = []): Issuer {
  const text = raw.trim();
  const mentions = findPlaceNames(text, 2);
  const chain: Place[] = [];
  let placeName: string | null = null;
  let place: Place | null = null;
  let rest = '';
  let at = 0;
  for (const m of mentions) {
    rest += text.slice(at, m.start);
    at = m.end;
    placeName = m.name;
    place = resolvePlace(m.candidates, chain, m.candidates.length > 1 && typeof context === 'function' ? context() : Array.isArray(context) ? context : []);
    if (place) chain.push(place);
  }
  rest += text.slice(at);
  const afterTown = place?.level === 'town' || /街道$/.test(placeName ?? '');
  const body = canonicalBody(rest, afterTown);
  return { place, placeName, body };
}
