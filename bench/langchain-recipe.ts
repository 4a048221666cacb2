/**
 * The baseline that general RAG platforms use, built from stock LangChain.js parts so `bench:retrieval`
 * can show nianbao against it on the same data: every report's text is cut by
 * `RecursiveCharacterTextSplitter` (chunkSize 300, chunkOverlap 50, default separators) into chunks that
 * carry only their source file name, and `BM25Retriever` (k = 5) ranks the chunks. BM25Retriever splits
 * on whitespace, so unsegmented Chinese would score 0 everywhere; like any sensible deployment for
 * Chinese we pre-segment chunks and questions with jieba (`cut`, HMM on, words joined by spaces) and
 * keep the original chunk text for the evidence check. Nothing else is added: no normalization
 * (traditional script stays as typed), no metadata, no query understanding. Files are decoded with
 * nianbao's own decoder, so both systems see the same text (the realistic set has GBK and UTF-16LE
 * files).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { Document } from '@langchain/core/documents';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { listReportFiles, readReportBytes, REPORT_EXTENSIONS } from '../src/ingest/index.js';

export const RECIPE_NAME = 'LangChain recipe (300/50 + BM25, jieba)';

/** A retrieved chunk: the report file it came from and its original (unsegmented) text. */
export interface RecipeHit {
  source: string;
  text: string;
}

export interface LangChainRecipe {
  chunkCount: number;
  retrieve(question: string): Promise<RecipeHit[]>;
}

/** Builds the splitter + BM25 baseline over every report file of `corpusDir`. */
export async function createLangChainRecipe(corpusDir: string, options: { chunkSize?: number; chunkOverlap?: number; k?: number } = {}): Promise<LangChainRecipe> {
  const jieba = Jieba.withDict(dict);
  const segment = (text: string) =>
    jieba
      .cut(text, true)
      .map((w) => w.trim())
      .filter(Boolean)
      .join(' ');

  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: options.chunkSize ?? 300, chunkOverlap: options.chunkOverlap ?? 50 });
  const docs: Document[] = [];
  for (const file of await listReportFiles(corpusDir)) {
    const source = path.basename(file);
    const format = REPORT_EXTENSIONS[path.extname(file).toLowerCase()];
    if (!format) continue;
    const { text } = await readReportBytes(await readFile(file), format, source);
    for (const chunk of await splitter.splitText(text)) {
      // Scored on the segmented text; the original chunk travels in metadata for the evidence check.
      docs.push(new Document({ pageContent: segment(chunk), metadata: { source, text: chunk } }));
    }
  }

  const retriever = BM25Retriever.fromDocuments(docs, { k: options.k ?? 5 });
  return {
    chunkCount: docs.length,
    async retrieve(question) {
      const found = await retriever.invoke(segment(question));
      return found.map((d) => ({ source: d.metadata.source as string, text: d.metadata.text as string }));
    },
  };
}
