/**
 * The MCP face of the engine: one McpServer with four tools (search_reports, ask, get_paragraph,
 * list_reports), used by both transports (stdio in `npm run mcp`, Streamable HTTP at `/mcp`). Tools only
 * check input, call the engine and shape output, like the JSON API's handlers; retrieval and answering
 * stay in the engine. Every failure is a tool result with `isError: true` and the catalogue's Chinese +
 * English message (`CODE: 中文 (English): detail`), never a thrown error that would end the session.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Engine } from '../engine.js';
import { NianbaoError, isNianbaoError } from '../errors.js';
import type { Answer } from '../types.js';
import { clientAnswer, oneLine } from '../server/routes/api.js';
import { checkQuestion } from '../server/schemas.js';

export interface McpToolDeps {
  config: Config;
  /** The engine, waiting for (stdio) or refusing with INDEX_NOT_READY (HTTP) while the index loads. */
  engine: () => Promise<Engine>;
  /** An answering slot (the server's load shedder) around search and ask; none when absent. */
  acquire?: () => Promise<() => void>;
  /** Server-side log for details clients must not see; default stderr (never stdout: stdio's channel). */
  log?: (line: string) => void;
}

/**
 * A zod error map giving one field's rule in Chinese and English. The SDK checks arguments against the
 * schemas before a tool runs and answers a violation itself (`isError`, the message `at field`),
 * so the message is written here, where the rule is.
 */
const rule = (zh: string, en: string) => ({ errorMap: () => ({ message: `参数不合法 (invalid argument): ${zh} (${en})` }) });

const questionSchema = z.string(rule('问题须为字符串', 'question must be a string'));
const turnSchema = z
  .object({ role: z.enum(['user', 'assistant'], rule('role 须为 user 或 assistant', 'role must be user or assistant')), content: z.string(rule('content 须为字符串，最多 4000 字', 'content must be a string of at most 4000 characters')).max(4000) }, rule('每轮须为 {role, content}', 'each turn must be {role, content}'))
  .strict();

export const MCP_SERVER_INFO = { name: 'nianbao', version: '0.1.0' } as const;

/** A new MCP server with the four tools registered (one per stdio process, one per HTTP request). */
export function createMcpServer(deps: McpToolDeps): McpServer {
  const { config } = deps;
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server = new McpServer(MCP_SERVER_INFO, {
    instructions: '年报问答：在政府信息公开年度报告中检索并作答，答案附引用 (QA over Chinese government information-disclosure annual reports, with citations).',
  });
  const slot = async <T>(fn: () => Promise<T>): Promise<T> => {
    const release = deps.acquire ? await deps.acquire() : () => {};
    try {
      return await fn();
    } finally {
      release();
    }
  };

  server.registerTool(
    'search_reports',
    {
      title: '检索年报段落 (search reports)',
      description: '检索与问题最相关的年报段落，不作答；每条附报告 id、标题、章节、段落号、原文和分数 (retrieve the passages most relevant to a question, without answering; each with report id, title, section, paragraph number, quote and score)',
      inputSchema: {
        question: questionSchema.describe('问题或关键词 (question or keywords)'),
        k: z.number(rule('k 须为 1–50 的整数', 'k must be a whole number from 1 to 50')).int().min(1).max(50).optional().describe(`返回条数，1–50，默认 ${config.topK} (number of passages, 1–50)`),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      toolResult(log, async () => {
        const question = checkQuestion(args.question, config.maxQuestionLength);
        const engine = await deps.engine();
        const result = await slot(() => engine.retrieve(question, { k: args.k ?? config.topK }));
        const passages = result.hits.map((h) => ({
          reportId: h.report.id,
          title: h.report.title,
          section: h.chunk.headingPath.join(' > '),
          paragraph: h.chunk.anchor ?? h.chunk.paragraphs[0] ?? null,
          ...(h.chunk.page ? { page: h.chunk.page } : {}),
          quote: h.chunk.text,
          score: h.score,
        }));
        return json({ query: result.query.raw, notice: result.notice ?? null, passages });
      }),
  );

  server.registerTool(
    'ask',
    {
      title: '问答 (ask)',
      description: '回答关于政府信息公开年报的问题，答案附引用（与 /api/chat 相同）；找不到依据时拒答 (answer a question about the annual reports with citations, the same as /api/chat; refuses when the reports do not say)',
      inputSchema: {
        question: questionSchema.describe('问题，如「赤峰2012年依申请公开多少件」 (the question)'),
        history: z.array(turnSchema, rule('history 须为对话轮次的数组，最多 20 轮', 'history must be an array of at most 20 turns')).max(20).optional().describe('之前的对话，追问据此补全 (earlier turns; follow-ups inherit from them)'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      toolResult(log, async () => {
        const question = checkQuestion(args.question, config.maxQuestionLength);
        const engine = await deps.engine();
        const { retrieval: _retrieval, ...answer } = await slot(() => engine.ask(question, { history: args.history }));
        const shown = clientAnswer(answer, log);
        return { content: [{ type: 'text', text: renderAnswer(shown) }], structuredContent: { ...shown } };
      }),
  );

  server.registerTool(
    'get_paragraph',
    {
      title: '读取段落 (get paragraph)',
      description: '按报告 id 和段落号读取一段原文及其所在章节，用于核对引用 (the text of one numbered paragraph of a report, with its section; for checking a citation)',
      inputSchema: {
        reportId: z.string(rule('reportId 须为非空字符串', 'reportId must be a non-empty string')).min(1).describe('报告 id，如 004_4dd6e611894a30a9 (report id, as in citations)'),
        paragraph: z.number(rule('paragraph 须为正整数', 'paragraph must be a positive whole number')).int().min(1).describe('段落号，引用中的 paragraph (paragraph number, from a citation)'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      toolResult(log, async () => {
        const engine = await deps.engine();
        const report = await engine.index.report(args.reportId);
        if (!report) throw new NianbaoError('REPORT_NOT_FOUND', args.reportId);
        const p = report.paragraphs.find((x) => x.n === args.paragraph);
        if (!p) throw new NianbaoError('NOT_FOUND', `报告 ${args.reportId} 没有第 ${args.paragraph} 段，共 ${report.paragraphs.length} 段 (the report has paragraphs 1–${report.paragraphs.length})`);
        const summary = engine.index.summaries.find((s) => s.id === report.id);
        return json({
          reportId: report.id,
          title: summary?.title ?? report.meta.title.value ?? report.id,
          paragraph: p.n,
          ...(p.page ? { page: p.page } : {}),
          kind: p.kind,
          section: p.headingPath.join(' > '),
          text: p.text,
          ...(p.context ? { context: p.context } : {}),
        });
      }),
  );

  server.registerTool(
    'list_reports',
    {
      title: '列出年报 (list reports)',
      description: '列出已索引的年报，可按地区和年份筛选 (the indexed reports: id, title, region, body, year; optionally filtered by region and year)',
      inputSchema: {
        region: z.string(rule('region 须为字符串', 'region must be a string')).optional().describe('地区名的一部分，如「赤峰」 (part of the region name)'),
        year: z.number(rule('year 须为整数', 'year must be a whole number')).int().optional().describe('报告年度，如 2012 (report year)'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      toolResult(log, async () => {
        const engine = await deps.engine();
        const region = args.region?.trim();
        const reports = engine.index.summaries
          .filter((s) => (args.year === undefined || s.year === args.year) && (!region || [s.region ?? '', ...(s.regionPath ?? [])].some((r) => r.includes(region))))
          .map((s) => ({ id: s.id, title: s.title, region: s.region, body: s.body, year: s.year }));
        return json({ total: reports.length, reports });
      }),
  );

  return server;
}

/** An answer as text: the answer, then one block per citation (what an MCP client shows its model). */
export function renderAnswer(a: Answer): string {
  const lines = [a.answer];
  if (a.citations.length) lines.push('', '引用 (citations):');
  for (const c of a.citations) lines.push(`[${c.n}] 《${c.title}》 ${c.section} 第${c.paragraph}段 (reportId ${c.reportId}, paragraph ${c.paragraph})`, `    ${c.quote.replace(/\n/g, '\n    ')}`);
  if (!a.grounded) lines.push('', '(警告：答案未通过数字核对 / warning: answer failed the number check)');
  return lines.join('\n');
}

function json(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}

/** Runs a tool body; any error becomes an `isError` result with the catalogue's zh + en message. */
async function toolResult(log: (line: string) => void, body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (e) {
    if (!isNianbaoError(e)) log(`[nianbao] mcp tool failed: ${oneLine(e)}`);
    const err = isNianbaoError(e) ? e : new NianbaoError('INTERNAL');
    return { isError: true, content: [{ type: 'text', text: `${err.code}: ${err.message}` }], structuredContent: err.toJSON() };
  }
}
