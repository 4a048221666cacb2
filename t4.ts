import { loadConfig } from './src/config.js';
import { openEngine } from './src/engine.js';
import { buildConcepts, coverageOf } from './src/answer/concepts.js';
const engine = await openEngine(loadConfig());
for (const q of process.argv.slice(2)) {
  const r = await engine.retrieve(q);
  console.log(q, 'terms', r.query.terms);
  const c = buildConcepts(r.query.terms, r.query.norm);
  console.log(c.map((x) => `${x.alternatives[0]}:${x.weight.toFixed(2)}${x.parts.length ? '(' + x.parts.join(',') + ')' : ''}`).join(' '));
  for (const h of r.hits.slice(0, 5)) console.log('  ', coverageOf(h.chunk.norm, c).toFixed(2), h.chunk.norm.slice(0, 80));
}
