import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWidget, WIDGET_GZIP_BUDGET } from '../../src/widget/build.js';
import { UI } from '../../src/widget/strings.js';

const WIDGET_DIR = path.resolve(import.meta.dirname, '../../src/widget');

describe('buildWidget', () => {
  it(`bundles a minified IIFE under ${WIDGET_GZIP_BUDGET / 1024} KB gzip`, async () => {
    const { code, gzipBytes } = await buildWidget();
    console.log(`widget.js: ${(Buffer.byteLength(code) / 1024).toFixed(1)} KB raw, ${(gzipBytes / 1024).toFixed(1)} KB gzip`);
    expect(gzipBytes).toBeLessThan(WIDGET_GZIP_BUDGET);
    expect(code).toMatch(/^("use strict";)?\(\(\)=>\{/);
    expect(code).toContain('nianbao-chat');
    // Chinese UI strings survive as UTF-8, not \u escapes that bloat the bundle.
    expect(code).toContain(UI.placeholder);
  });

  it('never parses data as markup: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval', async () => {
    const banned = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval|new Function)\b/;
    const { code } = await buildWidget();
    expect(code).not.toMatch(banned);
    for (const file of await readdir(WIDGET_DIR)) {
      if (file === 'build.ts') continue;
      const source = (await readFile(path.join(WIDGET_DIR, file), 'utf8')).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(source, file).not.toMatch(banned);
    }
  });
});
