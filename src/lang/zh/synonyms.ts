/**
 * Metric vocabulary of information-disclosure annual reports. Reports of different years and places
 * word the same figure differently: older prose says `受理依申请公开8件`, the tables prescribed by the
 * 2019 revision of the 条例 say `本年新收政府信息公开申请数量`; Taiwan-style conversions write `入口网站` for `门户网站`.
 * When a question contains any member of a group, every member becomes a search term.
 */
export const METRIC_SYNONYMS: readonly (readonly string[])[] = [
  // requests for disclosure (依申请公开)
  ['依申请公开', '依申请', '申请公开', '收到申请', '受理申请', '政府信息公开申请', '新收政府信息公开申请', '本年新收', '申请数量'],
  ['予以公开', '同意公开', '全部公开'],
  ['部分公开', '区分处理'],
  ['不予公开', '不公开'],
  ['无法提供', '不掌握'],
  ['不予处理', '重复申请'],
  ['上年结转', '结转', '结转下年度', '继续办理'],
  // proactive disclosure (主动公开)
  ['主动公开', '公开信息', '公开政府信息', '发布信息'],
  ['规章', '规范性文件', '制发'],
  ['政策法规', '法律法规', '法规'],
  ['行政许可', '许可'],
  ['行政处罚', '处罚'],
  ['行政强制', '强制'],
  ['行政事业性收费', '收费项目'],
  // The purchase count (`采购项目数量`) and sum (`采购总金额`) are different measures: not synonyms.
  ['政府集中采购', '集中采购', '采购'],
  ['处理决定数量', '处理决定', '决定数量'],
  ['行政审批', '审批事项', '审批'],
  // channels
  ['门户网站', '入口网站', '政府网站', '网站'],
  ['访问量', '浏览量', '点击量', '访问人次', '浏览'],
  ['政务新媒体', '新媒体', '政务微博微信', '微博微信', '两微一端'],
  ['政务微博', '微博'],
  ['政务微信', '微信', '公众号'],
  ['新闻发布会', '发布会', '新闻发布'],
  ['查阅点', '查阅场所', '查阅服务中心', '查阅室', '查阅'],
  ['档案馆', '档案室', '公共查阅'],
  ['政府公报', '公报'],
  ['市长专线', '市长热线', '热线', '12345'],
  ['信访', '投诉', '举报'],
  ['村务公开', '居务公开', '村居务公开', '村(居)务公开'],
  // fees, reviews and lawsuits
  // `收取…费用` is a fee; `补偿补助费用` is not, so `费用` alone is no synonym.
  ['收费', '收取', '减免', '收费及减免'],
  ['行政复议', '复议'],
  ['行政诉讼', '诉讼', '起诉'],
  ['申诉', '举报投诉'],
  // work and people
  ['人次', '人'],
  ['培训', '培训班', '业务培训'],
  ['专兼职', '专职人员', '兼职人员', '工作人员'],
  ['建议提案', '人大代表建议', '政协委员提案', '建议', '提案'],
  ['预算', '决算', '预决算', '三公经费'],
  ['双随机', '随机抽查', '抽查'],
  ['企业开办', '开办企业', '开办时间'],
  ['重大建设项目', '建设项目', '项目信息'],
  ['纸质全文', '纸质目录', '电子全文', '电子目录'],
  ['办结', '办理完毕', '答复'],
  ['总数', '总计', '合计', '共计', '累计'],
  // change from the previous year, as the prescribed tables write it (`本年增/减`, `增5`)
  ['增加', '新增', '增长', '增/减', '增'],
  ['减少', '精简', '取消', '增/减', '减'],
  ['信息公开指南', '公开指南', '指南'],
  ['信息公开目录', '公开目录', '目录'],
];

/**
 * The stages a request for disclosure goes through, each named by its verbs. A figure of one stage never
 * answers a question about another: `收到申请14件，…已答复12件，其中同意公开3件` answers `答复…多少件` with 12 and
 * `同意公开的有几件` with 3, never with 14, although all three sit in one passage about applications.
 */
export const REQUEST_STAGES: readonly (readonly string[])[] = [
  ['收到', '受理', '新收', '接收'],
  ['答复', '办结', '办理完毕', '回复'],
  ['予以公开', '同意公开', '全部公开'],
  ['部分公开', '区分处理'],
  ['不予公开'],
  ['信息不存在', '无法提供', '不掌握'],
  ['不予处理', '重复申请'],
  ['结转'],
];

/**
 * The two processes every report is organised around. A question names them as context (`依申请提供信息时
 * 有没有收费`) as often as the thing it asks, so a passage need not repeat them to answer.
 */
export const BROAD_TOPICS: readonly string[] = ['依申请公开', '主动公开'];
