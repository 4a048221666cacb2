/**
 * Entry point of widget.js. A page embeds it as
 * `<script src="https://HOST/widget.js" data-endpoint="https://HOST" async></script>` and gets a
 * floating button with a chat panel; `<nianbao-chat endpoint="…">` anywhere on the page places an
 * inline chat. `data-launcher="false"` on the script tag skips the floating button (inline only).
 */
import { NianbaoChatElement, normalizeEndpoint, setDefaultEndpoint } from './element.js';

const TAG = 'nianbao-chat';

function findOwnScript(): HTMLScriptElement | null {
  // `currentScript` is set for classic scripts, async ones included, while they first run.
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return document.querySelector<HTMLScriptElement>('script[data-endpoint][src*="widget"]');
}

function mountLauncher(endpoint: string): void {
  if (document.querySelector(`${TAG}[mode="floating"]`)) return;
  const element = document.createElement(TAG);
  element.setAttribute('mode', 'floating');
  element.setAttribute('endpoint', endpoint);
  document.body.appendChild(element);
}

// Loading widget.js twice (two tags, an SPA re-inserting it) must not redefine the element.
if (!customElements.get(TAG)) {
  const script = findOwnScript();
  const scriptOrigin = script?.src ? new URL(script.src, document.baseURI).origin : '';
  const endpoint = normalizeEndpoint(script?.dataset.endpoint || scriptOrigin, document.baseURI);
  if (endpoint) setDefaultEndpoint(endpoint);
  customElements.define(TAG, NianbaoChatElement);
  if (script && script.dataset.launcher !== 'false' && endpoint) {
    if (document.body) mountLauncher(endpoint);
    else document.addEventListener('DOMContentLoaded', () => mountLauncher(endpoint), { once: true });
  }
}
