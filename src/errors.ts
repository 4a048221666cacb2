/**
 * One catalogue of error codes. Each code has a Chinese and an English message and an HTTP status;
 * the server answers `{error:{code,message}}` and the CLI prints one line. Tests assert on codes.
 */

export const ERRORS = {
  // client input (400)
  EMPTY_QUESTION: { status: 400, zh: '问题不能为空', en: 'question must not be empty' },
  QUESTION_TOO_LONG: { status: 400, zh: '问题过长', en: 'question is too long' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是合法的 JSON', en: 'request body is not valid JSON' },
  INVALID_REQUEST: { status: 400, zh: '请求参数不合法', en: 'invalid request' },
  INVALID_INPUT_FILE: { status: 400, zh: '输入文件无法读取', en: 'input file cannot be read' },
  TOO_MANY_QUESTIONS: { status: 400, zh: '问题数量过多', en: 'too many questions' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'request body is too large' },
  // authentication (401)
  UNAUTHORIZED: { status: 401, zh: '缺少或错误的 API 密钥', en: 'missing or wrong API key' },
  // not found (404)
  NOT_FOUND: { status: 404, zh: '未找到', en: 'not found' },
  REPORT_NOT_FOUND: { status: 404, zh: '未找到该报告', en: 'report not found' },
  // rate limit / origin
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'too many requests' },
  ORIGIN_NOT_ALLOWED: { status: 403, zh: '该来源不允许使用此服务', en: 'origin not allowed' },
  // server state (503)
  INDEX_NOT_READY: { status: 503, zh: '索引尚未就绪', en: 'index is not ready' },
  INDEX_INCOMPATIBLE: { status: 503, zh: '索引与当前配置不兼容，需要重建', en: 'index is incompatible with the current configuration' },
  INDEX_CORRUPT: { status: 503, zh: '索引文件损坏', en: 'index files are corrupt' },
  INDEX_BUSY: { status: 503, zh: '另一个索引构建正在进行', en: 'another index build is running' },
  MODEL_UNAVAILABLE: { status: 503, zh: '嵌入模型不可用', en: 'embedding model is unavailable' },
  OVERLOADED: { status: 503, zh: '服务繁忙，请稍后再试', en: 'server is busy, try again later' },
  LLM_UNAVAILABLE: { status: 503, zh: '大模型服务不可用', en: 'LLM service is unavailable' },
  // ingest (reported as warnings, never fatal for a run)
  FILE_EMPTY: { status: 400, zh: '文件为空', en: 'file is empty' },
  FILE_BINARY: { status: 400, zh: '文件不是文本', en: 'file is binary, not text' },
  FILE_UNDECODABLE: { status: 400, zh: '文件编码无法识别', en: 'file encoding could not be decoded' },
  FILE_UNREADABLE: { status: 400, zh: '文件无法读取', en: 'file cannot be read' },
  FILE_NO_TEXT_LAYER: { status: 400, zh: '图片型PDF，需要OCR', en: 'scanned PDF without a text layer; OCR needed' },
  INVALID_SIDECAR: { status: 400, zh: '元数据文件不合法', en: 'metadata sidecar is invalid' },
  INVALID_CONFIG: { status: 400, zh: '配置不合法', en: 'invalid configuration' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'internal error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** The one error class of the project: a catalogue code plus a detail naming what was wrong. */
export class NianbaoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail?: string;
  /** Seconds the client should wait before trying again; the server sends it as `Retry-After`. */
  readonly retryAfter?: number;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown; retryAfter?: number }) {
    super(formatMessage(code, detail), options);
    this.name = 'NianbaoError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.detail = detail;
    this.retryAfter = options?.retryAfter;
  }

  toJSON(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** `问题不能为空 (question must not be empty): detail` */
export function formatMessage(code: ErrorCode, detail?: string): string {
  const e = ERRORS[code];
  return `${e.zh} (${e.en})${detail ? `: ${detail}` : ''}`;
}

export function isNianbaoError(e: unknown): e is NianbaoError {
  return e instanceof NianbaoError;
}
