import { describe, it, expect } from 'vitest';
import { classify } from './classify.js';

const c = (name: string, verification: string | null = null) => classify({ name, verification, verified: verification !== null });

describe('classify: what is not government', () => {
  it.each([
    ['平安银行', '平安银行股份有限公司官方微博'],
    ['平安车险', '中国平安财产保险股份有限公司官方微博'],
    ['人民日报', '人民日报法人微博'],
    ['检察日报', '检察日报社官方微博'],
    ['北京大学', '北京大学官方微博'],
    ['中国人民公安大学', '中国人民公安大学官方微博'],
    ['北京协和医院', '中国医学科学院北京协和医院官方微博'],
    ['中国移动', '中国移动通信集团公司官方微博'],
    ['某演员', '歌手、演员'],
    ['城市交通爱好者', null],
  ])('%s is not government', (name, v) => {
    const l = c(name, v);
    expect(l).toMatchObject({ government: false, kind: null, organ: null, public_security: false, level: null, rank: null, province: null });
  });

  it('a company after a Party committee keeps it a company, but police after an airport is police', () => {
    expect(c('X', '国家电网某某供电公司党委').government).toBe(false);
    expect(c('首都机场公安', '北京市公安局首都机场分局官方微博')).toMatchObject({ government: true, public_security: true });
  });

  it('flags a bare 平安 / 清风 phrase as doubtful rather than police', () => {
    expect(c('平安是福')).toMatchObject({ government: false, uncertain: ['government'] });
    expect(c('清风徐来')).toMatchObject({ government: false, uncertain: ['government'] });
  });
});

describe('classify: what a post alone decides', () => {
  it('a county post at an unknown place is county, its band follows', () => {
    expect(c('张三', '某某县副县长')).toMatchObject({ kind: 'individual', organ: 'government', level: 'county', rank: 'division', province: null, uncertain: ['province'] });
    expect(c('李四', '乌有县县委书记')).toMatchObject({ organ: 'party', level: 'county', rank: 'division' });
    expect(c('王五', '虚构省副省长')).toMatchObject({ level: 'provincial', rank: 'ministerial' });
    expect(c('赵六', '某某镇镇长')).toMatchObject({ level: 'township', rank: 'section' });
    expect(c('乌有公安', '乌有县公安局官方微博')).toMatchObject({ kind: 'institutional', public_security: true, level: 'county' });
  });
  it('市 alone says nothing (a prefecture or a county-level city), and 社区 is no district', () => {
    expect(c('钱七', '某某市副市长')).toMatchObject({ level: null, rank: null, province: null });
    expect(c('孙八', '某某社区主任').level).not.toBe('county');
  });
  it('a known place still decides over the words', () => {
    expect(c('周九', '北京市副市长')).toMatchObject({ level: 'provincial', rank: 'ministerial', province: '11' });
  });
});

describe('classify: naming conventions', () => {
  it('平安XX is police of XX', () => {
    expect(c('平安温州')).toMatchObject({ government: true, kind: 'institutional', organ: 'government', public_security: true, level: 'prefectural', province: '33' });
  });
  it('清风XX is discipline, XX发布 is the information office, XX检察 the procuratorate', () => {
    expect(c('清风荆州')).toMatchObject({ organ: 'discipline', level: 'prefectural', province: '42' });
    expect(c('郑州发布')).toMatchObject({ organ: 'government', level: 'prefectural', province: '41' });
    expect(c('宁波检察')).toMatchObject({ organ: 'procuratorate', level: 'prefectural', province: '33' });
  });
  it('the verification text decides the organ over the name (合肥发布 run by the propaganda department)', () => {
    expect(c('合肥发布', '中共合肥市委宣传部官方微博')).toMatchObject({ organ: 'party', level: 'prefectural', province: '34' });
  });
  it('national organs have no province', () => {
    expect(c('中国消防在线', '公安部消防局官方微博')).toMatchObject({ level: 'national', province: null, public_security: true });
    expect(c('中国人民银行', '中国人民银行官方微博')).toMatchObject({ government: true, level: 'national', province: null });
  });
  it('a police name without a place leaves level and province open', () => {
    expect(c('禁毒在线')).toMatchObject({ government: true, public_security: true, level: null, province: null });
    expect(c('禁毒在线').uncertain).toEqual(expect.arrayContaining(['level', 'province']));
  });
});

describe('classify: places', () => {
  it('resolves 朝阳区 in Beijing and 朝阳市 in Liaoning from the surrounding name', () => {
    expect(c('朝阳区环保局', '北京市朝阳区环境保护局官方微博')).toMatchObject({ level: 'county', province: '11' });
    expect(c('朝阳发布', '朝阳市人民政府新闻办公室官方微博')).toMatchObject({ level: 'prefectural', province: '21' });
    expect(c('长春朝阳法院', '长春市朝阳区人民法院官方微博')).toMatchObject({ level: 'county', province: '22' });
  });
  it('resolves each 鼓楼区 by its city and says so when nothing tells', () => {
    expect(c('X', '南京市鼓楼区人民法院官方微博').province).toBe('32');
    expect(c('X', '福州市鼓楼区人民法院官方微博').province).toBe('35');
    expect(c('X', '徐州市公安局鼓楼分局官方微博').province).toBe('32');
    expect(c('X', '开封市鼓楼区人民政府官方微博').province).toBe('41');
    const alone = c('鼓楼区法院');
    expect(alone).toMatchObject({ organ: 'court', level: 'county', province: null });
    expect(alone.uncertain).toContain('province');
  });
  it('knows the divisions of 2012: 闸北区, 白下区, 巢湖市 as a county-level city', () => {
    expect(c('闸北公安', '上海市公安局闸北分局官方微博')).toMatchObject({ level: 'county', province: '31' });
    expect(c('白下检察', '南京市白下区人民检察院官方微博')).toMatchObject({ level: 'county', province: '32' });
    expect(c('巢湖公安', '巢湖市公安局官方微博')).toMatchObject({ level: 'county', province: '34' });
  });
  it('districts of a municipality are county level; a branch of a municipal bureau too', () => {
    expect(c('海淀法院', '北京市海淀区人民法院官方微博').level).toBe('county');
    expect(c('北京公交警察', '北京市公安局公交分局官方微博').level).toBe('county');
  });
  it('police stations, tribunals and townships are township level', () => {
    expect(c('石湖派出所', '苏州市公安局吴中分局石湖派出所官方微博')).toMatchObject({ level: 'township', province: '32', public_security: true });
    expect(c('千灯法庭', '昆山市人民法院千灯人民法庭官方微博')).toMatchObject({ organ: 'court', level: 'township', province: '32' });
    expect(c('湖滨街道', '杭州市上城区湖滨街道办事处官方微博')).toMatchObject({ level: 'township', province: '33' });
    expect(c('白河乡', '嵩县白河乡人民政府官方微博')).toMatchObject({ level: 'township', province: '41' });
  });
  it('does not read 公安县 as police nor 西安市长安区 as a mayor', () => {
    expect(c('X', '湖北省荆州市公安县人民政府官方微博')).toMatchObject({ public_security: false, level: 'county', province: '42' });
    expect(c('X', '西安市长安区人民政府官方微博')).toMatchObject({ kind: 'institutional', level: 'county', province: '61' });
  });
  it('courts carry their own level: 中院 of a municipality is prefectural', () => {
    expect(c('北京一中院', '北京市第一中级人民法院官方微博').level).toBe('prefectural');
    expect(c('浙江高院', '浙江省高级人民法院官方微博').level).toBe('provincial');
  });
});

describe('classify: individuals and ranks', () => {
  it.each([
    ['浙江省副省长', 'government', 'provincial', 'ministerial', '33'],
    ['湖南省株洲市副市长', 'government', 'prefectural', 'bureau', '43'],
    ['河南省郑州市金水区区长', 'government', 'county', 'division', '41'],
    ['山东省青岛市市南区八大关街道办事处主任', 'government', 'township', 'section', '37'],
    ['江苏省无锡市公安局民警', 'government', 'prefectural', 'staff', '32'],
    ['四川省成都市锦江区人民检察院检察长', 'procuratorate', 'county', 'division', '51'],
    ['湖北省宜昌市委常委、宣传部部长', 'party', 'prefectural', 'bureau', '42'],
    ['共青团浙江省杭州市委书记', 'mass_organization', 'prefectural', 'division', '33'],
    ['云南省昆明市公安局五华分局大观派出所所长', 'government', 'township', 'section', '53'],
    ['江苏省常州市公安局局长', 'government', 'prefectural', 'division', '32'],
    ['广东省公安厅宣传处处长', 'government', 'provincial', 'division', '44'],
  ])('%s', (verification, organ, level, rank, province) => {
    expect(c('李明', verification)).toMatchObject({ government: true, kind: 'individual', organ, level, rank, province });
  });
  it('national posts: a minister is ministerial, a director-general in a ministry is bureau', () => {
    expect(c('李华', '国家旅游局副局长')).toMatchObject({ level: 'national', rank: 'ministerial', province: null });
    expect(c('徐峰', '外交部新闻司副司长')).toMatchObject({ level: 'national', rank: 'bureau', province: null });
    expect(c('赵刚', '公安部刑事侦查局副局长')).toMatchObject({ level: 'national', rank: 'bureau', public_security: true });
  });
  it('several posts take the highest band; a deputy secretary who is mayor serves in the government', () => {
    expect(c('何敏', '四川省自贡市委常委、自流井区委书记')).toMatchObject({ rank: 'bureau', level: 'prefectural' });
    expect(c('孙伟', '中共江苏省徐州市委副书记、市长')).toMatchObject({ organ: 'government', rank: 'bureau' });
  });
  it('an official named in the name is not taken for a place', () => {
    expect(c('张北', '河北省石家庄市公安局民警')).toMatchObject({ province: '13', level: 'prefectural' });
  });
  it('a person-like name on an organ without a post is an individual of unknown rank', () => {
    const l = c('王小明', '北京市公安局');
    expect(l).toMatchObject({ kind: 'individual', rank: 'staff' });
    expect(l.uncertain).toEqual(expect.arrayContaining(['rank', 'kind']));
  });
});

describe('classify: robustness', () => {
  it('handles empty and odd input without throwing', () => {
    expect(c('').government).toBe(false);
    expect(c('   ', '   ').government).toBe(false);
    expect(c('😀😀', '官方微博').government).toBe(false);
    expect(c('a'.repeat(5000), '局'.repeat(5000)).government).toBeTypeOf('boolean');
  });
});

describe('classify: townships that overlap a city name', () => {
  it('lets a city name win over a township that ends inside it (共青团镇 in 共青团镇江市委)', () => {
    const r = classify({ name: '共青团镇江市委', verification: '共青团镇江市委员会官方微博', verified: true });
    expect([r.organ, r.level, r.province, r.uncertain]).toEqual(['mass_organization', 'prefectural', '32', []]);
    const town = classify({ name: '朝阳镇政府', verification: '吉林省辉南县朝阳镇人民政府', verified: true });
    expect([town.level, town.province]).toEqual(['township', '22']);
  });
});
