/**
 * Table rows with their header context: a row that names its own values keeps its own names, never the
 * column names of the header row above it, which was written for another layout. A wrong column name
 * in a citation's context (or in a figure's label) would bind a figure to what it does not measure.
 */
import { describe, expect, it } from 'vitest';
import { describeTable } from '../../src/ingest/tables.js';

describe('describeTable', () => {
  it('a row of label and value pairs under a header of another layout keeps its own names', () => {
    const rows = describeTable([
      '行政复议 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计',
      ' | 1 | 1 | 0 | 0 | 2',
      '行政诉讼（未经复议直接起诉） | 总计 | 1 | 行政诉讼（复议后起诉） | 总计 | 0',
    ]);
    expect(rows[1]!.context).toContain('：结果维持 1；结果纠正 1；其他结果 0；尚未审结 0；总计 2');
    expect(rows[2]!.context).toBe('行政诉讼（未经复议直接起诉） 总计：1；行政诉讼（复议后起诉） 总计 0');
    expect(rows[2]!.context).not.toContain('结果纠正');
  });

  it('a note after the values is no label pair: the header still names the values', () => {
    const rows = describeTable(['信息内容 | 采购项目数量 | 采购总金额(万元) | 备注', '政府集中采购 | 2 | 49.14 | 含追加项目']);
    expect(rows[1]!.context).toBe('政府集中采购：采购项目数量 2；采购总金额(万元) 49.14；备注 含追加项目');
  });
});
