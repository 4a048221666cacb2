/**
 * Removes pinyin glosses that some sites insert after characters: `區(qū)` → `區`, `業(yè)務(wù)` → `業務`.
 * A gloss is a parenthesised lowercase syllable with one tone-marked vowel right after a Han character,
 * so ordinary parentheses (`(以下简称《条例》)`, `(wwwxiangfuqugovcn)`) are left alone.
 */
const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
const GLOSS = new RegExp(`([\\u4e00-\\u9fff])[(（]([a-zü]{0,5}[${TONED}][a-zü]{0,5})[)）]`, 'g');

export function stripPinyinGlosses(text: string): string {
  return text.replace(GLOSS, '$1');
}

/** True when the text still contains a pinyin gloss. */
export function hasPinyinGloss(text: string): boolean {
  GLOSS.lastIndex = 0;
  const found = GLOSS.test(text);
  GLOSS.lastIndex = 0;
  return found;
}
