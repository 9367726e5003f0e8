import { useMemo } from 'react';
import { LEVELS, ORGAN_KINDS, RANKS } from '../../../src/domain/taxonomy';
import { ApiError } from '../api';
import { Chart, type ChartOption } from '../components/chart';
import { ErrorBox, Loading, PageTitle } from '../components/ui';
import { useLoad, useTitle } from '../hooks';
import { type Lang, type Translate, formatNumber, formatPercent, label, provinceName, useI18n } from '../i18n';
import { useSession } from '../session';
import type { CensusReport, RankingEntry } from '../types';

const RED = '#c8102e';
const BLUE = '#1f5fa8';

function share(part: number, total: number): number | null {
  return total > 0 ? part / total : null;
}

/** A stacked bar of organs and officials over named categories. */
function splitBars(t: Translate, names: string[], inst: number[], ind: number[], horizontal = false): ChartOption {
  // Long names (provider hosts) collide on a horizontal axis long before there are many of them.
  const longest = Math.max(0, ...names.map((n) => n.length));
  const rotated = !horizontal && (names.length > 6 || longest * names.length > 48);
  const cat = { type: 'category', data: names, axisLabel: { interval: 0, ...(horizontal ? {} : { rotate: rotated ? 30 : 0 }) } };
  const val = { type: 'value', splitLine: { lineStyle: { color: '#eceef2' } } };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: horizontal ? 72 : 56, right: 24, top: 36, bottom: horizontal ? 24 : rotated ? 24 : 56, containLabel: rotated },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: [
      { name: t('census.institutional'), type: 'bar', stack: 'k', data: inst, itemStyle: { color: RED }, barMaxWidth: 28 },
      { name: t('census.individual'), type: 'bar', stack: 'k', data: ind, itemStyle: { color: BLUE }, barMaxWidth: 28 },
    ],
  };
}

function buildCharts(r: CensusReport, t: Translate, lang: Lang) {
  const kinds: ChartOption = {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['42%', '68%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{d}%' },
        data: [
          { name: t('census.institutional'), value: r.institutional.total, itemStyle: { color: RED } },
          { name: t('census.individual'), value: r.individual.total, itemStyle: { color: BLUE } },
        ],
      },
    ],
  };
  const providers = Object.entries(r.by_provider).sort((a, b) => b[1].total - a[1].total);
  const provider = splitBars(
    t,
    providers.map(([p]) => p),
    providers.map(([, v]) => v.institutional),
    providers.map(([, v]) => v.individual),
  );
  const provinces = Object.entries(r.by_province).sort((a, b) => b[1].total - a[1].total);
  const province = splitBars(
    t,
    provinces.map(([code]) => provinceName(lang, code)),
    provinces.map(([, v]) => v.institutional),
    provinces.map(([, v]) => v.individual),
    true,
  );
  const organ = splitBars(
    t,
    ORGAN_KINDS.map((o) => label(t, 'organ', o)),
    ORGAN_KINDS.map((o) => r.institutional.by_organ[o] ?? 0),
    ORGAN_KINDS.map((o) => r.individual.by_organ[o] ?? 0),
  );
  const level = splitBars(
    t,
    LEVELS.map((l) => label(t, 'level', l)),
    LEVELS.map((l) => r.institutional.by_level[l] ?? 0),
    LEVELS.map((l) => r.individual.by_level[l] ?? 0),
  );
  const rank: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 56, right: 24, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: RANKS.map((k) => label(t, 'rank', k)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', splitLine: { lineStyle: { color: '#eceef2' } } },
    series: [{ name: t('census.individual'), type: 'bar', data: RANKS.map((k) => r.individual.by_rank[k] ?? 0), itemStyle: { color: BLUE }, barMaxWidth: 36, label: { show: true, position: 'top' } }],
  };
  // The police system's share of each kind: the report's figure that the 2012 census made much of.
  const police: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 72, right: 24, top: 36, bottom: 24 },
    xAxis: { type: 'value', splitLine: { lineStyle: { color: '#eceef2' } } },
    yAxis: { type: 'category', data: [t('census.institutional'), t('census.individual')], inverse: true },
    series: [
      { name: t('census.police'), type: 'bar', stack: 'p', barMaxWidth: 36, itemStyle: { color: '#1d2f5c' }, data: [r.institutional.public_security, r.individual.public_security] },
      {
        name: t('census.otherSystems'),
        type: 'bar',
        stack: 'p',
        barMaxWidth: 36,
        itemStyle: { color: '#c9ced8' },
        data: [r.institutional.total - r.institutional.public_security, r.individual.total - r.individual.public_security],
      },
    ],
  };
  return { kinds, provider, province, provinceCount: provinces.length, organ, level, rank, police };
}

function RankingTable({ title, entries }: { title: string; entries: RankingEntry[] }) {
  const { t, lang } = useI18n();
  if (entries.length === 0) return null;
  return (
    <section className="card">
      <h2>{title}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('census.rankCol')}</th>
            <th scope="col">{t('census.name')}</th>
            <th scope="col">{t('census.provider')}</th>
            <th scope="col" className="num">
              {t('census.followers')}
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.slice(0, 10).map((e, i) => (
            <tr key={`${e.provider ?? ''}-${e.handle ?? e.name}-${i}`}>
              <td>{i + 1}</td>
              <td>
                <strong>{e.name}</strong>
                {e.verification && <span className="muted small block">{e.verification}</span>}
              </td>
              <td>{e.provider ?? '—'}</td>
              <td className="num">{formatNumber(lang, e.followers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The census dashboard: the report's headline figures, its breakdowns as charts, and the rankings. */
export function Census() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  useTitle(t('census.title'));
  const report = useLoad(() => api.get<CensusReport>('/api/v1/gov/census/report'), [api]);
  const charts = useMemo(() => (report.data ? buildCharts(report.data, t, lang) : null), [report.data, t, lang]);

  if (report.loading && !report.data) return <Loading />;
  if (!report.data || !charts)
    return (
      <>
        <PageTitle>{t('census.title')}</PageTitle>
        {report.error instanceof ApiError && report.error.status === 404 ? <p className="card">{t('census.missing')}</p> : <ErrorBox error={report.error} />}
      </>
    );
  const r = report.data;
  return (
    <div className="dashboard">
      <PageTitle actions={<span className="pill">{t('census.cutoff', { date: r.cutoff })}</span>}>{t('census.title')}</PageTitle>
      <div className="stats headline">
        <div className="stat stat-total">
          <span className="stat-label">{t('census.total')}</span>
          <strong data-testid="census-total">{formatNumber(lang, r.total)}</strong>
          <span className="muted small">{r.growth && r.previous ? t('census.growthText', { pct: formatPercent(lang, (r.total - r.previous.total) / r.previous.total, 2), prev: formatNumber(lang, r.previous.total), date: r.previous.cutoff }) : t('census.noPrevious')}</span>
        </div>
        <div className="stat stat-inst">
          <span className="stat-label">{t('census.institutional')}</span>
          <strong>{formatNumber(lang, r.institutional.total)}</strong>
          <span className="muted small">
            {formatPercent(lang, share(r.institutional.total, r.total))} · {t('census.publicSecurity', { n: formatNumber(lang, r.institutional.public_security) })}
          </span>
        </div>
        <div className="stat stat-ind">
          <span className="stat-label">{t('census.individual')}</span>
          <strong>{formatNumber(lang, r.individual.total)}</strong>
          <span className="muted small">
            {formatPercent(lang, share(r.individual.total, r.total))} · {t('census.publicSecurity', { n: formatNumber(lang, r.individual.public_security) })}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">{t('census.growth')}</span>
          <strong>{r.growth ? t('census.times', { n: formatNumber(lang, r.growth.increase, 2) }) : '—'}</strong>
          <span className="muted small">
            {r.growth && t('census.ratio', { n: formatNumber(lang, r.growth.ratio, 2) })}
            <br />
            {r.individual.grassroots !== undefined && t('census.grassroots', { n: formatNumber(lang, r.individual.grassroots) })}
            {r.individual.provincial_ministerial_leaders !== undefined && ` · ${t('census.leaders', { n: formatNumber(lang, r.individual.provincial_ministerial_leaders) })}`}
          </span>
        </div>
      </div>

      <div className="chart-grid">
        <section className="card chart-card">
          <h2>{t('census.kindChart')}</h2>
          <Chart option={charts.kinds} label={t('census.kindChart')} testId="chart-kinds" />
        </section>
        <section className="card chart-card">
          <h2>{t('census.providerChart')}</h2>
          <Chart option={charts.provider} label={t('census.providerChart')} testId="chart-providers" />
        </section>
        <section className="card chart-card">
          <h2>{t('census.organChart')}</h2>
          <Chart option={charts.organ} label={t('census.organChart')} testId="chart-organs" />
        </section>
        <section className="card chart-card">
          <h2>{t('census.levelChart')}</h2>
          <Chart option={charts.level} label={t('census.levelChart')} testId="chart-levels" />
        </section>
        <section className="card chart-card">
          <h2>{t('census.rankChart')}</h2>
          <Chart option={charts.rank} label={t('census.rankChart')} testId="chart-ranks" />
        </section>
        <section className="card chart-card">
          <h2>{t('census.policeChart')}</h2>
          <Chart option={charts.police} label={t('census.policeChart')} testId="chart-police" />
        </section>
        <section className="card chart-card span-2">
          <h2>{t('census.provinceChart')}</h2>
          <Chart option={charts.province} label={t('census.provinceChart')} height={Math.max(240, charts.provinceCount * 22 + 60)} testId="chart-provinces" />
          <details>
            <summary>{t('census.table')}</summary>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('gov.province')}</th>
                  <th scope="col" className="num">
                    {t('census.total')}
                  </th>
                  <th scope="col" className="num">
                    {t('census.institutional')}
                  </th>
                  <th scope="col" className="num">
                    {t('census.individual')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(r.by_province)
                  .sort((a, b) => b[1].total - a[1].total)
                  .map(([code, v]) => (
                    <tr key={code}>
                      <td>{provinceName(lang, code)}</td>
                      <td className="num">{formatNumber(lang, v.total)}</td>
                      <td className="num">{formatNumber(lang, v.institutional)}</td>
                      <td className="num">{formatNumber(lang, v.individual)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </details>
        </section>
      </div>
      <div className="chart-grid">
        <RankingTable title={t('census.rankingInst')} entries={r.ranking?.institutional ?? []} />
        <RankingTable title={t('census.rankingInd')} entries={r.ranking?.individual ?? []} />
      </div>
    </div>
  );
}
