/**
 * Issuing bodies and their common abbreviations, as data. The full name is what metadata records
 * (`住房和城乡建设局`); aliases are how reports and questions shorten it (`住建局`).
 * Query understanding reuses this table.
 */
export interface BodyEntry {
  name: string;
  aliases: readonly string[];
}

export const BODIES: readonly BodyEntry[] = [
  { name: '人民政府办公室', aliases: ['政府办公室', '政府办'] },
  { name: '人民政府办公厅', aliases: ['政府办公厅'] },
  { name: '人民政府', aliases: ['政府'] },
  { name: '住房和城乡建设局', aliases: ['住房城乡建设局', '住建局', '住建'] },
  { name: '住房和城乡建设委员会', aliases: ['住建委'] },
  { name: '发展和改革委员会', aliases: ['发改委'] },
  { name: '发展和改革局', aliases: ['发改局'] },
  { name: '人力资源和社会保障局', aliases: ['人社局'] },
  { name: '卫生健康委员会', aliases: ['卫健委', '卫生健康委'] },
  { name: '卫生健康局', aliases: ['卫健局'] },
  { name: '市场监督管理局', aliases: ['市场监管局'] },
  { name: '生态环境局', aliases: ['环保局', '生态环境分局'] },
  { name: '自然资源和规划局', aliases: ['自然资源规划局', '自规局'] },
  { name: '自然资源局', aliases: ['国土局'] },
  { name: '农业农村局', aliases: ['农业局'] },
  { name: '交通运输局', aliases: ['交通局'] },
  { name: '应急管理局', aliases: ['应急局'] },
  { name: '行政审批服务局', aliases: ['行政审批局', '审批局'] },
  { name: '城市管理局', aliases: ['城管局'] },
  { name: '退役军人事务局', aliases: ['退役军人局'] },
  { name: '医疗保障局', aliases: ['医保局'] },
  { name: '文化广电和旅游局', aliases: ['文旅局', '文广旅局'] },
  { name: '教育局', aliases: ['教体局'] },
  { name: '公安局', aliases: [] },
  { name: '财政局', aliases: [] },
  { name: '民政局', aliases: [] },
  { name: '司法局', aliases: [] },
  { name: '审计局', aliases: [] },
  { name: '统计局', aliases: [] },
  { name: '水利局', aliases: ['水务局'] },
  { name: '商务局', aliases: [] },
  { name: '林业局', aliases: [] },
  { name: '税务局', aliases: [] },
];

/** Full name for a body mention (full name or alias), or null. */
export function resolveBody(mention: string): string | null {
  for (const b of BODIES) if (b.name === mention || b.aliases.includes(mention)) return b.name;
  return null;
}

/** The longest body name (full form) that `text` ends with, or null. */
export function bodySuffixOf(text: string): string | null {
  let best: string | null = null;
  for (const b of BODIES) if (text.endsWith(b.name) && (!best || b.name.length > best.length)) best = b.name;
  return best;
}
