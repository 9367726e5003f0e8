/**
 * Accounts per second of classify() on one core, over generated records
 * (deterministic: a fixed-seed mix of organs, officials, look-alikes and
 * citizens across all provinces). Target: ≥ 250,000/s over 1M records.
 *
 *   npx tsx bench/classify.ts [--n 1000000]
 */
import { classify, type ClassifyInput } from '../src/classify/classify.js';
import { gazetteer } from '../src/classify/gazetteer.js';
import { mulberry32 as rng } from '../src/app/random.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(v) || v <= 0) throw new Error(`--${name}: expected a positive integer`);
  return v;
}


const PROVINCES = ['北京市', '江苏省', '浙江省', '山东省', '河南省', '广东省', '四川省', '湖南省', '黑龙江省', '广西壮族自治区', '新疆维吾尔自治区', '重庆市'];
const CITIES = ['南京市', '苏州市', '杭州市', '宁波市', '济南市', '青岛市', '郑州市', '洛阳市', '广州市', '深圳市', '成都市', '长沙市', '哈尔滨市', '南宁市', '乌鲁木齐市', '朝阳市', '吉林市', '西安市'];
const COUNTIES = ['鼓楼区', '朝阳区', '吴中区', '萧山区', '岳麓区', '金水区', '锦江区', '宝安区', '西湖区', '昆山市', '义乌市', '长兴县', '正定县', '公安县', '巢湖市', '闸北区', '市中区', '江北区'];
const ORGANS = ['公安局', '人民法院', '人民检察院', '人民政府', '人大常委会', '环境保护局', '教育局', '气象局', '妇女联合会', '纪律检查委员会'];
const POSTS = ['副市长', '副区长', '县长', '民警', '法官', '检察长', '局长', '派出所所长', '办事处主任', '委常委、宣传部部长'];
const SHORT = ['南京', '苏州', '杭州', '济南', '郑州', '广州', '成都', '长沙', '朝阳', '鼓楼', '萧山', '昆山', '西安'];
const OTHERS: ClassifyInput[] = [
  { name: '平安银行', verification: '平安银行股份有限公司官方微博' },
  { name: '人民日报', verification: '人民日报法人微博' },
  { name: '北京大学', verification: '北京大学官方微博' },
  { name: '某演员', verification: '歌手、演员' },
  { name: '城市交通爱好者', verification: null },
  { name: '小鱼儿的日常', verification: null },
  { name: '中国移动', verification: '中国移动通信集团公司官方微博' },
  { name: '杭州美食攻略', verification: null },
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚';

function generate(n: number): ClassifyInput[] {
  const r = rng(2012);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: ClassifyInput[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.35) {
      const city = pick(CITIES);
      const organ = pick(ORGANS);
      out.push({ name: `${pick(SHORT)}${pick(['发布', '公安', '检察', '法院', '交警'])}`, verification: `${city}${organ}官方微博`, verified: true });
    } else if (x < 0.55) {
      out.push({ name: `平安${pick(SHORT)}`, verification: `${pick(CITIES)}公安局${pick(COUNTIES)}分局官方微博`, verified: true });
    } else if (x < 0.8) {
      const name = pick([...SURNAMES]) + pick([...GIVEN]) + (r() < 0.5 ? pick([...GIVEN]) : '');
      out.push({ name, verification: `${pick(PROVINCES)}${pick(CITIES)}${pick(COUNTIES)}${pick(POSTS)}`, verified: true });
    } else if (x < 0.9) {
      out.push({ name: `${pick(COUNTIES)}${pick(ORGANS)}`, verification: null, verified: false });
    } else out.push(pick(OTHERS));
  }
  return out;
}

const n = arg('n', 1_000_000);
let t = performance.now();
gazetteer();
for (const rec of generate(1000)) classify(rec);
const warm = performance.now() - t;
const records = generate(n);
let government = 0;
t = performance.now();
for (const rec of records) if (classify(rec).government) government++;
const seconds = (performance.now() - t) / 1000;
console.log(
  JSON.stringify({
    records: n,
    seconds: Number(seconds.toFixed(3)),
    accounts_per_second: Math.round(n / seconds),
    government,
    gazetteer_and_warmup_ms: Math.round(warm),
  }),
);
