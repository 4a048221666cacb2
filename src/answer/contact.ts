/**
 * Contact questions (`…办公室的电话是多少`, `地址在哪里`): the answer is the value the report writes after
 * the field's label, as text. A phone number or an address is never read as a figure.
 */
import { CONTACT_FIELDS } from '../lang/zh/index.js';
import type { Hit } from '../types.js';

export interface ContactAnswer {
  hit: Hit;
  field: string;
  value: string;
  /** The sentence holding it, in the report's script. */
  sentence: string;
}

/** The contact field a question asks for, if it asks for one. */
export function askedContact(questionNorm: string): (typeof CONTACT_FIELDS)[number] | undefined {
  return CONTACT_FIELDS.find((f) => f.asks.some((a) => questionNorm.toLowerCase().includes(a.toLowerCase())));
}

/** The first value of the field in the passages, in retrieval order. */
export function findContact(field: (typeof CONTACT_FIELDS)[number], hits: readonly Hit[]): ContactAnswer | null {
  for (const hit of hits) {
    const text = hit.chunk.text;
    for (const label of field.labels) {
      for (let at = text.indexOf(label); at >= 0; at = text.indexOf(label, at + 1)) {
        const rest = text.slice(at + label.length).replace(/^\s*[:：为是]?\s*[(（]?\s*/, '');
        const m = field.value.exec(rest);
        if (!m || m.index !== 0) continue;
        const value = m[0].replace(/[)）]$/, '');
        const start = Math.max(text.lastIndexOf('。', at) + 1, text.lastIndexOf('\n', at) + 1);
        const endAt = text.indexOf('。', at);
        const sentence = text.slice(start, endAt >= 0 ? endAt : undefined).trim();
        return { hit, field: field.field, value, sentence };
      }
    }
  }
  return null;
}
