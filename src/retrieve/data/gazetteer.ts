/**
 * Well-known regions that people name without a suffix (`上海2019年…`, `广东省` → `广东`). Only used to
 * recognise a region the corpus does NOT have, so such a question is refused instead of being answered
 * from whichever report has the same year. Regions the corpus has are always recognised from its own
 * metadata, whether or not they are listed here. Short names are derived (`内蒙古自治区` → `内蒙古`).
 */
export const WELL_KNOWN_REGIONS: readonly string[] = [
  // provincial-level divisions
  '北京市', '天津市', '上海市', '重庆市', '河北省', '山西省', '辽宁省', '吉林省', '黑龙江省', '江苏省',
  '浙江省', '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '海南省',
  '四川省', '贵州省', '云南省', '陕西省', '甘肃省', '青海省', '台湾省', '内蒙古自治区', '广西壮族自治区',
  '西藏自治区', '宁夏回族自治区', '新疆维吾尔自治区', '香港特别行政区', '澳门特别行政区',
  // provincial capitals and sub-provincial cities
  '石家庄市', '太原市', '呼和浩特市', '沈阳市', '长春市', '哈尔滨市', '南京市', '杭州市', '合肥市',
  '福州市', '南昌市', '济南市', '郑州市', '武汉市', '长沙市', '广州市', '南宁市', '海口市', '成都市',
  '贵阳市', '昆明市', '拉萨市', '西安市', '兰州市', '西宁市', '银川市', '乌鲁木齐市', '深圳市', '大连市',
  '青岛市', '宁波市', '厦门市',
  // other large cities often named in questions
  '苏州市', '无锡市', '温州市', '佛山市', '东莞市', '珠海市', '包头市', '唐山市', '洛阳市', '徐州市',
  '湘潭市', '齐齐哈尔市', '大庆市', '鄂尔多斯市', '呼伦贝尔市', '通辽市', '三亚市', '桂林市',
];
