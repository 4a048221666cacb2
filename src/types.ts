/**
 * Shared domain types. Data flows one way: ingest → embed/index → retrieve → answer → server/cli;
 * every stage speaks in these shapes, so a citation can always be traced to
 * report → section (heading path) → paragraph number.
 */

/** What a number in a report is: only counts, money and percentages answer `多少`; ranks answer `第几`. */
export type FactKind = 'count' | 'money' | 'percentage' | 'rank' | 'date' | 'identifier';

/** A number of a paragraph or table row, read at ingest and stored with the index. */
export interface StoredFact {
  value: number;
  /** As written, with qualifier and unit: `近2万条`, `4860万元`, `第二`. */
  text: string;
  unit: string;
  kind: FactKind;
  /** What it measures: the words it inherits (clause head, previous item, table row label) + its own. */
  label: string;
}

/** Where a metadata value came from, so users (and tests) can judge how far to trust it. */
export type MetaSource = 'title' | 'header' | 'preamble' | 'site' | 'body' | 'sidecar' | 'synthesized' | 'unknown';

export interface MetaValue<T> {
  /** null when genuinely unknown (e.g. masked as `*` in the report): never guessed. */
  value: T | null;
  source: MetaSource;
}

export interface ReportMeta {
  /** Full region name in simplified Chinese, e.g. `株洲市芦淞区`, `赤峰市`. */
  region: MetaValue<string>;
  /** Issuing body, e.g. `人民政府`, `住房和城乡建设局`. */
  body: MetaValue<string>;
  /** The year the report covers. */
  year: MetaValue<number>;
  /** Display title in simplified Chinese, e.g. `赤峰市2012年政府信息公开工作年度报告`. */
  title: MetaValue<string>;
  /** The reporting place as resolved in the gazetteer: its code and official names from the province down. */
  place?: ReportPlace | null;
}

export interface ReportPlace {
  code: string;
  /** `['浙江省', '湖州市', '德清县']`. */
  path: string[];
}

export type Script = 'simplified' | 'traditional';

/** One addressable unit of a report: a paragraph of prose, a heading, or a table row. */
export interface Paragraph {
  /** 1-based, stable within the report; the `#p26` in a citation URL. */
  n: number;
  kind: 'heading' | 'paragraph' | 'tableRow';
  /** Cleaned text in the report's own script (boilerplate and pinyin glosses removed); quoted verbatim. */
  text: string;
  /**
   * Readable form when it differs from `text`: a table row with its table's header context, e.g.
   * `第二十条第(六)项 行政处罚：上一年项目数量 1；本年增/减 增5；处理决定数量 12`. `text` stays the verbatim row.
   */
  context?: string;
  /** Simplified, width-normalized form of `context ?? text`, used for search and matching. */
  norm: string;
  /** Every number of the unit as a quantity fact (src/ingest/facts.ts): value, unit, kind, what it measures. */
  facts?: StoredFact[];
  /** Heading titles from the top level down to the one this unit sits under (a heading includes itself). */
  headingPath: string[];
  /** Character offsets of `text` in `Report.text`. */
  start: number;
  end: number;
  /** The page the unit starts on, for reports read from a paged format (PDF). */
  page?: number;
}

export interface Section {
  title: string;
  /** 1 = `一、`, 2 = `(一)`, 3 = `1.`/`1、`. */
  level: number;
  path: string[];
  /** Paragraph number of the heading itself. */
  headingParagraph: number;
}

/** A retrieval and citation unit built from one or more neighbouring paragraphs / table rows. */
export interface Chunk {
  /**
   * `${reportId}#p${paragraphs[0]}`, and `-2`, `-3`… for further chunks starting at the same paragraph
   * (the later pieces of a paragraph too long for one chunk).
   */
  id: string;
  reportId: string;
  headingPath: string[];
  /** Paragraph numbers covered (at least one). */
  paragraphs: number[];
  /**
   * The paragraph a citation points at: the chunk's body (the prose paragraph or table data row),
   * not a heading that was joined in front of it. Defaults to `paragraphs[0]`.
   */
  anchor?: number;
  kind: 'paragraph' | 'tableRow';
  /** Offsets into `Report.text`. */
  start: number;
  end: number;
  /** Original text (report's script), verbatim, for quoting: paragraphs joined with `\n`. */
  text: string;
  /** Readable form when it differs from `text` (table rows with header context). */
  context?: string;
  /** The quantity facts of the paragraphs it covers (see Paragraph.facts). */
  facts?: StoredFact[];
  /** Normalized simplified text, for search. Includes the heading path as context. */
  norm: string;
  /** The page of the cited paragraph (`anchor`), for reports read from a paged format (PDF). */
  page?: number;
}

export interface Report {
  /** File name without extension, e.g. `004_4dd6e611894a30a9`. */
  id: string;
  /**
   * Path of the source file inside the corpus directory, e.g. `004_4dd6e611894a30a9.txt`: what users see
   * in citations and report pages, never a path of the server's disk (see `corpusSource`).
   */
  source: string;
  meta: ReportMeta;
  script: Script;
  /** Cleaned full text in the original script; offsets of paragraphs and chunks point into it. */
  text: string;
  sections: Section[];
  paragraphs: Paragraph[];
  chunks: Chunk[];
  warnings: string[];
  /** sha256 of the parser version, the raw file bytes and the sidecar (see INGEST_VERSION). */
  checksum: string;
}

/** The light view of a report that travels with hits and citations. */
export interface ReportSummary {
  id: string;
  source: string;
  title: string;
  region: string | null;
  body: string | null;
  year: number | null;
  /** Gazetteer path of the region (`['浙江省','湖州市','德清县']`), null when the place was not resolved. */
  regionPath?: string[] | null;
  script: Script;
}

export interface ParsedQuery {
  /** The question as typed. */
  raw: string;
  /** Simplified, width-normalized, numerals → digits. */
  norm: string;
  script: Script;
  /** Resolved against the corpus's own metadata. */
  region: string | null;
  /** Gazetteer path of the place the question names (`['内蒙古自治区','赤峰市','翁牛特旗']`), when known. */
  regionPath?: string[] | null;
  body: string | null;
  year: number | null;
  /** Search terms after synonym expansion (simplified). */
  terms: string[];
}

export interface Hit {
  chunk: Chunk;
  report: ReportSummary;
  /** Fused score (higher is better). */
  score: number;
  /** 1-based rank in each ranking the hit appeared in. */
  ranks: { vector?: number; lexical?: number };
}

/** Said explicitly when the question names a region/year the corpus has no report for. */
export interface MissingReportNotice {
  code: 'NO_SUCH_REPORT';
  region: string | null;
  body: string | null;
  year: number | null;
  /** Years the corpus does have for that region (empty if the region itself is unknown). */
  availableYears: number[];
  /** The nearest reports the corpus has (same unit other years, same place other bodies, places above or below), as `十堰市住建局2022年`. */
  nearest?: string[];
}

export interface RetrievalResult {
  query: ParsedQuery;
  hits: Hit[];
  notice?: MissingReportNotice;
}

export interface Citation {
  n: number;
  reportId: string;
  source: string;
  title: string;
  region: string | null;
  year: number | null;
  /** Heading path joined with ` > `. */
  section: string;
  paragraph: number;
  /** The page the paragraph starts on, when the report is a PDF: citations then read 第3页 第12段. */
  page?: number;
  quote: string;
  /** Readable form of the quote when it differs (table rows with their header context). */
  context?: string;
  url: string;
}

/**
 * A small chart of the figures an answer compares (several reports, one measure): bars across reports
 * or a line across years. Each point names the citation of its figure.
 */
export interface AnswerChart {
  kind: 'bar' | 'line';
  title: string;
  unit: string;
  points: { label: string; value: number; citation: number }[];
}

export interface Answer {
  answer: string;
  citations: Citation[];
  refused: boolean;
  grounded: boolean;
  /** Present when the answer compares figures of several reports (computed from standard measures). */
  chart?: AnswerChart;
  /** Which answerer produced it, fallbacks, timings. */
  meta?: Record<string, unknown>;
}
