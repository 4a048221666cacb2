/**
 * The chat panel: conversation log, suggested questions, input form and the citation card. It owns
 * one request at a time and its AbortController, so closing the panel or pressing 停止 ends the
 * stream on the wire, not just on screen. Screen readers hear the final answer once (the streaming
 * bubble is aria-hidden and replaced by the final one inside the `role=log` region) and progress
 * through a polite status region.
 */
import type { Citation } from '../types.js';
import { fetchSuggestions, isAbort, streamChat, WidgetApiError, type ChatTurn } from './api.js';
import { clear, el } from './dom.js';
import { citedFigure } from './figures.js';
import { domFollows, tabbableIn, wrapTarget } from './focus.js';
import { describeError, renderAnswerText, renderCitationDetail, renderFinalAnswer } from './render.js';
import { FALLBACK_SUGGESTIONS, UI } from './strings.js';

export interface ChatViewOptions {
  doc: Document;
  /** API base, without a trailing slash. */
  endpoint: string;
  /** Floating panels show 关闭 and close on Esc; inline ones do neither. */
  onCloseRequest?: () => void;
}

/** How many earlier turns travel with a question (enough for follow-ups such as "那2013年呢"). */
const HISTORY_TURNS = 6;

export class ChatView {
  readonly element: HTMLElement;
  private readonly doc: Document;
  private readonly endpoint: string;
  private readonly log: HTMLElement;
  private readonly status: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly detail: HTMLElement;
  private readonly detailContent: HTMLElement;
  private readonly detailLabel: HTMLElement;
  private history: ChatTurn[] = [];
  private controller: AbortController | null = null;
  private suggestionsRequested = false;
  private suggestions: HTMLElement | null = null;
  private detailTrigger: HTMLElement | null = null;
  private originRefused = false;
  /** True while the panel covers the screen: Tab then cycles inside it (see setModal). */
  private modal = false;

  constructor(private readonly options: ChatViewOptions) {
    const doc = (this.doc = options.doc);
    this.endpoint = options.endpoint;
    this.log = el(doc, 'div', { class: 'log', attrs: { role: 'log', 'aria-live': 'polite', 'aria-label': UI.title, tabindex: 0 } },
      el(doc, 'div', { class: 'msg bot' }, el(doc, 'p', {}, UI.welcome)));
    this.status = el(doc, 'div', { class: 'sr-only', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.detailLabel = el(doc, 'span', { class: 'detail-label' });
    this.detailContent = el(doc, 'div', { class: 'detail-content' });
    this.detail = el(doc, 'section', { class: 'detail', attrs: { hidden: true, 'aria-labelledby': 'nb-detail-title' } },
      el(doc, 'div', { class: 'detail-bar' },
        el(doc, 'button', { class: 'back', attrs: { type: 'button' }, on: { click: () => this.closeCitation() } }, UI.back),
        this.detailLabel),
      this.detailContent);
    this.input = el(doc, 'textarea', {
      class: 'input',
      attrs: { id: 'nb-input', rows: 2, placeholder: UI.placeholder, 'aria-describedby': 'nb-hint', enterkeyhint: 'send', maxlength: 500 },
      on: { keydown: (e) => this.onInputKey(e as KeyboardEvent), input: () => this.autosize() },
    });
    this.sendButton = el(doc, 'button', { class: 'send', attrs: { type: 'submit' } }, UI.send);
    const form = el(doc, 'form', { class: 'form', on: { submit: (e) => this.onSubmit(e) } },
      el(doc, 'label', { class: 'sr-only', attrs: { for: 'nb-input' } }, UI.inputLabel), this.input, this.sendButton);
    const header = el(doc, 'div', { class: 'header' },
      el(doc, 'div', { class: 'header-text' },
        el(doc, 'h2', { class: 'title', attrs: { id: 'nb-title' } }, UI.title),
        el(doc, 'p', { class: 'subtitle' }, UI.subtitle)),
      options.onCloseRequest &&
        el(doc, 'button', { class: 'close', attrs: { type: 'button', 'aria-label': UI.closePanel }, on: { click: () => options.onCloseRequest?.() } }, UI.close));
    // tabindex=-1: a click on plain text inside the panel focuses the panel rather than <body>, so Esc
    // (handled here) still reaches us wherever the user clicked.
    this.element = el(doc, 'div', {
      class: 'panel',
      attrs: { role: options.onCloseRequest ? 'dialog' : 'region', 'aria-label': UI.panelLabel, tabindex: -1 },
      on: { keydown: (e) => this.onPanelKey(e as KeyboardEvent) },
    }, header, el(doc, 'div', { class: 'body' }, this.log, this.detail), form,
    el(doc, 'p', { class: 'hint', attrs: { id: 'nb-hint' } }, UI.hint), this.status);
  }

  /** Called when the panel becomes visible: loads suggestions once and (if asked) puts the caret in the input. */
  activate(focus = true): void {
    if (!this.suggestionsRequested) void this.loadSuggestions();
    if (focus) this.input.focus();
  }

  /**
   * Marks the panel as a modal dialog (it covers the screen) or not. Modal: `aria-modal="true"`
   * and Tab / Shift+Tab wrap around inside the panel instead of leaving for the hidden page.
   */
  setModal(modal: boolean): void {
    this.modal = modal;
    if (modal) this.element.setAttribute('aria-modal', 'true');
    else this.element.removeAttribute('aria-modal');
  }

  /** Aborts the request in flight, if any (panel closed, element removed, 停止 pressed). */
  stop(): void {
    this.controller?.abort();
  }

  get busy(): boolean {
    return this.controller !== null;
  }

  /** Sends `raw` as the next question, streaming the answer into the log. */
  async ask(raw: string): Promise<void> {
    const question = raw.trim();
    if (this.busy) return;
    if (!question) return this.announce(UI.emptyQuestion);
    this.suggestions?.remove();
    this.suggestions = null;
    this.input.value = '';
    this.autosize();
    this.log.appendChild(el(this.doc, 'div', { class: 'msg user' },
      el(this.doc, 'span', { class: 'sr-only' }, `${UI.you}：`), question));
    await this.answer(question);
  }

  private async answer(question: string): Promise<void> {
    const controller = (this.controller = new AbortController());
    this.setBusy(true);
    const history = this.history.slice(-HISTORY_TURNS);
    let text = '';
    let citations: Citation[] = [];
    // Hidden from screen readers: they get the final answer in one piece instead of every delta.
    const streaming = el(this.doc, 'div', { class: 'msg bot', attrs: { 'aria-hidden': 'true' } },
      el(this.doc, 'p', { class: 'pending' }, UI.thinking));
    this.appendToLog(streaming);
    this.announce(UI.thinking);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const answer = await streamChat(this.endpoint, { question, history }, {
            onCitations: (c) => (citations = c),
            onDelta: (delta) => {
              text += delta;
              this.replaceContent(streaming, renderAnswerText(this.doc, text, citations));
            },
          }, controller.signal);
          // `done` is authoritative: its text and (possibly renumbered) citations replace the stream.
          streaming.replaceWith(renderFinalAnswer(this.doc, answer, (c, trigger) => this.openCitation(c, trigger, answer.answer)));
          this.history.push({ role: 'user', content: question }, { role: 'assistant', content: answer.answer });
          this.announce(UI.answered);
          this.scrollToEnd(true);
          return;
        } catch (error) {
          if (isAbort(error)) return this.markStopped(streaming, text, citations);
          const failure = error instanceof WidgetApiError ? error : new WidgetApiError('NETWORK', String(error), null, true);
          // One quiet automatic retry for a dropped connection before anything was shown.
          if (failure.code === 'NETWORK' && attempt === 0 && text === '' && !this.originRefused) {
            this.replaceContent(streaming, el(this.doc, 'p', { class: 'pending' }, UI.networkRetrying));
            this.announce(UI.networkRetrying);
            if (!(await pause(1000, controller.signal))) return this.markStopped(streaming, text, citations);
            continue;
          }
          streaming.remove();
          return this.showError(failure, question);
        }
      }
    } finally {
      if (this.controller === controller) this.controller = null;
      this.setBusy(false);
    }
  }

  private markStopped(streaming: HTMLElement, text: string, citations: Citation[]): void {
    streaming.removeAttribute('aria-hidden');
    clear(streaming);
    if (text) streaming.appendChild(renderAnswerText(this.doc, text, citations));
    streaming.appendChild(el(this.doc, 'p', { class: 'stopped-note' }, UI.stopped));
    this.announce(UI.stopped);
  }

  private showError(error: WidgetApiError, question: string): void {
    if (error.code === 'ORIGIN_NOT_ALLOWED') this.refuseOrigin();
    const message = describeError(error, this.originRefused);
    const box = el(this.doc, 'div', { class: 'msg error', attrs: { role: 'alert', 'data-code': error.code } }, el(this.doc, 'p', {}, message));
    if (error.retryable && !this.originRefused) {
      box.appendChild(el(this.doc, 'button', {
        class: 'back',
        attrs: { type: 'button' },
        on: {
          click: () => {
            if (this.busy) return;
            box.remove();
            this.input.focus();
            void this.answer(question);
          },
        },
      }, UI.retry));
    }
    this.appendToLog(box);
  }

  private async loadSuggestions(): Promise<void> {
    this.suggestionsRequested = true;
    let questions: string[];
    try {
      questions = await fetchSuggestions(this.endpoint, AbortSignal.timeout(5000));
    } catch (error) {
      if (error instanceof WidgetApiError && error.code === 'ORIGIN_NOT_ALLOWED') return this.showError(error, '');
      questions = [];
    }
    if (questions.length === 0) questions = [...FALLBACK_SUGGESTIONS];
    // The user may have asked already while the request was in flight.
    if (this.history.length > 0 || this.busy || this.originRefused) return;
    const list = el(this.doc, 'ul');
    for (const q of questions.slice(0, 5)) {
      list.appendChild(el(this.doc, 'li', {}, el(this.doc, 'button', {
        class: 'suggestion',
        attrs: { type: 'button' },
        on: { click: () => void this.ask(q) },
      }, q)));
    }
    this.suggestions = el(this.doc, 'div', { class: 'suggestions' }, el(this.doc, 'p', {}, UI.suggestionsTitle), list);
    this.appendToLog(this.suggestions);
  }

  private refuseOrigin(): void {
    this.originRefused = true;
    this.input.disabled = true;
    this.sendButton.disabled = true;
  }

  /** Shows the card of `citation`, emphasising the figure of `answerText` that it backs. */
  private openCitation(citation: Citation, trigger: HTMLElement, answerText: string): void {
    this.detailTrigger = trigger;
    this.detailLabel.textContent = UI.citation(citation.n);
    const figure = citedFigure(answerText, citation.n, citation.quote, citation.context);
    this.replaceContent(this.detailContent, renderCitationDetail(this.doc, citation, this.endpoint, 'nb-detail-title', figure));
    this.detail.hidden = false;
    // The card covers the log: keep keyboard and screen-reader users out of what they cannot see.
    this.log.setAttribute('inert', '');
    (this.detail.querySelector('#nb-detail-title') as HTMLElement | null)?.focus();
  }

  private closeCitation(): void {
    this.detail.hidden = true;
    this.log.removeAttribute('inert');
    this.detailTrigger?.focus();
    this.detailTrigger = null;
  }

  private onPanelKey(event: KeyboardEvent): void {
    if (event.key === 'Tab' && this.modal) return this.keepTabInside(event);
    // Esc while an input method is composing cancels the composition, nothing more.
    if (event.key !== 'Escape' || event.isComposing) return;
    event.stopPropagation();
    if (!this.detail.hidden) this.closeCitation();
    else if (this.options.onCloseRequest) this.options.onCloseRequest();
    else this.stop();
  }

  private keepTabInside(event: KeyboardEvent): void {
    const root = this.element.getRootNode() as Document | ShadowRoot;
    const active = (root.activeElement as HTMLElement | null) ?? null;
    const target = wrapTarget(tabbableIn(this.element), active, event.shiftKey, domFollows);
    if (!target) return;
    event.preventDefault();
    target.focus();
  }

  private onInputKey(event: KeyboardEvent): void {
    // Enter while an IME is composing picks a candidate (Chinese input), it must not send.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    if (!this.busy) void this.ask(this.input.value);
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    if (this.busy) this.stop();
    else void this.ask(this.input.value);
  }

  private setBusy(busy: boolean): void {
    this.sendButton.textContent = busy ? UI.stop : UI.send;
    this.sendButton.classList.toggle('stop', busy);
    if (busy) this.sendButton.setAttribute('aria-label', UI.stopLabel);
    else this.sendButton.removeAttribute('aria-label');
    this.log.setAttribute('aria-busy', String(busy));
  }

  private announce(message: string): void {
    this.status.textContent = message;
  }

  private replaceContent(parent: HTMLElement, child: Node): void {
    const follow = this.nearEnd();
    clear(parent);
    parent.appendChild(child);
    this.scrollToEnd(follow);
  }

  private appendToLog(node: HTMLElement): void {
    this.log.appendChild(node);
    this.scrollToEnd(true);
  }

  /** Follow the stream only if the reader has not scrolled up to reread something. */
  private nearEnd(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 48;
  }

  private scrollToEnd(follow: boolean): void {
    if (follow) this.log.scrollTop = this.log.scrollHeight;
  }

  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
  }
}

/** Waits `ms`; resolves false if the signal aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => resolve(true), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(false);
    }, { once: true });
  });
}
