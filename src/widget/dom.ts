/**
 * The widget's only way to build DOM. Data (questions, answers, report quotes, titles) can enter the
 * page solely as text nodes or attribute values through `el`, never as markup, so a report that
 * contains `<script>` or `<img onerror>` is shown, not run. Event handler attributes are refused
 * outright; listeners are attached with `on` instead.
 */

export type Child = Node | string | number | null | undefined | false;

export interface ElementProps {
  class?: string;
  /** Attribute values; `true` sets an empty attribute, `false`/`undefined` leaves it out. */
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Partial<Record<'click' | 'keydown' | 'submit' | 'input', (event: Event) => void>>;
}

/**
 * Creates `<tag>` with attributes, listeners and children. Strings and numbers become text nodes.
 * Throws on `on*` attribute names, which would turn a string into code.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (props.class) node.setAttribute('class', props.class);
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(name)) throw new Error(`refusing event handler attribute ${name}`);
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, listener] of Object.entries(props.on ?? {})) node.addEventListener(type, listener);
  append(doc, node, ...children);
  return node;
}

/** Appends children, turning strings and numbers into text nodes and skipping empty values. */
export function append(doc: Document, parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? doc.createTextNode(String(child)) : child);
  }
}

/** Removes every child of `node` (instead of `innerHTML = ''`, which this module never touches). */
export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/**
 * `{endpoint}{path}` if it stays on the endpoint's origin and is http(s); otherwise null. Citation
 * URLs come from the server, and a `javascript:` href would be code, so every link is checked.
 */
export function safeEndpointUrl(endpoint: string, path: string): string | null {
  try {
    const base = new URL(endpoint);
    const url = new URL(path.startsWith('/') ? endpoint.replace(/\/+$/, '') + path : path, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin === base.origin ? url.href : null;
  } catch {
    return null;
  }
}
