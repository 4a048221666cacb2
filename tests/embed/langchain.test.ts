/** The LangChain adapter embeds documents as passages and queries as queries. */
import { describe, expect, it } from 'vitest';
import { EmbedderEmbeddings } from '../../src/embed/langchain.js';
import { createHashEmbedder, hashVector } from '../fakes/hash-embedder.js';

describe('EmbedderEmbeddings', () => {
  const embedder = createHashEmbedder({ dim: 16, maxEmbeddingsPerCall: 2, queryPrefix: '问：' });
  const embeddings = new EmbedderEmbeddings(embedder);

  it('embeds documents as passages, in batches the embedder accepts', async () => {
    const docs = ['依申请公开8件', '盟市本级公开信息7059条', '备案信息9028条'];
    const before = embedder.calls;
    expect(await embeddings.embedDocuments(docs)).toEqual(docs.map((d) => hashVector(d, 16)));
    expect(embedder.calls - before).toBe(2);
  });

  it('embeds a query with the query kind', async () => {
    expect(await embeddings.embedQuery('多少件')).toEqual(hashVector('问：多少件', 16));
  });
});
