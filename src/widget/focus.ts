/**
 * Keeping Tab inside the panel while it covers the whole screen (a phone): the page behind is
 * invisible then, and focus that wanders onto it is focus the user cannot see. Only the two ends are
 * handled; between them the browser's own order applies.
 */

/** What Tab can reach, in document order (the disabled, the hidden and the inert are filtered below). */
const TABBABLE = 'a[href], button, textarea, input, select, [tabindex]';

/** The elements of `root` that Tab can reach now: enabled, not hidden, not inert, not tabindex=-1. */
export function tabbableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (e) =>
      !(e as HTMLButtonElement).disabled &&
      e.getAttribute('tabindex') !== '-1' &&
      !e.closest('[hidden], [inert]') &&
      e.getClientRects().length > 0,
  );
}

/**
 * Where Tab (or Shift+Tab when `backwards`) from `active` should go to stay inside `items`, or null
 * when the browser's own move already stays inside. `follows(a, b)` says b comes after a in the
 * document; it places an `active` that is not itself tabbable (the panel, a heading given focus).
 */
export function wrapTarget<T>(items: readonly T[], active: T | null, backwards: boolean, follows: (a: T, b: T) => boolean): T | null {
  if (items.length === 0) return null;
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const index = active === null ? -1 : items.indexOf(active);
  if (index !== -1) {
    if (backwards) return index === 0 ? last : null;
    return index === items.length - 1 ? first : null;
  }
  // Focus on something untabbable (or nothing): wrap if no tabbable lies ahead in that direction.
  if (active === null) return backwards ? last : first;
  if (backwards) return items.some((item) => follows(item, active)) ? null : last;
  return items.some((item) => follows(active, item)) ? null : first;
}

/** `follows` for DOM nodes. */
export function domFollows(a: Node, b: Node): boolean {
  return (a.compareDocumentPosition(b) & 4) !== 0; // Node.DOCUMENT_POSITION_FOLLOWING
}
