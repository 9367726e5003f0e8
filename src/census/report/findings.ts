/**
 * The findings as the sentences of a press release, in Chinese and English,
 * for the Markdown and HTML formats. Every figure comes from the report;
 * shares are percentages with two decimals, growth is computed from the
 * exact totals (the JSON rounds the ratio to three decimals).
 */
import { LEVELS, type Level } from '../../domain/taxonomy.js';
import type { CensusReport, Tally } from '../aggregate.js';
import { LEVEL_NAMES, count, dateEn, dateZh, percent, providerLabel, provinceName, type Bilingual } from './names.js';

function growthPercent(now: number, then: number): string | null {
  return then === 0 ? null : `${((now / then - 1) * 100).toFixed(2)}%`;
}

function topProvinces(byProvince: Record<string, Tally>, key: 'institutional' | 'individual', n: number): [string, number][] {
  return Object.entries(byProvince)
    .map(([code, t]): [string, number] => [code, t[key]])
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n);
}

function largestLevel(byLevel: Record<Level, number>): Level | null {
  let best: Level | null = null;
  for (const l of LEVELS) if (byLevel[l] > 0 && (best === null || byLevel[l] > byLevel[best])) best = l;
  return best;
}

/** The findings, one bilingual sentence (or two) each. */
export function findings(r: CensusReport): Bilingual[] {
  const out: Bilingual[] = [];
  const inst = r.institutional;
  const ind = r.individual;
  const providers = Object.entries(r.by_provider).filter(([, t]) => t.total > 0);
  const names = providers.map(([p]) => providerLabel(p, 'zh'));
  const namesEn = providers.map(([p]) => providerLabel(p, 'en'));
  const listZh = names.length ? `经${names.join('、')}${names.length > 1 ? `等${names.length}家微博服务商` : ''}认证的` : '经认证的';
  const listEn = namesEn.length === 1 ? `verified by ${namesEn[0]}` : namesEn.length ? `verified by the ${namesEn.length} providers ${namesEn.join(', ')}` : 'verified';

  // Totals and growth.
  if (r.previous && r.growth) {
    const g = growthPercent(r.total, r.previous.total);
    const net = r.growth.net_new;
    out.push({
      zh:
        `截至${dateZh(r.cutoff)}，${listZh}政务微博总数达${count(r.total)}个` +
        (g ? `，较${dateZh(r.previous.cutoff)}的${count(r.previous.total)}个增长${g}，净增${count(net)}个。` : `；${dateZh(r.previous.cutoff)}为${count(r.previous.total)}个。`),
      en:
        `As of ${dateEn(r.cutoff)}, there were ${count(r.total)} government microblog accounts ${listEn}` +
        (g ? `, up ${g} from ${count(r.previous.total)} on ${dateEn(r.previous.cutoff)} (${count(net)} more).` : `; there were ${count(r.previous.total)} on ${dateEn(r.previous.cutoff)}.`),
    });
  } else {
    out.push({
      zh: `截至${dateZh(r.cutoff)}，${listZh}政务微博总数达${count(r.total)}个。`,
      en: `As of ${dateEn(r.cutoff)}, there were ${count(r.total)} government microblog accounts ${listEn}.`,
    });
  }

  // Institutional against individual.
  const gi = r.previous ? growthPercent(inst.total, r.previous.institutional) : null;
  const gp = r.previous ? growthPercent(ind.total, r.previous.individual) : null;
  out.push({
    zh:
      `其中，党政机构微博${count(inst.total)}个，占${percent(inst.total, r.total)}${gi ? `，较上次增长${gi}` : ''}；` +
      `党政官员微博${count(ind.total)}个，占${percent(ind.total, r.total)}${gp ? `，增长${gp}` : ''}。`,
    en:
      `Of these, ${count(inst.total)} (${percent(inst.total, r.total)}) were accounts of government organs${gi ? `, up ${gi}` : ''}, ` +
      `and ${count(ind.total)} (${percent(ind.total, r.total)}) accounts of officials${gp ? `, up ${gp}` : ''}.`,
  });

  // The police system.
  out.push({
    zh:
      `公安系统政务微博共${count(r.public_security)}个，占总数的${percent(r.public_security, r.total)}：` +
      `其中机构微博${count(inst.public_security)}个，占机构微博的${percent(inst.public_security, inst.total)}；` +
      `公安民警个人微博${count(ind.public_security)}个，占官员微博的${percent(ind.public_security, ind.total)}。`,
    en:
      `The public security system ran ${count(r.public_security)} accounts (${percent(r.public_security, r.total)} of all): ` +
      `${count(inst.public_security)} institutional accounts, ${percent(inst.public_security, inst.total)} of institutional accounts, ` +
      `and ${count(ind.public_security)} officials' accounts, ${percent(ind.public_security, ind.total)} of officials' accounts.`,
  });

  // Ranks of officials.
  out.push({
    zh:
      `官员微博中，县处级及以下（基层）官员${count(ind.grassroots)}个，占${percent(ind.grassroots, ind.total)}；` +
      `省部级领导${count(ind.provincial_ministerial_leaders)}个，占${percent(ind.provincial_ministerial_leaders, ind.total)}。`,
    en:
      `Among officials, ${count(ind.grassroots)} (${percent(ind.grassroots, ind.total)}) held posts at county-division rank or below ("grass-roots"), ` +
      `and ${count(ind.provincial_ministerial_leaders)} (${percent(ind.provincial_ministerial_leaders, ind.total)}) were provincial or ministerial leaders.`,
  });

  // Levels of institutional accounts.
  const top = largestLevel(inst.by_level);
  if (top) {
    out.push({
      zh: `机构微博中，${LEVEL_NAMES[top].zh}机构的微博最多，共${count(inst.by_level[top])}个，占${percent(inst.by_level[top], inst.total)}。`,
      en: `Among institutional accounts, ${LEVEL_NAMES[top].en.toLowerCase()}-level organs had the most: ${count(inst.by_level[top])} (${percent(inst.by_level[top], inst.total)}).`,
    });
  }

  // Provinces.
  const pi = topProvinces(r.by_province, 'institutional', 3);
  const pp = topProvinces(r.by_province, 'individual', 3);
  if (pi.length || pp.length) {
    const zh = (xs: [string, number][]): string => xs.map(([c, v]) => `${provinceName(c).zh}（${count(v)}个）`).join('、');
    const en = (xs: [string, number][]): string => xs.map(([c, v]) => `${provinceName(c).en} (${count(v)})`).join(', ');
    out.push({
      zh: `机构微博数量居前的省份为${pi.length ? zh(pi) : '—'}；官员微博数量居前的省份为${pp.length ? zh(pp) : '—'}。`,
      en: `The provinces with the most institutional accounts were ${pi.length ? en(pi) : '—'}; with the most officials' accounts, ${pp.length ? en(pp) : '—'}.`,
    });
  }

  // Providers.
  if (providers.length) {
    out.push({
      zh: `按服务商：${providers.map(([p, t]) => `${providerLabel(p, 'zh')} ${count(t.total)}个（${percent(t.total, r.total)}）`).join('；')}。`,
      en: `By provider: ${providers.map(([p, t]) => `${providerLabel(p, 'en')} ${count(t.total)} (${percent(t.total, r.total)})`).join('; ')}.`,
    });
  }

  // The ranking's top.
  const top3 = (xs: CensusReport['ranking']['institutional']): string[] => xs.slice(0, 3).map((a) => a.name);
  const ti = top3(r.ranking.institutional);
  const tp = top3(r.ranking.individual);
  if (ti.length || tp.length) {
    out.push({
      zh: `综合指数排名前列的机构微博为${ti.length ? ti.join('、') : '—'}；官员微博为${tp.length ? tp.join('、') : '—'}。`,
      en: `Top of the ranking by composite index: institutional accounts ${ti.length ? ti.join(', ') : '—'}; officials ${tp.length ? tp.join(', ') : '—'}.`,
    });
  }

  // Service quality.
  const q = r.service_quality.total;
  if (q.accounts > 0) {
    const rate = q.response_rate === null ? '—' : `${(q.response_rate * 100).toFixed(2)}%`;
    const hours = q.hours_to_first_response;
    const rating = q.average_rating;
    out.push({
      zh:
        `${count(q.accounts)}个政务微博账号公开了诉求统计，共收到群众诉求${count(q.requests)}件，回复${count(q.answered)}件，回复率${rate}` +
        (hours !== null ? `；首次回复时长（各账号中位数的加权平均）约${hours.toFixed(1)}小时` : '') +
        (rating !== null ? `；群众评分${rating.toFixed(2)}分（${count(q.ratings)}次评价）` : '') +
        '。',
      en:
        `${count(q.accounts)} accounts published request statistics: ${count(q.requests)} requests from citizens, ${count(q.answered)} answered, a response rate of ${rate}` +
        (hours !== null ? `; about ${hours.toFixed(1)} hours to the first response (weighted mean of the accounts' medians)` : '') +
        (rating !== null ? `; a mean rating of ${rating.toFixed(2)} (${count(q.ratings)} ratings)` : '') +
        '.',
    });
  }

  // The trend, when there are more dates than the growth sentence names.
  if (r.trend.length > 2) {
    const first = r.trend[0]!;
    out.push({
      zh: `历年趋势：${r.trend.map((p) => `${dateZh(p.cutoff)} ${count(p.total)}个`).join('，')}。` + (first.total > 0 ? `自${dateZh(first.cutoff)}以来增长${growthPercent(r.total, first.total)}。` : ''),
      en: `Trend: ${r.trend.map((p) => `${count(p.total)} on ${dateEn(p.cutoff)}`).join(', ')}.` + (first.total > 0 ? ` Up ${growthPercent(r.total, first.total)} since ${dateEn(first.cutoff)}.` : ''),
    });
  }

  // What the figures rest on.
  const a = r.accounts;
  out.push({
    zh:
      `本报告读取${count(a.lines)}行记录，涉及${count(a.distinct)}个不同账号（重复记录${count(a.duplicates)}条，以最后一次出现为准）；` +
      `未计入：截止日后开通${count(a.not_yet_opened)}个、截止日前已关闭${count(a.closed)}个、未认证${count(a.unverified)}个、非政务${count(a.not_government)}个；` +
      `无效行${count(r.rejected.lines)}行；由分类器标注${count(a.classified)}个（其中存疑${count(a.uncertain)}个）。`,
    en:
      `The report read ${count(a.lines)} lines covering ${count(a.distinct)} distinct accounts (${count(a.duplicates)} duplicate records; the last occurrence wins). ` +
      `Not counted: ${count(a.not_yet_opened)} opened after the cut-off, ${count(a.closed)} closed by it, ${count(a.unverified)} unverified, ${count(a.not_government)} not government. ` +
      `${count(r.rejected.lines)} lines were rejected; the classifier labelled ${count(a.classified)} counted accounts (unsure of ${count(a.uncertain)}).`,
  });
  return out;
}
