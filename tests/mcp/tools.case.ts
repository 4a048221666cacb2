/**
 * The MCP tools' contract, run against every transport (stdio.test.ts, http.test.ts) with the SDK's own
 * client: the four tools are listed, `ask` answers the Chifeng seed question as /api/chat does (8件,
 * cited), the cited paragraph can be read back, reports are listed and filtered, search returns cited
 * passages, and bad input or a missing paragraph is an `isError` result naming its code, after which
 * the server still answers.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { Citation } from '../../src/types.js';

export const CHIFENG = '004_4dd6e611894a30a9';

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult & { text: string; data: Record<string, unknown> }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
  return { ...result, text, data: (result.structuredContent ?? {}) as Record<string, unknown> };
}

export function describeMcpTools(transport: string, client: () => Client): void {
  describe(`MCP tools over ${transport}`, () => {
    it('lists the four tools, each with an input schema and a Chinese + English description', async () => {
      const { tools } = await client().listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['ask', 'get_paragraph', 'list_reports', 'search_reports']);
      for (const t of tools) {
        expect(t.inputSchema.type).toBe('object');
        expect(t.description).toMatch(/[\u4e00-\u9fff].*\([a-z]/);
      }
      expect(tools.find((t) => t.name === 'ask')!.inputSchema.required).toEqual(['question']);
    });

    it('ask answers with the text first and cites the Chifeng report, whose paragraph get_paragraph reads back', async () => {
      const asked = await call(client(), 'ask', { question: '赤峰2012年依申请公开多少件' });
      expect(asked.isError).toBeFalsy();
      expect(asked.text.startsWith('8件')).toBe(true);
      expect(asked.data).toMatchObject({ refused: false, grounded: true });
      const cited = (asked.data.citations as Citation[]).find((c) => c.reportId === CHIFENG);
      expect(cited).toBeDefined();
      expect(asked.text).toContain(`reportId ${CHIFENG}, paragraph ${cited!.paragraph}`);

      const para = await call(client(), 'get_paragraph', { reportId: CHIFENG, paragraph: cited!.paragraph });
      expect(para.isError).toBeFalsy();
      expect(para.data).toMatchObject({ reportId: CHIFENG, paragraph: cited!.paragraph, section: cited!.section });
      expect(para.data.text).toContain('依申请公开8件');
      expect(para.text).toContain('依申请公开8件');
    });

    it('ask takes history: a follow-up (主动公开呢) inherits Chifeng and 2012 from the earlier turn', async () => {
      const history = [
        { role: 'user', content: '赤峰2012年依申请公开多少件' },
        { role: 'assistant', content: '8件' },
      ];
      const asked = await call(client(), 'ask', { question: '主动公开呢', history });
      expect(asked.isError).toBeFalsy();
      expect(asked.text).toContain('主动公开');
      const citations = asked.data.citations as Citation[];
      expect(citations.length).toBeGreaterThan(0);
      expect(citations.every((c) => c.reportId === CHIFENG)).toBe(true);
    });

    it('list_reports lists the five seed reports and filters by region and year', async () => {
      const all = await call(client(), 'list_reports', {});
      expect(all.isError).toBeFalsy();
      const reports = all.data.reports as Array<Record<string, unknown>>;
      expect(reports).toHaveLength(5);
      for (const r of reports) expect(Object.keys(r).sort()).toEqual(['body', 'id', 'region', 'title', 'year']);
      const chifeng = await call(client(), 'list_reports', { region: '赤峰', year: 2012 });
      expect((chifeng.data.reports as Array<{ id: string }>).map((r) => r.id)).toEqual([CHIFENG]);
      const none = await call(client(), 'list_reports', { region: '赤峰', year: 1999 });
      expect(none.data).toMatchObject({ total: 0, reports: [] });
    });

    it('search_reports returns k passages with report id, title, section, paragraph, quote and score', async () => {
      const found = await call(client(), 'search_reports', { question: '赤峰2012年依申请公开多少件', k: 3 });
      expect(found.isError).toBeFalsy();
      const passages = found.data.passages as Array<Record<string, unknown>>;
      expect(passages.length).toBeGreaterThan(0);
      expect(passages.length).toBeLessThanOrEqual(3);
      expect(passages[0]).toMatchObject({ reportId: CHIFENG, title: expect.any(String), section: expect.any(String), paragraph: expect.any(Number), quote: expect.any(String), score: expect.any(Number) });
      expect(passages.some((p) => String(p.quote).includes('依申请公开8件'))).toBe(true);
    });

    it('bad input and missing paragraphs are isError results with a code and a zh + en message; the server lives on', async () => {
      const empty = await call(client(), 'ask', { question: '   ' });
      expect(empty.isError).toBe(true);
      expect(empty.text).toMatch(/^EMPTY_QUESTION: 问题不能为空 \(question must not be empty\)/);
      const emptySearch = await call(client(), 'search_reports', { question: '' });
      expect(emptySearch).toMatchObject({ isError: true, data: { error: { code: 'EMPTY_QUESTION' } } });
      const noReport = await call(client(), 'get_paragraph', { reportId: 'nope', paragraph: 1 });
      expect(noReport).toMatchObject({ isError: true, data: { error: { code: 'REPORT_NOT_FOUND' } } });
      expect(noReport.text).toContain('未找到该报告 (report not found)');
      const noParagraph = await call(client(), 'get_paragraph', { reportId: CHIFENG, paragraph: 99_999 });
      expect(noParagraph).toMatchObject({ isError: true, data: { error: { code: 'NOT_FOUND' } } });
      expect(noParagraph.text).toMatch(/没有第 99999 段.*paragraphs 1–\d+/);
      // A schema violation is answered by the SDK as a tool error too, not a crash.
      const badK = await call(client(), 'search_reports', { question: '赤峰', k: 0 });
      expect(badK.isError).toBe(true);
      expect(badK.text).toContain('参数不合法 (invalid argument): k 须为 1–50 的整数 (k must be a whole number from 1 to 50) at k');
      const badTurn = await call(client(), 'ask', { question: '主动公开呢', history: [{ role: 'system', content: 'x' }] });
      expect(badTurn.isError).toBe(true);
      expect(badTurn.text).toContain('role 须为 user 或 assistant (role must be user or assistant) at history[0].role');
      const missing = await call(client(), 'get_paragraph', { reportId: CHIFENG });
      expect(missing.isError).toBe(true);
      expect(missing.text).toContain('paragraph 须为正整数 (paragraph must be a positive whole number) at paragraph');
      expect((await client().listTools()).tools).toHaveLength(4);
    });
  });
}
