import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { LEVELS, ORGAN_KINDS, RANKS } from '../../../src/domain/taxonomy';
import { ApiError } from '../api';
import { ServiceQualityCard, TrendCard } from '../components/census-extra';
import { Chart, type ChartOption } from '../components/chart';
import { ErrorBox, Loading, PageTitle } from '../components/ui';
import { useNarrow, useTitle } from '../hooks';
import { type Lang, type Translate, formatNumber, formatPercent, label, provinceName, useI18n } from '../i18n';
import { useSession } from '../session';
import type { CensusReport, RankingEntry } from '../types';

const RED = '#c8102e';
const BLUE = '#1f5fa8';

function share(part: number, total: number): number | null {
  return total > 0 ? part / total : null;
}

/** An axis figure that fits a phone: 2万 / 20k rather than 20,000 beside its neighbours. */
function compact(lang: Lang): (n: number) => string {
  return (n) => {
    if (Math.abs(n) < 10_000) return formatNumber(lang, n);
    return lang === 'en' ? `${formatNumber(lang, n / 1000, 1)}k` : `${formatNumber(lang, n / 10_000, 1)}万`;
  };
}

/** How a chart is laid out: on a phone, categories run down the page (their names readable) and figures are short. */
interface Layout {
  lang: Lang;
  narrow: boolean;
}

/** A stacked bar of organs and officials over named categories, with each bar's total at its end. */
function splitBars(t: Translate, { lang, narrow }: Layout, names: string[], inst: number[], ind: number[], horizontalWide = false): ChartOption {
  const longest = Math.max(0, ...names.map((n) => n.length));
  // Long or many names collide on a horizontal axis: on a phone they go down the side instead.
  const horizontal = horizontalWide || (narrow && (names.length > 5 || longest * names.length > 24));
  const rotated = !horizontal && (names.length > 6 || longest * names.length > 48);
  const cat = { type: 'category', data: names, axisLabel: { interval: 0, ...(horizontal ? {} : { rotate: rotated ? 30 : 0 }) } };
  const val = { type: 'value', splitLine: { lineStyle: { color: '#eceef2' } }, axisLabel: { formatter: compact(lang) }, ...(narrow ? { splitNumber: 3 } : {}) };
  const totals = names.map((_, i) => (inst[i] ?? 0) + (ind[i] ?? 0));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatNumber(lang, Number(v)) },
    legend: { top: 0 },
    grid: { left: 8, right: horizontal ? 56 : 16, top: 36, bottom: 8, containLabel: true },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: [
      { name: t('census.institutional'), type: 'bar', stack: 'k', data: inst, itemStyle: { color: RED }, barMaxWidth: 28 },
      {
        name: t('census.individual'),
        type: 'bar',
        stack: 'k',
        data: ind,
        itemStyle: { color: BLUE },
        barMaxWidth: 28,
        // The bar's total, at its end: the figure a reader wants without hovering.
        label: { show: true, position: horizontal ? 'right' : 'top', fontSize: 11, color: '#3b4350', formatter: (p: { dataIndex: number }) => compact(lang)(totals[p.dataIndex] ?? 0) },
      },
    ],
  };
}

/** A chart's height for its layout: one row per category when they run down the page. */
function barsHeight(option: ChartOption, fallback = 320): number {
  const y = (option as { yAxis?: { type?: string; data?: unknown[] } }).yAxis;
  return y?.type === 'category' && y.data ? Math.max(fallback * 0.6, y.data.length * 30 + 70) : fallback;
}

function buildCharts(r: CensusReport, t: Translate, layout: Layout) {
  const { lang, narrow } = layout;
  const kinds: ChartOption = {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; percent: number }) => `${p.name}: ${formatNumber(lang, p.value)} (${formatNumber(lang, p.percent, 2)}%)` },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: narrow ? ['38%', '70%'] : ['42%', '68%'],
        center: ['50%', '45%'],
        // On a phone a label outside the ring runs off the card: it goes on the ring, the names stay in the legend.
        label: narrow ? { position: 'inside', formatter: '{d}%', color: '#fff', fontWeight: 600 } : { formatter: '{b}\n{d}%' },
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
    layout,
    providers.map(([host]) => providerName(r, host, lang)),
    providers.map(([, v]) => v.institutional),
    providers.map(([, v]) => v.individual),
  );
  const provinces = Object.entries(r.by_province).sort((a, b) => b[1].total - a[1].total);
  const province = splitBars(
    t,
    layout,
    provinces.map(([code]) => provinceName(lang, code)),
    provinces.map(([, v]) => v.institutional),
    provinces.map(([, v]) => v.individual),
    true,
  );
  const organ = splitBars(
    t,
    layout,
    ORGAN_KINDS.map((o) => label(t, 'organ', o)),
    ORGAN_KINDS.map((o) => r.institutional.by_organ[o] ?? 0),
    ORGAN_KINDS.map((o) => r.individual.by_organ[o] ?? 0),
  );
  const level = splitBars(
    t,
    layout,
    LEVELS.map((l) => label(t, 'level', l)),
    LEVELS.map((l) => r.institutional.by_level[l] ?? 0),
    LEVELS.map((l) => r.individual.by_level[l] ?? 0),
  );
  const rankNames = RANKS.map((k) => label(t, 'rank', k));
  const rankCat = { type: 'category', data: rankNames, axisLabel: { interval: 0 }, ...(narrow ? { inverse: true } : {}) };
  const rankVal = { type: 'value', splitLine: { lineStyle: { color: '#eceef2' } }, axisLabel: { formatter: compact(lang) }, ...(narrow ? { splitNumber: 3 } : {}) };
  const rank: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatNumber(lang, Number(v)) },
    grid: { left: 8, right: narrow ? 56 : 16, top: 24, bottom: 8, containLabel: true },
    xAxis: narrow ? rankVal : rankCat,
    yAxis: narrow ? rankCat : rankVal,
    series: [
      {
        name: t('census.individual'),
        type: 'bar',
        data: RANKS.map((k) => r.individual.by_rank[k] ?? 0),
        itemStyle: { color: BLUE },
        barMaxWidth: 36,
        label: { show: true, position: narrow ? 'right' : 'top', formatter: (p: { value: number }) => formatNumber(lang, p.value) },
      },
    ],
  };
  // The police system's share of each kind: the report's figure that the 2012 census made much of.
  const policeShare = [share(r.institutional.public_security, r.institutional.total), share(r.individual.public_security, r.individual.total)];
  const police: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatNumber(lang, Number(v)) },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', splitLine: { lineStyle: { color: '#eceef2' } }, axisLabel: { formatter: compact(lang) }, ...(narrow ? { splitNumber: 3 } : {}) },
    yAxis: { type: 'category', data: [t('census.institutional'), t('census.individual')], inverse: true },
    series: [
      {
        name: t('census.police'),
        type: 'bar',
        stack: 'p',
        barMaxWidth: 36,
        itemStyle: { color: '#1d2f5c' },
        data: [r.institutional.public_security, r.individual.public_security],
        label: { show: true, position: 'insideLeft', color: '#fff', formatter: (p: { dataIndex: number }) => formatPercent(lang, policeShare[p.dataIndex] ?? null) },
      },
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
  return { kinds, provider, province, organ, level, rank, police };
}

/** A provider by the name its people know it by (新浪微博), from the report; its host where the report names none. */
function providerName(r: CensusReport, host: string, lang: Lang): string {
  const name = r.provider_names?.[host];
  return name ? (lang === 'en' ? name.en : name.zh) : host;
}

/** A chart's figures as a table under it, largest first: organs and officials by provider, by province. */
function SplitTable({ head, rows, testId }: { head: string; rows: { key: string; name: string; total: number; institutional: number; individual: number }[]; testId?: string }) {
  const { t, lang } = useI18n();
  return (
    <details>
      <summary>{t('census.table')}</summary>
      <div className="table-scroll">
        <table className="table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{head}</th>
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
            {[...rows]
              .sort((x, y) => y.total - x.total)
              .map((row) => (
                <tr key={row.key} data-key={row.key}>
                  <td>{row.name}</td>
                  <td className="num">{formatNumber(lang, row.total)}</td>
                  <td className="num">{formatNumber(lang, row.institutional)}</td>
                  <td className="num">{formatNumber(lang, row.individual)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** One part of the index as a bar of its share (0–1), with its figure for screen readers and print. */
function Part({ name, value }: { name: string; value: number | null | undefined }) {
  const { lang } = useI18n();
  if (value === null || value === undefined) return null;
  return (
    <span className="index-part" title={`${name} ${formatNumber(lang, value * 100, 1)}`}>
      <span className="index-part-name">{name}</span>
      <span className="index-part-bar" aria-hidden="true">
        <span style={{ width: `${Math.round(value * 100)}%` }} />
      </span>
      <span className="index-part-value">{formatNumber(lang, value * 100, 0)}</span>
    </span>
  );
}

/** The report's ranking: place, account (its provider by name), the composite index and its parts, the audience. */
function RankingTable({ title, entries, report }: { title: string; entries: RankingEntry[]; report: CensusReport }) {
  const { t, lang } = useI18n();
  if (entries.length === 0) return null;
  return (
    <section className="card ranking">
      <h2>{title}</h2>
      <p className="muted small">{t('census.rankingHint')}</p>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col" className="place">
                {t('census.rankCol')}
              </th>
              <th scope="col">{t('census.name')}</th>
              <th scope="col">{t('census.index')}</th>
              <th scope="col" className="num followers-col">
                {t('census.followers')}
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.slice(0, 10).map((e, i) => (
              <tr key={`${e.provider ?? ''}-${e.handle ?? e.name}-${i}`}>
                <td className="place">{e.place ?? i + 1}</td>
                <td className="ranked-name">
                  <strong>{e.name}</strong>
                  {e.verification && <span className="muted small block">{e.verification}</span>}
                  {e.provider && <span className="muted small block">{providerName(report, e.provider, lang)}</span>}
                </td>
                <td className="index-cell">
                  <strong className="index-value">{e.index === undefined ? '—' : formatNumber(lang, e.index, 1)}</strong>
                  <Part name={t('census.reach')} value={e.reach} />
                  <Part name={t('census.activity')} value={e.activity} />
                  <Part name={t('census.service')} value={e.service} />
                </td>
                <td className="num followers-col">{formatNumber(lang, e.followers)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The census dashboard: the report's headline figures, its breakdowns as charts, and the rankings. */
export function Census() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  useTitle(t('census.title'));
  const report = useQuery({ queryKey: ['census-report'], queryFn: () => api.get<CensusReport>('/api/v1/gov/census/report') });
  const narrow = useNarrow();
  const charts = useMemo(() => (report.data ? buildCharts(report.data, t, { lang, narrow }) : null), [report.data, t, lang, narrow]);

  if (report.isPending && !report.data) return <Loading />;
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
          <strong data-testid="census-institutional">{formatNumber(lang, r.institutional.total)}</strong>
          <span className="muted small">
            {formatPercent(lang, share(r.institutional.total, r.total))} · <span data-testid="census-institutional-police">{t('census.publicSecurity', { n: formatNumber(lang, r.institutional.public_security) })}</span>
          </span>
        </div>
        <div className="stat stat-ind">
          <span className="stat-label">{t('census.individual')}</span>
          <strong data-testid="census-individual">{formatNumber(lang, r.individual.total)}</strong>
          <span className="muted small">
            {formatPercent(lang, share(r.individual.total, r.total))} · <span data-testid="census-individual-police">{t('census.publicSecurity', { n: formatNumber(lang, r.individual.public_security) })}</span>
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
          <Chart option={charts.provider} label={t('census.providerChart')} height={barsHeight(charts.provider)} testId="chart-providers" />
          <SplitTable
            testId="table-providers"
            head={t('census.provider')}
            rows={Object.entries(r.by_provider).map(([host, v]) => ({ key: host, name: providerName(r, host, lang), ...v }))}
          />
        </section>
        <section className="card chart-card">
          <h2>{t('census.organChart')}</h2>
          <Chart option={charts.organ} label={t('census.organChart')} height={barsHeight(charts.organ)} testId="chart-organs" />
        </section>
        <section className="card chart-card">
          <h2>{t('census.levelChart')}</h2>
          <Chart option={charts.level} label={t('census.levelChart')} height={barsHeight(charts.level)} testId="chart-levels" />
        </section>
        <section className="card chart-card">
          <h2>{t('census.rankChart')}</h2>
          <Chart option={charts.rank} label={t('census.rankChart')} height={barsHeight(charts.rank)} testId="chart-ranks" />
        </section>
        <section className="card chart-card">
          <h2>{t('census.policeChart')}</h2>
          <Chart option={charts.police} label={t('census.policeChart')} height={narrow ? 220 : 320} testId="chart-police" />
        </section>
        <section className="card chart-card span-2">
          <h2>{t('census.provinceChart')}</h2>
          <Chart option={charts.province} label={t('census.provinceChart')} height={Math.max(240, Object.keys(r.by_province).length * 22 + 60)} testId="chart-provinces" />
          <SplitTable head={t('gov.province')} rows={Object.entries(r.by_province).map(([code, v]) => ({ key: code, name: provinceName(lang, code), ...v }))} />
        </section>
      </div>
      <div className="chart-grid">
        <TrendCard report={r} />
        <ServiceQualityCard report={r} />
      </div>
      <div className="chart-grid">
        <RankingTable title={t('census.rankingInst')} entries={r.ranking?.institutional ?? []} report={r} />
        <RankingTable title={t('census.rankingInd')} entries={r.ranking?.individual ?? []} report={r} />
      </div>
    </div>
  );
}
