/**
 * A minimal document for running the widget's renderers in Node: just the DOM calls `el` and the
 * renderers make. Assigning `innerHTML`, `outerHTML` or calling `insertAdjacentHTML` throws, so a
 * renderer that parsed data as markup fails its test instead of passing by accident.
 */

export class FakeNode {
  childNodes: FakeNode[] = [];
  parentNode: FakeNode | null = null;

  get firstChild(): FakeNode | null {
    return this.childNodes[0] ?? null;
  }

  appendChild<T extends FakeNode>(child: T): T {
    child.parentNode?.removeChild(child);
    child.parentNode = this;
    this.childNodes.push(child);
    return child;
  }

  removeChild<T extends FakeNode>(child: T): T {
    this.childNodes = this.childNodes.filter((c) => c !== child);
    child.parentNode = null;
    return child;
  }

  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
}

export class FakeText extends FakeNode {
  constructor(readonly data: string) {
    super();
  }

  override get textContent(): string {
    return this.data;
  }
}

export class FakeElement extends FakeNode {
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, ((event: unknown) => void)[]>();
  namespaceURI = 'http://www.w3.org/1999/xhtml';

  constructor(readonly tagName: string) {
    super();
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name.toLowerCase(), String(value));
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name.toLowerCase()) ?? null;
  }

  removeAttribute(name: string): void {
    this.attributes.delete(name.toLowerCase());
  }

  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  /** Fires listeners of `type` with a bare event object. */
  dispatch(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ type, preventDefault() {} });
  }

  set innerHTML(_value: string) {
    throw new Error('innerHTML assignment in widget code');
  }

  set outerHTML(_value: string) {
    throw new Error('outerHTML assignment in widget code');
  }

  insertAdjacentHTML(): void {
    throw new Error('insertAdjacentHTML in widget code');
  }

  /** Every descendant element named `tag` (lower case). */
  findAll(tag: string): FakeElement[] {
    const out: FakeElement[] = [];
    const walk = (node: FakeNode): void => {
      for (const child of node.childNodes) {
        if (child instanceof FakeElement) {
          if (child.tagName === tag) out.push(child);
          walk(child);
        }
      }
    };
    walk(this);
    return out;
  }

  /** Serializes as HTML, escaping text the way a browser does, to show what a page would contain. */
  get html(): string {
    const attrs = [...this.attributes].map(([k, v]) => ` ${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`).join('');
    const inner = this.childNodes
      .map((c) => (c instanceof FakeElement ? c.html : c.textContent.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
      .join('');
    return `<${this.tagName}${attrs}>${inner}</${this.tagName}>`;
  }
}

export class FakeDocument {
  createElement(tag: string): FakeElement {
    return new FakeElement(tag.toLowerCase());
  }

  /** SVG elements (the answer chart): the namespace is recorded, the element behaves the same. */
  createElementNS(namespace: string, tag: string): FakeElement {
    const node = new FakeElement(tag);
    node.namespaceURI = namespace;
    return node;
  }

  createTextNode(data: string): FakeText {
    return new FakeText(data);
  }
}

/** The fake typed as a real Document for the renderers' signatures. */
export function fakeDocument(): Document {
  return new FakeDocument() as unknown as Document;
}
