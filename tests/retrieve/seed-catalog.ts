/** The five seed reports as ingest describes them, as a catalogue fixture for query-understanding tests. */
import type { ReportSummary, Script } from '../../src/types.js';

/** A summary; a region given as a path (`['内蒙古自治区','赤峰市']`) is one resolved in the gazetteer. */
export const summary = (id: string, region: string | string[] | null, body: string | null, year: number | null, script: Script = 'simplified'): ReportSummary => ({
  id, source: `corpus/${id}.txt`, title: '', region: Array.isArray(region) ? region.join('') : region, body, year,
  regionPath: Array.isArray(region) ? region : null, script,
});

export const SEEDS = [
  summary('000', ['湖南省', '株洲市', '芦淞区'], '人民政府', 2013, 'traditional'),
  summary('001', ['黑龙江省', '牡丹江市', '绥芬河市'], '住房和城乡建设局', 2019),
  summary('002', ['河南省', '开封市', '祥符区'], '人民政府', 2018),
  summary('003', null, '人民政府', null, 'traditional'),
  summary('004', ['内蒙古自治区', '赤峰市'], '人民政府', 2012),
];
