/**
 * Every word the widget shows, in one table. Keeping UI text as data lets a test check that no
 * English leaks into the Chinese UI and keeps the view code free of string literals.
 */
import { paragraphLabel } from '../lang/zh/report-terms.js';

export const UI = {
  title: '年报问答',
  subtitle: '政府信息公开年度报告智能问答',
  open: '打开年报问答',
  close: '关闭',
  closePanel: '关闭年报问答',
  panelLabel: '年报问答窗口',
  send: '发送',
  stop: '停止',
  stopLabel: '停止生成回答',
  retry: '重试',
  back: '返回',
  inputLabel: '您的问题',
  placeholder: '请输入您的问题，例如：赤峰2012年依申请公开多少件',
  hint: 'Enter 发送，Shift+Enter 换行',
  welcome: '您好！我可以回答各地政府信息公开工作年度报告中的问题，并注明出自哪份报告的哪一段。',
  suggestionsTitle: '您可以这样问：',
  you: '您的问题',
  assistant: '回答',
  thinking: '正在检索相关年报…',
  streaming: '正在生成回答…',
  answered: '回答已生成',
  stopped: '已停止生成。',
  refusedLabel: '无法从年报中找到答案',
  sourcesTitle: '引用来源',
  citation: (n: number) => `引用 ${n}`,
  citationLabel: (n: number, title: string, paragraph: number, page?: number) => `引用 ${n}：${title}，${paragraphLabel(paragraph, page, true)}`,
  paragraph: (p: number, page?: number) => paragraphLabel(p, page, true),
  region: '地区',
  year: '年份',
  section: '章节',
  location: '位置',
  quote: '原文',
  context: '表格上下文',
  viewInReport: (p: number, page?: number) => `在年报中查看原文（${paragraphLabel(p, page, true)}）`,
  opensNewWindow: '（在新窗口打开）',
  networkError: '网络连接失败，请检查网络后重试。',
  networkRetrying: '网络连接失败，正在重试…',
  streamInterrupted: '回答在传输中断开了，请重试。',
  serverError: '服务暂时不可用，请稍后重试。',
  overloaded: (seconds: number | null) => (seconds ? `服务繁忙，请在 ${seconds} 秒后重试。` : '服务繁忙，请稍后重试。'),
  rateLimited: (seconds: number | null) => (seconds ? `请求过于频繁，请在 ${seconds} 秒后重试。` : '请求过于频繁，请稍后重试。'),
  originRefused: '此网站未获授权使用年报问答服务。',
  emptyQuestion: '请输入问题。',
  unknown: '未知',
} as const;

/** Shown when /api/suggestions cannot be reached; real questions the seed corpus answers. */
export const FALLBACK_SUGGESTIONS: readonly string[] = [
  '赤峰2012年依申请公开多少件',
  '芦淞区2013年主动公开了多少条政府信息',
  '绥芬河住建局2019年政府集中采购了几个项目？',
  '祥符区2018年办结市长专线多少件',
];
