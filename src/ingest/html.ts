/**
 * HTML → text lines with node-html-parser. Block elements and `<br>` end a line; each table row becomes
 * one line of cells joined with ` | ` (the same flattened form the plain-text reports use), so one
 * structure parser serves every format. Scripts, styles and page chrome (`nav`, `header`, `footer`)
 * are dropped here; the remaining site boilerplate is removed by the cleaning tables.
 */
import { HTMLElement, Node, NodeType, parse } from 'node-html-parser';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'nav', 'header', 'footer', 'iframe', 'svg', 'button', 'form', 'select']);
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol',
  'dl', 'dt', 'dd', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot', 'caption', 'hr', 'address',
  'figure', 'figcaption', 'center', 'body', 'html',
]);

export interface HtmlText {
  text: string;
  /** The document `<title>`, a hint for metadata detection. */
  title: string | null;
}

/** Extracts the readable text of an HTML document as lines. */
export function htmlToText(html: string): HtmlText {
  // node-html-parser keeps `<!doctype>` and XML declarations as text nodes.
  const root = parse(html.replace(/<![^>]*>|<\?xml[^>]*\?>/gi, ''), { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const titleEl = root.querySelector('title');
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    const line = current.replace(/[ \t\u00a0]+/g, ' ').trim();
    if (line) lines.push(line);
    current = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      current += node.text.replace(/\s+/g, ' ');
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const tag = node.rawTagName?.toLowerCase() ?? '';
    if (SKIP.has(tag)) return;
    if (tag === 'br') return flush();
    if (tag === 'tr') {
      flush();
      const cells = node.childNodes
        .filter((c): c is HTMLElement => c instanceof HTMLElement && /^(td|th)$/i.test(c.rawTagName ?? ''))
        .map((c) => cellText(c));
      while (cells.length && !cells[cells.length - 1]) cells.pop();
      // A one-cell row (a caption inside the table) keeps a border so it stays a table line.
      if (cells.some(Boolean)) lines.push(cells.length === 1 ? `${cells[0]} |` : cells.join(' | '));
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    for (const child of node.childNodes) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return { text: lines.join('\n'), title: titleEl ? titleEl.text.trim() || null : null };
}

function cellText(cell: HTMLElement): string {
  return cell.text.replace(/\s+/g, ' ').trim();
}

/** Markdown → plain lines: heading marks, emphasis and table borders removed; table rows kept as `a | b`. */
export function markdownToText(md: string): string {
  return md
    .split('\n')
    .filter((line) => !/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line))
    .map((line) =>
      line
        .replace(/^\s{0,3}#{1,6}\s+/, '')
        .replace(/^\s*>\s?/, '')
        .replace(/\*\*|__/g, '')
        .replace(/^\s*\|\s*(.*?)\s*\|\s*$/, '$1'),
    )
    .join('\n');
}
