/** The five seed reports as ingest describes them, as a catalogue fixture for query-understanding tests. */
import type { ReportSummary, Script } from '../../src/types.js';

export const summary = (id: string, region: string | null, body: string | null, year: number | null, script: Script = 'simplified'): ReportSummary => ({
  id, source: `corpus/${id}.txt`, title: '', region, body, year, script,
});

export const SEEDS = [
  summary('000', '株洲市芦淞区', '人民政府', 2013, 'traditional'),
  summary('001', '绥芬河市', '住房和城乡建设局', 2019),
  summary('002', '开封市祥符区', '人民政府', 2018),
  summary('003', null, null, null, 'traditional'),
  summary('004', '赤峰市', null, 2012),
];
