/**
 * How questions name issuing bodies, beyond the shared table of bodies and aliases (which lives with
 * ingest, the earlier stage, in src/ingest/data/bodies.ts).
 */
export { BODY_ABBREVIATIONS, type BodyEntry } from '../../ingest/data/bodies.js';

/** Endings of a name that can only be an agency, so the alias may constrain search even with no region before it. */
export const AGENCY_ENDINGS: readonly string[] = ['委员会', '局', '委', '厅'];

/**
 * What may not follow a bare short alias for it to count as a body. `赤峰市政府信息公开` is about
 * government information, not a report issued by the 人民政府, so `政府` before `信息` is no body.
 */
export const BODY_ALIAS_NOT_BEFORE: Readonly<Record<string, readonly string[]>> = {
  政府: ['信息', '网', '门户', '办', '工作', '采购', '集中', '规章', '文件', '部门', '机关', '常务', '公报', '令', '系统', '债务', '投资', '购买', '性', '主导', '职能', '官'],
  公安: ['分局', '派出所'],
  教育: ['收费', '培训', '宣传'],
  财政: ['预算', '决算', '预决算', '资金', '收入', '支出', '专项'],
  司法: ['公开', '解释'],
  民政: ['事业'],
};
