import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { REQUEST_STATES } from '../../../src/domain/service-request';
import { Chart, type ChartOption } from '../components/chart';
import { ErrorBox, Loading, PageTitle } from '../components/ui';
import { useTitle } from '../hooks';
import { formatNumber, label, useI18n } from '../i18n';
import { Link } from 'react-router';
import { useSession } from '../session';
import type { Analytics as AnalyticsJson } from '../types';
import { StatsCards } from './Requests';
import { useAccount } from './Profile';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** An organ's analytics (its own side and reviewers): followers, activity received, service in the period. */
export function Analytics({ username }: { username: string }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const organ = useAccount(username);
  const [range, setRange] = useState(() => {
    const to = new Date();
    return { from: day(new Date(to.getTime() - 29 * 86_400_000)), to: day(to) };
  });
  const [draft, setDraft] = useState(range);
  const o = organ.data;
  const data = useQuery({
    queryKey: ['analytics', o?.id, range.from, range.to],
    queryFn: () => (o ? api.get<AnalyticsJson>(`/api/v1/gov/accounts/${o.id}/analytics`, range) : Promise.resolve(null)),
    // Another range keeps the charts of the last one on screen until its numbers come.
    placeholderData: keepPreviousData,
  });
  const name = o ? o.display_name || o.username : username;
  useTitle(t('analytics.title', { name }));

  const charts = useMemo(() => {
    const a = data.data;
    if (!a) return null;
    const days = a.days.map((d) => d.day.slice(5));
    const followers: ChartOption = {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: days, boundaryGap: false },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('analytics.followers'), type: 'line', data: a.days.map((d) => d.followers), smooth: true, areaStyle: { opacity: 0.08 }, symbolSize: 5 },
        { name: t('analytics.gained'), type: 'bar', data: a.days.map((d) => d.followers_gained), barMaxWidth: 10, itemStyle: { color: '#1f5fa8' } },
      ],
      legend: { top: 0, right: 0 },
    };
    const activity: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', minInterval: 1 },
      series: (
        [
          ['posts', 'analytics.posts'],
          ['replies_received', 'analytics.replies'],
          ['favourites_received', 'analytics.favourites'],
          ['reblogs_received', 'analytics.reblogs'],
        ] as const
      ).map(([k, key]) => ({ name: t(key), type: 'bar', stack: 'activity', barMaxWidth: 18, data: a.days.map((d) => d[k]) })),
    };
    const service: ChartOption = {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '45%'],
          label: { formatter: '{b}: {c}' },
          data: REQUEST_STATES.map((s) => ({ name: label(t, 'rstate', s), value: a.service.counts[s] })).filter((d) => d.value > 0),
        },
      ],
    };
    return { followers, activity, service };
  }, [data.data, t]);

  if (organ.isPending) return <Loading />;
  if (!o) return <ErrorBox error={organ.error} />;
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setRange(draft);
  };
  const a = data.data;
  return (
    <>
      <PageTitle actions={<Link to={`/web/@${o.username}`}>{t('common.back')}</Link>}>{t('analytics.title', { name })}</PageTitle>
      <form className="card range-form" onSubmit={apply} aria-label={t('analytics.apply')}>
        <label className="inline">
          <span>{t('analytics.from')}</span>
          <input type="date" value={draft.from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
        </label>
        <label className="inline">
          <span>{t('analytics.to')}</span>
          <input type="date" value={draft.to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />
        </label>
        <button type="submit">{t('analytics.apply')}</button>
      </form>
      <ErrorBox error={data.error} />
      {data.isPending && !a && <Loading />}
      {a && charts && (
        <>
          <div className="stats">
            {(
              [
                ['followers', 'analytics.followers', a.days[a.days.length - 1]?.followers ?? 0],
                ['posts', 'analytics.posts', a.totals.posts ?? 0],
                ['replies', 'analytics.replies', a.totals.replies_received ?? 0],
                ['favourites', 'analytics.favourites', a.totals.favourites_received ?? 0],
                ['reblogs', 'analytics.reblogs', a.totals.reblogs_received ?? 0],
              ] as const
            ).map(([k, key, v]) => (
              <div className="stat" key={k}>
                <span className="stat-label">{t(key)}</span>
                <strong>{formatNumber(lang, v)}</strong>
              </div>
            ))}
          </div>
          <div className="chart-grid">
            <section className="card chart-card">
              <h2>{t('analytics.followersChart')}</h2>
              <Chart option={charts.followers} label={t('analytics.followersChart')} testId="chart-followers" />
              {/* The line is worked back from today's count by the follows this server recorded: an account's earlier audience (imported, or the demo's history) shows as a flat line, not as made-up growth. */}
              <p className="muted small">{t('analytics.followersHow')}</p>
            </section>
            <section className="card chart-card">
              <h2>{t('analytics.activityChart')}</h2>
              <Chart option={charts.activity} label={t('analytics.activityChart')} testId="chart-activity" />
            </section>
          </div>
          <section className="card">
            <h2>{t('analytics.service')}</h2>
            <div className="split">
              <StatsCards stats={a.service} />
              <Chart option={charts.service} label={t('analytics.serviceChart')} height={260} testId="chart-service" />
            </div>
          </section>
        </>
      )}
    </>
  );
}
