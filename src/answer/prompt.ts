/**
 * The Chinese prompt for the LLM answerer: instructions that confine the model to the numbered passages,
 * the passages themselves (report title, section path, paragraph) and a short slice of the conversation.
 * Kept apart from the model wiring so it can be read, reviewed and tested as text.
 */
import type { Citation, Script } from '../types.js';
import type { ChatTurn } from './answerer.js';
import { stripMarkers } from './citations.js';
import { paragraphLabel } from '../lang/zh/report-terms.js';

/** What the model must say, verbatim, when the passages do not answer the question. */
export const REFUSAL: Record<Script, string> = {
  simplified: '根据现有报告无法回答',
  traditional: '根據現有報告無法回答',
};

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface PromptInput {
  question: string;
  /** The script the question is written in; the answer must use the same one. */
  script: Script;
  citations: Citation[];
  history?: ChatTurn[];
}

/** Earlier turns beyond this add tokens but rarely help resolve a follow-up question. */
const MAX_HISTORY_TURNS = 4;
const MAX_HISTORY_CHARS = 300;
/** Bounds the prompt when a chunk is a long table; grounding still checks against the full quote. */
const MAX_PASSAGE_CHARS = 1500;

const SYSTEM = `你是政府信息公开工作年度报告的问答助手，只能依据用户给出的编号报告段落回答问题。
规则：
1. 只使用编号段落中的内容，不使用段落以外的知识，不推测，不补充。
2. 回答简短：用一到三句话直接回答问题，不复述问题，不写开场白。
3. 每一句陈述都要在句末用方括号标注所依据段落的编号，例如 [1] 或 [1][2]；只能使用给出的编号。
4. 数字必须照抄段落原文（阿拉伯数字与单位保持原样），不得计算、合计、换算、估算或编造任何数字。
5. 如果这些段落不能回答问题，只回答“${REFUSAL.simplified}”（繁体问题写作“${REFUSAL.traditional}”），不要猜测。
6. 用与问题相同的字体作答：问题是简体就用简体，问题是繁体就用繁体。`;

const SCRIPT_NOTE: Record<Script, string> = {
  simplified: '本问题使用简体中文，请用简体中文回答。',
  traditional: '本問題使用繁體中文，請用繁體中文回答。',
};

/**
 * The messages for one question: the system rules, up to four earlier turns, then one user message
 * with the numbered passages and the question. Markers are stripped from earlier assistant turns
 * because their `[n]` referred to that turn's passages, not to this turn's numbering.
 */
export function buildPrompt(input: PromptInput): PromptMessage[] {
  const history = (input.history ?? []).slice(-MAX_HISTORY_TURNS).map(
    (turn): PromptMessage => ({
      role: turn.role,
      content: truncate(turn.role === 'assistant' ? stripMarkers(turn.content) : turn.content, MAX_HISTORY_CHARS),
    }),
  );
  const passages = input.citations.map(formatPassage).join('\n\n');
  const user = `报告段落：\n${passages}\n\n问题：${input.question.trim()}\n\n${SCRIPT_NOTE[input.script]}`;
  return [{ role: 'system', content: SYSTEM }, ...history, { role: 'user', content: user }];
}

/** `[2] 《赤峰市2012年政府信息公开工作年度报告》 三、依申请公开办理情况 第26段` followed by the passage. */
function formatPassage(c: Citation): string {
  const where = [`《${c.title}》`, c.section, paragraphLabel(c.paragraph, c.page)].filter(Boolean).join(' ');
  // Table rows read better with their header context; the verbatim quote stays what the reader sees.
  return `[${c.n}] ${where}\n${truncate(c.context ?? c.quote, MAX_PASSAGE_CHARS)}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

const COMPUTED_SYSTEM = `你是政府信息公开工作年度报告的问答助手。用户的问题需要比较多份报告，系统已经从各份报告中读出同一统计项的数值并算好了结果，见“统计结果”。
规则：
1. 只用统计结果中的数字和文字作答；不得重新计算、合计、换算、估算或编造任何数字，也不要改写数字的写法。
2. 先给出计算结果（排名第一、差值、增长率或合计），再用一两句话说明依据；可以列出几项输入。
3. 提到某份报告的数字时，保留它在统计结果中的引用编号，例如 [1]；只能使用统计结果里出现的编号。
4. 统计结果说某些报告未说明该项时，照实说明，不要当作 0。
5. 使用与问题相同的文字（简体或繁体）。`;

/** The prompt for wording a comparison computed from the reports: the model sees the result, not passages. */
export function buildComputedPrompt(question: string, computed: string): PromptMessage[] {
  return [
    { role: 'system', content: COMPUTED_SYSTEM },
    { role: 'user', content: `统计结果：\n${computed}\n\n问题：${question.trim()}` },
  ];
}
