/**
 * Role questions (`领导小组组长是谁`, `由谁担任组长`): the answer is the holder the report names, as text
 * (`常务副县长`), read with the role patterns of the language package.
 */
import { ROLE_PATTERNS, ROLES } from '../lang/zh/index.js';


/** The role a question asks about, longest first (`副组长` before `组长`). */
export function askedRole(questionNorm: string): string | undefined {
  return ROLES.find((r) => questionNorm.includes(r)) ?? (/牵头/.test(questionNorm) ? '牵头' : undefined);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The holder of `role` in a sentence, or null. A holder is short and names no other role. */
export function roleHolder(sentenceNorm: string, role: string): string | null {
  for (const pattern of ROLE_PATTERNS) {
    if (!pattern.includes('{role}') && role !== '牵头') continue;
    const re = new RegExp(escape(pattern).replace('\\{who\\}', '([^，,。；;、]{2,14}?)').replace('\\{role\\}', escape(role)));
    const m = re.exec(sentenceNorm);
    const who = m?.[1]?.replace(/^(?:了|成立了|调整了)/, '');
    if (who && !who.includes(role) && !who.includes('组长')) return who;
  }
  return null;
}
