/**
 * Vocabulary of Chinese administrative divisions, used to split a report's region into levels
 * (`株洲市芦淞区` → `株洲市` + `芦淞区`), to derive the short names people type (`芦淞`, `株洲芦淞区`),
 * and to spot region-like names in a question that the corpus has no report for (`北京市`, `某某县`).
 */

export interface RegionSuffix {
  suffix: string;
  /** What the level is called in short form once an ethnic qualifier is dropped (`恩施土家族苗族自治州` → `恩施州`). */
  short?: string;
  /**
   * True when a question word ending in this suffix may name a region the corpus lacks. Kept to the
   * unambiguous administrative suffixes: `镇`/`乡`/`街道` end too many ordinary words (`城镇`, `乡镇`).
   */
  detectUnknown: boolean;
}

/** The suffixes of province-level names (`湖南省`, `内蒙古自治区`, `香港特别行政区`). */
export const PROVINCE_SUFFIXES: readonly string[] = ['省', '自治区', '特别行政区'];

/** Longest first, so `自治州` wins over `州` and `新区` over `区`. */
export const REGION_SUFFIXES: readonly RegionSuffix[] = [
  { suffix: '特别行政区', detectUnknown: true },
  { suffix: '自治区', short: '', detectUnknown: true },
  { suffix: '自治州', short: '州', detectUnknown: true },
  { suffix: '自治县', short: '县', detectUnknown: true },
  { suffix: '自治旗', short: '旗', detectUnknown: true },
  { suffix: '街道', detectUnknown: false },
  { suffix: '地区', detectUnknown: false },
  { suffix: '新区', detectUnknown: true },
  { suffix: '林区', detectUnknown: false },
  { suffix: '矿区', detectUnknown: false },
  { suffix: '省', detectUnknown: true },
  { suffix: '市', detectUnknown: true },
  { suffix: '州', detectUnknown: true },
  { suffix: '盟', detectUnknown: true },
  { suffix: '区', detectUnknown: true },
  { suffix: '县', detectUnknown: true },
  { suffix: '旗', detectUnknown: true },
  { suffix: '镇', detectUnknown: false },
  { suffix: '乡', detectUnknown: false },
].sort((a, b) => b.suffix.length - a.suffix.length);

/**
 * The 55 officially recognised minority nationalities as they appear inside autonomous-area names,
 * longest first so `柯尔克孜族` is stripped whole. Dropping them gives the name people use: `恩施州`.
 */
export const ETHNIC_GROUPS: readonly string[] = [
  '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族', '满族', '侗族', '瑶族',
  '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族', '佤族', '畲族', '高山族', '拉祜族',
  '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族', '达斡尔族', '仫佬族', '羌族', '布朗族',
  '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族', '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族',
  '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族', '独龙族', '鄂伦春族', '赫哲族', '门巴族',
  '珞巴族', '基诺族', '各族', '维吾尔',
].sort((a, b) => b.length - a.length);

/**
 * Cores too generic to stand alone as an alias or to be reported as an unknown region:
 * `高新区`, `开发区`, `城区` name a kind of area, not a place.
 */
export const GENERIC_REGION_CORES: ReadonlySet<string> = new Set([
  '开发', '经济开发', '经济技术开发', '高新', '高新技术开发', '工业', '产业', '保税', '自贸', '试验', '实验',
  '示范', '先行', '风景', '旅游', '贫困', '民族', '少数民族', '革命老', '老城', '新城', '主城', '中心城',
  '城中', '市中', '城东', '城西', '城南', '城北', '东城', '西城', '南城', '北城', '市辖', '行政', '管辖',
  '所在', '本地', '当地', '外地', '城乡', '农村', '偏远', '边境', '重点', '保护', '功能', '商务', '服务',
  '生活', '住宅', '居民', '责任', '试点', '其他', '其它', '相关', '有关', '周边', '沿海', '内陆', '五星红',
  '直辖', '中心', '城市',
]);

/**
 * Words that end like a region but never name one, as jieba cuts them out of a question:
 * `我市`, `全区`, `盟市` (the `盟市本级` of Inner Mongolian reports), `旗县区`.
 */
export const NOT_REGION_WORDS: ReadonlySet<string> = new Set([
  '我市', '全市', '本市', '该市', '各市', '此市', '我区', '全区', '本区', '该区', '各区', '我县', '全县', '本县',
  '该县', '各县', '我省', '全省', '本省', '该省', '各省', '外省', '我旗', '全旗', '本旗', '该旗', '各旗', '全盟',
  '本盟', '我盟', '盟市', '旗县', '旗县区', '县区', '县市', '市县', '市区', '省市', '地市', '区县', '市州',
  '城区', '社区', '辖区', '小区', '园区', '景区', '郊区', '山区', '片区', '街区', '校区', '灾区', '牧区',
  '特区', '老区', '新区', '专区', '选区', '禁区', '误区', '盲区', '城市', '都市', '超市', '股市', '上市',
  '夜市', '门市', '开发区', '高新区', '行政区', '实验区', '示范区', '试验区', '保护区', '自贸区', '保税区',
  '五星红旗', '国旗', '红旗', '地区', '乡镇', '城乡', '我镇', '本镇', '全镇', '各镇', '我乡', '全乡', '本乡',
]);

/** A leading word that makes a region-like token a reference to "our/every/this" area (`各旗县区`). */
export const REGION_DETERMINERS = '我全本该各此每这那其';

/** Characters that are administrative on their own: a core made only of them is no place name (`旗县`). */
export const ADMIN_CHARS = '省市区县旗盟州乡镇村';

/**
 * A full region name at the start of a string: optional province, optional prefecture, optional county
 * level, each a 2–7 character name plus suffix (`株洲市芦淞区`, `开封市祥符区`, `绥芬河市`).
 */
export const REGION_AT_START =
  /^((?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,7}?(?:市|自治州|州|盟))?(?:[\u4e00-\u9fff]{2,6}?(?:新区|区|县|旗|自治县|自治旗|市))?)/;

/** Leading words that introduce a name in running text (`现公布开封市祥符区…`). */
export const LEAD_WORDS = /^(?:现将|现公布|现予公布|特公布|公布|发布|印发|关于|根据|按照|依据|本|我|由|经|对|在|通过|以下为)+/;

/** Local media whose names carry the city (`赤峰日报`, `赤峰要闻`): a clue when the report says only `我市`. */
export const MEDIA_SUFFIXES: readonly string[] = ['日报', '晚报', '要闻', '电视台', '电台', '新闻网', '新闻', '广播电视台', '融媒体中心'];

/** `我市` / `我区` … : which level of government is speaking. */
export const SELF_REFERENCES: Readonly<Record<string, string>> = { 我市: '市', 我区: '区', 我县: '县', 我旗: '旗', 我州: '州', 我盟: '盟', 我省: '省' };

/**
 * Characters that character-level traditional→simplified conversion must leave alone, because
 * simplified Chinese still writes them in names: `乾` of 乾县 and 乾安县 (and 乾隆) is no traditional `干`.
 */
export const UNCONVERTED_CHARS: ReadonlySet<string> = new Set(['乾']);
