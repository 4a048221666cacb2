/**
 * The chart under a comparison answer, in the fake DOM: one bar (or point) per value with its label
 * and value, a named button per point that opens its citation card like a chip, a summary for screen
 * readers, labels as text whatever they contain, and nothing at all for a missing or malformed chart.
 */
import { describe, expect, it } from 'vitest';
import type { AnswerChart, Citation } from '../../src/types.js';
import { parseAnswer, parseChart } from '../../src/widget/api.js';
import { renderChart, shortNumber } from '../../src/widget/chart.js';
import { renderFinalAnswer } from '../../src/widget/render.js';
import { FakeElement, fakeDocument } from './fake-dom.js';
import { citationOf, REPORT_A, XSS_IMG, XSS_SCRIPT } from './fixtures.js';

const asFake = (node: unknown): FakeElement => node as FakeElement;
const SVG_NS = 'http://www.w3.org/2000/svg';

const citations: Citation[] = [1, 2, 3].map((n) => ({ ...citationOf(REPORT_A, 26, n), year: 2011 + n }));
const chart: AnswerChart = {
  kind: 'bar',
  title: '收到政府信息公开申请数',
  unit: '件',
  points: [
    { label: '赤峰市 2012', value: 8, citation: 1 },
    { label: '开封市祥符区 2018', value: 15, citation: 2 },
    { label: '株洲市芦淞区 2013', value: 3, citation: 3 },
  ],
};
const answer = { answer: '开封市祥符区 2018年最多，15件[2]；赤峰市 2012年8件[1]；株洲市芦淞区 2013年3件[3]。', citations, refused: false, grounded: true, chart };

/** The `<text>` contents of the drawing, by class. */
const texts = (root: FakeElement, cls: string): string[] => root.findAll('text').filter((t) => t.getAttribute('class') === cls).map((t) => t.textContent);

describe('the answer chart', () => {
  it('draws one bar per point in SVG, across, with its label and its value', () => {
    const figure = asFake(renderChart(fakeDocument(), chart, citations, () => {}));
    const svg = figure.findAll('svg')[0]!;
    expect(svg.namespaceURI).toBe(SVG_NS);
    const bars = svg.findAll('rect');
    expect(bars).toHaveLength(3);
    expect(bars.every((b) => b.namespaceURI === SVG_NS)).toBe(true);
    // Lengths follow the values: 15 is the longest, 3 the shortest; one row each, in order.
    const lengths = bars.map((b) => Number(b.getAttribute('width')));
    expect(lengths[1]).toBeGreaterThan(lengths[0]!);
    expect(lengths[0]).toBeGreaterThan(lengths[2]!);
    expect(lengths[0]! / lengths[1]!).toBeCloseTo(8 / 15, 5);
    const rows = bars.map((b) => Number(b.getAttribute('y')));
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(texts(svg, 'chart-value')).toEqual(['8件', '15件', '3件']);
    expect(texts(svg, 'chart-label')).toEqual(['赤峰市 2012', '开封市祥符区 2018', '株洲市芦淞区 2013']);
    expect(figure.findAll('figcaption')[0]!.textContent).toBe('收到政府信息公开申请数 （单位：件）');
  });

  it('is a picture with a summary for screen readers, and lists every value in a visually hidden list', () => {
    const figure = asFake(renderChart(fakeDocument(), chart, citations, () => {}));
    const svg = figure.findAll('svg')[0]!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('收到政府信息公开申请数，柱状图，共 3 项；最高 开封市祥符区 2018 15件，最低 株洲市芦淞区 2013 3件');
    // No control hides inside the picture, where assistive technology could not reach it.
    expect(svg.findAll('button')).toHaveLength(0);
    const list = figure.findAll('ul')[0]!;
    expect(list.getAttribute('class')).toBe('sr-only');
    expect(list.findAll('li').map((li) => li.textContent)).toEqual(['赤峰市 2012：8件', '开封市祥符区 2018：15件', '株洲市芦淞区 2013：3件']);
  });

  it('opens the citation of a bar when it is clicked, like the [n] chips', () => {
    const opened: [number, unknown][] = [];
    const figure = asFake(renderChart(fakeDocument(), chart, citations, (c, trigger) => opened.push([c.n, trigger])));
    const buttons = figure.findAll('button');
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      '赤峰市 2012：8件，查看引用 1',
      '开封市祥符区 2018：15件，查看引用 2',
      '株洲市芦淞区 2013：3件，查看引用 3',
    ]);
    // One row per bar, over the drawing.
    expect(buttons.map((b) => b.getAttribute('style'))).toEqual([
      `top:0%;height:${100 / 3}%`,
      `top:${100 / 3}%;height:${100 / 3}%`,
      `top:${200 / 3}%;height:${100 / 3}%`,
    ]);
    buttons[1]!.dispatch('click');
    expect(opened).toEqual([[2, buttons[1]]]);
  });

  it('draws a line with a point per year when the kind is line', () => {
    const line: AnswerChart = { ...chart, kind: 'line', points: [2012, 2013, 2015].map((year, i) => ({ label: `赤峰市 ${year}`, value: [8, 12, 5][i]!, citation: i + 1 })) };
    const figure = asFake(renderChart(fakeDocument(), line, citations, () => {}));
    expect(figure.getAttribute('data-kind')).toBe('line');
    expect(figure.findAll('polyline')).toHaveLength(1);
    expect(figure.findAll('circle')).toHaveLength(3);
    expect(figure.findAll('rect')).toHaveLength(0);
    expect(figure.findAll('polyline')[0]!.getAttribute('points')!.split(' ')).toHaveLength(3);
    expect(figure.findAll('svg')[0]!.getAttribute('aria-label')).toContain('折线图');
    expect(texts(figure, 'chart-value')).toEqual(['8', '12', '5']);
    expect(texts(figure, 'chart-label')).toEqual(['赤峰市 2012', '赤峰市 2013', '赤峰市 2015']);
    // One column per year, side by side over the drawing.
    expect(figure.findAll('button').map((b) => b.getAttribute('style'))).toEqual([0, 1, 2].map((i) => `left:${(i * 100) / 3}%;width:${100 / 3}%`));
  });

  it('renders hostile labels and titles as text', () => {
    const hostile: AnswerChart = { ...chart, title: `${XSS_SCRIPT}标题`, points: [{ label: XSS_IMG, value: 1, citation: 1 }, { label: `${XSS_SCRIPT} 2012`, value: 2, citation: 2 }] };
    const figure = asFake(renderChart(fakeDocument(), hostile, citations, () => {}));
    expect(figure.findAll('script')).toHaveLength(0);
    expect(figure.findAll('img')).toHaveLength(0);
    expect(figure.findAll('figcaption')[0]!.textContent).toContain(XSS_SCRIPT);
    expect(figure.findAll('li')[0]!.textContent).toBe(`${XSS_IMG}：1件`);
    expect(figure.findAll('button')[0]!.getAttribute('aria-label')).toBe(`${XSS_IMG}：1件，查看引用 1`);
    expect(figure.html).toContain('&lt;script&gt;');
  });

  it('draws a point whose citation the answer lacks, without a button', () => {
    const figure = asFake(renderChart(fakeDocument(), { ...chart, points: [...chart.points, { label: '通辽市 2019', value: 4, citation: 9 }] }, citations, () => {}));
    expect(figure.findAll('rect')).toHaveLength(4);
    expect(figure.findAll('button')).toHaveLength(3);
  });

  it('writes large values short enough to sit over a bar', () => {
    expect(shortNumber(8)).toBe('8');
    expect(shortNumber(491400)).toBe('49.14万');
    expect(shortNumber(120000)).toBe('12万');
    expect(shortNumber(1.8e8)).toBe('1.8亿');
    expect(shortNumber(2.5)).toBe('2.5');
  });
});

describe('the chart in the answer bubble', () => {
  it('sits under the answer text and above the sources', () => {
    const bubble = asFake(renderFinalAnswer(fakeDocument(), parseAnswer(answer), () => {}));
    const classes = (bubble.childNodes as FakeElement[]).map((c) => c.getAttribute('class'));
    expect(classes).toEqual(['sr-only', 'answer-text', 'chart', 'sources']);
  });

  it('is left out of refusals and of answers without a chart', () => {
    const refused = asFake(renderFinalAnswer(fakeDocument(), { ...parseAnswer(answer), refused: true }, () => {}));
    expect(refused.findAll('figure')).toHaveLength(0);
    const plain = asFake(renderFinalAnswer(fakeDocument(), parseAnswer({ ...answer, chart: undefined }), () => {}));
    expect(plain.findAll('figure')).toHaveLength(0);
    expect(plain.findAll('svg')).toHaveLength(0);
  });
});

describe('parseChart (the widget runs on other people\'s pages: surprises render nothing)', () => {
  it('keeps a well-formed chart', () => {
    expect(parseAnswer(answer).chart).toEqual(chart);
  });

  it('drops a missing or malformed chart, and malformed points', () => {
    for (const bad of [undefined, null, 'chart', 42, [], {}, { kind: 'bar', points: 'x' }, { kind: 'bar', points: [] }, { points: [{ label: 1, value: 2, citation: 1 }] }]) {
      expect(parseChart(bad)).toBeUndefined();
      expect(parseAnswer({ ...answer, chart: bad }).chart).toBeUndefined();
      const bubble = asFake(renderFinalAnswer(fakeDocument(), parseAnswer({ ...answer, chart: bad }), () => {}));
      expect(bubble.findAll('figure')).toHaveLength(0);
    }
    const mixed = parseChart({
      kind: 'pie',
      title: 7,
      points: [
        { label: 'a', value: Number.NaN, citation: 1 },
        { label: 'b', value: '8', citation: 1 },
        { label: 'c', value: 8, citation: 1.5 },
        { label: 'd', value: Infinity, citation: 1 },
        null,
        { label: 'ok', value: 3, citation: 2 },
      ],
    });
    expect(mixed).toEqual({ kind: 'bar', title: '', unit: '', points: [{ label: 'ok', value: 3, citation: 2 }] });
  });

  it('bounds what it keeps: long labels are cut, long series too', () => {
    const long = parseChart({ kind: 'line', title: 'x'.repeat(500), unit: '件', points: Array.from({ length: 100 }, (_, i) => ({ label: '长'.repeat(200), value: i, citation: 1 })) })!;
    expect(long.points).toHaveLength(16);
    expect(long.points[0]!.label).toHaveLength(40);
    expect(long.title).toHaveLength(80);
  });
});
