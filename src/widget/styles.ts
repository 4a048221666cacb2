/**
 * The widget's stylesheet, scoped by its shadow root. `:host { all: initial }` stops the host
 * page's inherited styles (fonts, line heights, colours) from leaking in; nothing leaks out.
 * Sizes are chosen for a 360 px wide phone: below 480 px the floating panel takes the whole screen
 * (FULL_SCREEN_QUERY), and is then a modal dialog (element.ts traps focus in it).
 */

/**
 * One font for Han, Latin and digits alike, shared with the server's pages. CJK fonts come first
 * because their Latin glyphs are drawn to sit with their Han; `system-ui` first (as before) picked
 * a Latin UI font (DejaVu Sans on Linux, Segoe UI on Windows) for "2018" and the CJK fallback for
 * "年", with a real bold for one and a synthesized bold for the other. `-apple-system` only exists
 * on Apple systems, where SF and PingFang are designed as a pair.
 */
export const FONT_STACK = '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

/** Below this width the floating panel covers the screen (and becomes a modal dialog). */
export const FULL_SCREEN_QUERY = '(max-width: 480px)';

export const WIDGET_CSS = `
:host { all: initial; display: block; color: #1f2937; font: 15px/1.6 ${FONT_STACK}; }
:host([mode="floating"]) { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; }
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

.launcher { display: inline-flex; align-items: center; gap: 8px; min-height: 48px; padding: 0 20px; border: 0; border-radius: 24px; background: #1d4ed8; color: #fff; font-size: 16px; font-weight: 600; box-shadow: 0 6px 20px rgba(29, 78, 216, .35); }
.launcher::before { content: ""; width: 14px; height: 11px; border-radius: 4px 4px 4px 1px; background: #fff; }
.launcher:hover { background: #1e40af; }

.panel { display: flex; flex-direction: column; background: #fff; overflow: hidden; }
.panel:focus { outline: none; }
.floating .panel { position: fixed; right: 20px; bottom: 84px; width: min(400px, calc(100vw - 24px)); height: min(640px, calc(100vh - 110px)); border-radius: 14px; box-shadow: 0 12px 40px rgba(15, 23, 42, .28); }
.inline .panel { width: 100%; height: var(--nianbao-height, 560px); border: 1px solid #d1d5db; border-radius: 12px; }
@media ${FULL_SCREEN_QUERY} {
  .floating .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; height: 100dvh; border-radius: 0; }
}

.header { display: flex; align-items: center; gap: 8px; padding: 10px 8px 10px 16px; background: #1d4ed8; color: #fff; }
.header-text { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 17px; font-weight: 700; }
.subtitle { margin: 0; font-size: 12px; opacity: .85; }
.close { min-width: 44px; min-height: 44px; border: 0; border-radius: 8px; background: transparent; color: #fff; font-size: 15px; }
.close:hover { background: rgba(255, 255, 255, .15); }

.body { position: relative; flex: 1; min-height: 0; display: flex; flex-direction: column; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 10px; overscroll-behavior: contain; }
.msg { min-width: 0; max-width: 92%; padding: 8px 12px; border-radius: 12px; overflow-wrap: anywhere; }
.msg p { margin: 0; }
.user { align-self: flex-end; background: #1d4ed8; color: #fff; border-bottom-right-radius: 4px; white-space: pre-wrap; }
.bot { align-self: flex-start; background: #f3f4f6; border-bottom-left-radius: 4px; }
.answer-text { white-space: pre-wrap; }
.pending { color: #6b7280; }
.pending::after { content: "…"; animation: blink 1s steps(2) infinite; }
@keyframes blink { 50% { opacity: 0; } }
.refused { background: #fffbeb; border: 1px solid #fcd34d; border-left: 4px solid #d97706; }
.refused-label { display: flex; align-items: center; gap: 6px; font-weight: 600; color: #92400e; margin-bottom: 2px !important; }
.refused-label::before { content: "i"; display: inline-flex; align-items: center; justify-content: center; width: 18px; height: 18px; border-radius: 50%; background: #d97706; color: #fff; font: italic 700 12px/1 Georgia, serif; }
.error { align-self: stretch; max-width: 100%; background: #fef2f2; border: 1px solid #fecaca; color: #991b1b; display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.error p { flex: 1; min-width: 12em; }
.stopped-note { color: #6b7280; font-size: 13px; }

.chip { display: inline-flex; align-items: center; justify-content: center; min-width: 22px; height: 22px; margin: 0 2px; padding: 0 6px; border: 0; border-radius: 11px; background: #dbeafe; color: #1e40af; font-size: 12px; font-weight: 700; line-height: 1; vertical-align: 2px; }
button.chip:hover { background: #bfdbfe; }
.sources { margin-top: 8px; padding-top: 6px; border-top: 1px solid #e5e7eb; }
.sources-title { font-size: 12px; color: #6b7280; }
.sources-list { list-style: none; margin: 4px 0 0; padding: 0; display: grid; grid-template-columns: minmax(0, 1fr); gap: 4px; }
.source { display: flex; align-items: center; gap: 6px; width: 100%; min-height: 36px; padding: 4px 6px; border: 1px solid #e5e7eb; border-radius: 8px; background: #fff; text-align: left; font-size: 13px; }
.source:hover { border-color: #93c5fd; }
.source-title { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.source-where { color: #6b7280; white-space: nowrap; }

.chart { margin: 8px 0 0; padding: 6px 8px 4px; border: 1px solid #e5e7eb; border-radius: 8px; background: #fff; }
.chart-title { font-size: 13px; font-weight: 600; color: #374151; }
.chart-plot { position: relative; }
.chart-svg { display: block; width: 100%; height: auto; overflow: visible; }
.chart-axis { stroke: #9ca3af; }
.chart-mark { fill: #2563eb; stroke: #2563eb; }
.chart-line { fill: none; stroke: #2563eb; stroke-width: 2; }
.chart-value { fill: #1f2937; font-weight: 700; }
.chart-label { fill: #4b5563; }
.chart-hit { position: absolute; padding: 0; border: 0; border-radius: 6px; background: transparent; }
.chart-hit.line { top: 0; bottom: 0; }
.chart-hit.bar { left: 0; right: 0; }
.chart-hit:hover { background: rgba(37, 99, 235, .08); }

.suggestions { padding: 4px 0; }
.suggestions p { margin: 0 0 6px; color: #4b5563; font-size: 14px; }
.suggestions ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.suggestion { width: 100%; min-height: 40px; padding: 6px 12px; border: 1px solid #bfdbfe; border-radius: 10px; background: #eff6ff; color: #1e3a8a; text-align: left; }
.suggestion:hover { background: #dbeafe; }

/* The card is a column: back bar, scrolling passage, and the report link pinned under it, so a long
   quote scrolls while the link stays whole above the input bar instead of being cut by its edge. */
.detail { position: absolute; inset: 0; display: flex; flex-direction: column; background: #fff; }
.detail-bar { flex: none; display: flex; align-items: center; gap: 8px; padding: 8px 16px 4px; }
.detail-content, .detail-body { flex: 1; min-height: 0; display: flex; flex-direction: column; }
.detail-main { flex: 1; min-height: 0; overflow-y: auto; overscroll-behavior: contain; padding: 0 16px 12px; }
.detail-foot { flex: none; padding: 10px 16px; border-top: 1px solid #e5e7eb; background: #fff; }
.back { min-height: 40px; padding: 0 12px; border: 1px solid #d1d5db; border-radius: 8px; background: #fff; }
.detail-label { color: #6b7280; font-size: 13px; }
.detail-title { margin: 6px 0; font-size: 16px; }
.detail-title:focus { outline: none; }
.facts { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0 0 8px; font-size: 13px; }
.facts dt { color: #6b7280; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.quote-label { margin: 0; font-size: 12px; color: #6b7280; }
.quote { margin: 4px 0 12px; padding: 10px 12px; border-left: 4px solid #f59e0b; background: #fffbeb; white-space: pre-wrap; overflow-wrap: anywhere; }
.quote mark { background: #fde68a; color: inherit; padding: 0 1px; }
.hit { background: #f59e0b; color: #1f2937; font-weight: 700; padding: 0 2px; border-radius: 3px; box-shadow: inset 0 -2px 0 #b45309; }
.context { margin: 4px 0 12px; padding: 8px 12px; background: #f9fafb; border-radius: 6px; font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; }
.report-link { color: #1d4ed8; font-weight: 600; display: inline-block; padding: 2px 0; }

.form { display: flex; gap: 8px; align-items: flex-end; padding: 8px; border-top: 1px solid #e5e7eb; background: #fff; }
.input { flex: 1; min-width: 0; min-height: 44px; max-height: 120px; padding: 10px; border: 1px solid #9ca3af; border-radius: 10px; resize: none; font-size: 16px; line-height: 1.4; }
.input:disabled { background: #f3f4f6; color: #9ca3af; }
.input:focus-visible { outline: 3px solid #93c5fd; outline-offset: 0; border-color: #1d4ed8; }
.send { min-width: 64px; min-height: 44px; border: 0; border-radius: 10px; background: #1d4ed8; color: #fff; font-weight: 600; }
.send.stop { background: #6b7280; }
.send:disabled { opacity: .5; cursor: not-allowed; }
.hint { margin: 0; padding: 0 8px 6px; font-size: 11px; color: #6b7280; background: #fff; }
@media (prefers-reduced-motion: reduce) { .pending::after { animation: none; } }
`;
