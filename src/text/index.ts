export * from './script.js';
export * from './pinyin.js';
export * from './numbers.js';
export * from './tokenize.js';
