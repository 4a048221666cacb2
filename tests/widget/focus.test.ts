import { describe, expect, it } from 'vitest';
import { wrapTarget } from '../../src/widget/focus.js';

// Elements stand in as numbers in document order; 0 is the panel itself, which precedes everything in it.
const items = [1, 2, 3, 4];
const follows = (a: number, b: number): boolean => b > a;

describe('wrapTarget (Tab kept inside the full-screen panel)', () => {
  it('sends Tab from the last element to the first and Shift+Tab from the first to the last', () => {
    expect(wrapTarget(items, 4, false, follows)).toBe(1);
    expect(wrapTarget(items, 1, true, follows)).toBe(4);
  });

  it('leaves moves between the ends to the browser', () => {
    expect(wrapTarget(items, 2, false, follows)).toBeNull();
    expect(wrapTarget(items, 2, true, follows)).toBeNull();
    expect(wrapTarget(items, 4, true, follows)).toBeNull();
  });

  it('wraps from an untabbable focus (the panel, a focused heading) only when nothing lies ahead', () => {
    expect(wrapTarget(items, 0, true, follows)).toBe(4);
    expect(wrapTarget(items, 0, false, follows)).toBeNull();
    expect(wrapTarget(items, 5, false, follows)).toBe(1);
    expect(wrapTarget(items, 2.5, true, follows)).toBeNull();
    expect(wrapTarget(items, null, false, follows)).toBe(1);
    expect(wrapTarget([], 1, false, follows)).toBeNull();
  });
});
