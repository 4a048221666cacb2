/**
 * The Chinese-language knowledge of nianbao, in one package every stage imports: administrative
 * divisions (a real gazetteer plus renamed places), region suffixes, issuing bodies and their short
 * forms, how reports name themselves, headings and site boilerplate, sentence punctuation, question
 * words and types, units and metric synonyms, standard measures and comparison words. Data tables only, plus matchers compiled once; no stage
 * keeps its own copy.
 */
export * from './bodies.js';
export * from './boilerplate.js';
export * from './comparisons.js';
export * from './gazetteer.js';
export * from './headings.js';
export * from './measures.js';
export * from './punctuation.js';
export * from './question-types.js';
export * from './question-words.js';
export * from './regions.js';
export * from './renames.js';
export * from './report-terms.js';
export * from './synonyms.js';
export * from './units.js';
