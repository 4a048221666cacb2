/**
 * `<nianbao-chat>`: the custom element that hosts a ChatView in a shadow root. `mode="floating"`
 * (what the script tag mounts) adds a launcher button and a panel that opens and closes; the default
 * inline mode shows the panel in place. Attributes: `endpoint` (API base URL) and `mode`.
 *
 * On a narrow screen (FULL_SCREEN_QUERY) the open floating panel covers the page, so it is a modal
 * dialog there: `aria-modal`, Tab kept inside. Esc closes it from anywhere in the panel (a citation
 * card first) or from the launcher, and focus returns to the launcher.
 */
import { ChatView } from './chat.js';
import { el } from './dom.js';
import { FULL_SCREEN_QUERY, WIDGET_CSS } from './styles.js';
import { UI } from './strings.js';

/** Endpoint used when the element has no `endpoint` attribute: where widget.js was loaded from. */
let defaultEndpoint = '';

/** Sets the endpoint elements fall back to; the entry script calls it with its own origin. */
export function setDefaultEndpoint(endpoint: string): void {
  defaultEndpoint = endpoint;
}

/** Normalizes an endpoint to an absolute http(s) URL without a trailing slash, or '' if unusable. */
export function normalizeEndpoint(value: string | null | undefined, base: string): string {
  if (!value) return '';
  try {
    const url = new URL(value, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
    return (url.origin + url.pathname).replace(/\/+$/, '');
  } catch {
    return '';
  }
}

export class NianbaoChatElement extends HTMLElement {
  private view: ChatView | null = null;
  private launcher: HTMLButtonElement | null = null;
  private panelHost: HTMLElement | null = null;
  private fullScreen: MediaQueryList | null = null;
  private readonly onScreenChange = (): void => this.view?.setModal(this.isFloatingOpen && !!this.fullScreen?.matches);

  connectedCallback(): void {
    this.fullScreen?.addEventListener('change', this.onScreenChange);
    if (this.view) return;
    const doc = this.ownerDocument;
    const floating = this.getAttribute('mode') === 'floating';
    const endpoint =
      normalizeEndpoint(this.getAttribute('endpoint'), doc.baseURI) || defaultEndpoint || normalizeEndpoint(doc.baseURI, doc.baseURI);
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = WIDGET_CSS;
    root.appendChild(style);

    this.view = new ChatView({ doc, endpoint, onCloseRequest: floating ? () => this.close() : undefined });
    const wrapper = el(doc, 'div', { class: floating ? 'floating' : 'inline' });
    if (floating) {
      this.launcher = el(doc, 'button', {
        class: 'launcher',
        attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'nb-panel', 'aria-haspopup': 'dialog', 'aria-label': UI.open },
        on: {
          click: () => (this.isOpen ? this.close() : this.open()),
          keydown: (e) => {
            if ((e as KeyboardEvent).key === 'Escape' && this.isOpen) this.close();
          },
        },
      }, UI.title);
      this.panelHost = el(doc, 'div', { attrs: { id: 'nb-panel', hidden: true } }, this.view.element);
      wrapper.append(this.panelHost, this.launcher);
      this.fullScreen = doc.defaultView?.matchMedia?.(FULL_SCREEN_QUERY) ?? null;
      this.fullScreen?.addEventListener('change', this.onScreenChange);
    } else {
      wrapper.appendChild(this.view.element);
    }
    root.appendChild(wrapper);
    // An inline chat is visible at once; it loads its suggestions but must not steal the page's focus.
    if (!floating) this.view.activate(false);
  }

  disconnectedCallback(): void {
    // Leaving the page (or an SPA removing us) must not leave a stream running.
    this.view?.stop();
    this.fullScreen?.removeEventListener('change', this.onScreenChange);
  }

  get isOpen(): boolean {
    return this.panelHost ? !this.panelHost.hidden : true;
  }

  private get isFloatingOpen(): boolean {
    return this.panelHost !== null && !this.panelHost.hidden;
  }

  /** Shows the floating panel and moves focus into it. */
  open(): void {
    if (!this.panelHost || !this.view) return this.view?.activate();
    this.panelHost.hidden = false;
    this.launcher?.setAttribute('aria-expanded', 'true');
    this.onScreenChange();
    this.view.activate();
  }

  /** Hides the floating panel, stops a stream in flight and returns focus to the launcher. */
  close(): void {
    if (!this.panelHost) return;
    this.view?.stop();
    this.panelHost.hidden = true;
    this.view?.setModal(false);
    this.launcher?.setAttribute('aria-expanded', 'false');
    this.launcher?.focus();
  }

  /** Asks a question programmatically (used by host pages and tests). */
  ask(question: string): Promise<void> {
    if (this.panelHost?.hidden) this.open();
    return this.view?.ask(question) ?? Promise.resolve();
  }
}
