import { describe, expect, it } from 'vitest';
import { segmentAnswer } from '../../src/widget/segments.js';

const known = new Set([1, 2, 3]);

describe('segmentAnswer', () => {
  it('turns [n] markers into citation segments between text runs', () => {
    expect(segmentAnswer('全年受理8件[1]，其中网上3件[2]。', known)).toEqual([
      { kind: 'text', text: '全年受理8件' },
      { kind: 'cite', n: 1 },
      { kind: 'text', text: '，其中网上3件' },
      { kind: 'cite', n: 2 },
      { kind: 'text', text: '。' },
    ]);
  });

  it('handles adjacent markers, lists and full-width brackets', () => {
    expect(segmentAnswer('A[1][2]', known)).toEqual([{ kind: 'text', text: 'A' }, { kind: 'cite', n: 1 }, { kind: 'cite', n: 2 }]);
    expect(segmentAnswer('A[1, 3]', known)).toEqual([{ kind: 'text', text: 'A' }, { kind: 'cite', n: 1 }, { kind: 'cite', n: 3 }]);
    expect(segmentAnswer('A【2】B［3］', known)).toEqual([
      { kind: 'text', text: 'A' }, { kind: 'cite', n: 2 }, { kind: 'text', text: 'B' }, { kind: 'cite', n: 3 },
    ]);
    expect(segmentAnswer('A[1、2]', known).filter((s) => s.kind === 'cite')).toHaveLength(2);
  });

  it('leaves markers that name unknown citations as text', () => {
    expect(segmentAnswer('见第[7]条，另见[1,9]', known)).toEqual([{ kind: 'text', text: '见第[7]条，另见[1,9]' }]);
  });

  it('accepts every marker when no citation list is known yet, and leaves other brackets alone', () => {
    expect(segmentAnswer('x[4]', undefined)).toEqual([{ kind: 'text', text: 'x' }, { kind: 'cite', n: 4 }]);
    expect(segmentAnswer('[a] [] [1234] <b>', undefined)).toEqual([{ kind: 'text', text: '[a] [] [1234] <b>' }]);
  });

  it('returns no segments for empty text', () => {
    expect(segmentAnswer('', known)).toEqual([]);
  });
});
