/**
 * The census dashboard's service quality and trend, from the same JSON report
 * (`service_quality`, `trend`). Their words come from the report's own labels
 * (src/census/report/labels.ts), so the dashboard and the printed report name
 * them alike. A report written before these parts existed has neither: then
 * nothing is shown.
 */
import { useMemo, useState } from 'react';
import { ORGAN_KINDS } from '../../../src/domain/taxonomy';
import { NO_SERVICE, SERVICE_BREAKDOWNS, SERVICE_LABELS, SERVICE_TITLE, TREND_LABELS, TREND_TITLE, TREND_TOTALS, type Label } from '../../../src/census/report/labels';
import { Chart, type ChartOption } from './chart';
import { useNarrow } from '../hooks';
import { type Lang, formatNumber, formatPercent, label, provinceName, useI18n } from '../i18n';

/** One group's service figures (src/census/service.ts ServiceFigures). */
export interface CensusServiceFigures {
  accounts: number;
  requests: number;
  answered: number;
  response_rate: number | null;
  hours_to_first_response: number | null;
  average_rating: number | null;
  ratings: number;
}

/** What these parts read of the report. */
export interface CensusExtraReport {
  cutoff: string;
  service_quality?: {
    method: Label;
    total: CensusServiceFigures;
    by_organ: Record<string, CensusServiceFigures>;
    national: CensusServiceFigures;
    by_province: Record<string, CensusServiceFigures>;
  };
  trend?: { cutoff: string; total: number; institutional: number; individual: number }[];
}

const say = (lang: Lang, l: Label): string => (lang === 'en' ? l.en : l.zh);

/** The service quality: one table by organ kind or by province (a switch between them), with the method under it. */
export function ServiceQualityCard({ report }: { report: CensusExtraReport }) {
  const { t, lang } = useI18n();
  const [by, setBy] = useState<'province' | 'organ'>('province');
  const q = report.service_quality;
  if (!q) return null;
  const rows: [string, string, CensusServiceFigures][] =
    by === 'organ'
      ? ORGAN_KINDS.flatMap((o): [string, string, CensusServiceFigures][] => {
          const f = q.by_organ[o];
          return f && f.accounts > 0 ? [[o, label(t, 'organ', o), f]] : [];
        })
      : [
          ...(q.national.accounts > 0 ? [['national', say(lang, SERVICE_BREAKDOWNS.national), q.national] as [string, string, CensusServiceFigures]] : []),
          ...Object.entries(q.by_province)
            .filter(([, f]) => f.accounts > 0)
            .sort((a, b) => (b[1].response_rate ?? 0) - (a[1].response_rate ?? 0))
            .map(([code, f]): [string, string, CensusServiceFigures] => [code, provinceName(lang, code), f]),
        ];
  const L = SERVICE_LABELS;
  const title = say(lang, SERVICE_TITLE);
  return (
    <section className="card span-2 census-service" aria-labelledby="census-service-title" data-testid="census-service">
      <h2 id="census-service-title">{title}</h2>
      {q.total.accounts === 0 ? (
        <p className="muted">{say(lang, NO_SERVICE)}</p>
      ) : (
        <>
          <p className="census-service-total">
            {say(lang, L.accounts)} <strong>{formatNumber(lang, q.total.accounts)}</strong> · {say(lang, L.requests)} <strong>{formatNumber(lang, q.total.requests)}</strong> ·{' '}
            {say(lang, L.response_rate)} <strong>{formatPercent(lang, q.total.response_rate, 2)}</strong>
          </p>
          <div className="census-service-switch" role="group" aria-label={title}>
            {(['province', 'organ'] as const).map((k) => (
              <button key={k} type="button" className={by === k ? 'small' : 'small secondary'} aria-pressed={by === k} onClick={() => setBy(k)}>
                {say(lang, k === 'province' ? SERVICE_BREAKDOWNS.by_province : SERVICE_BREAKDOWNS.by_organ)}
              </button>
            ))}
          </div>
          <div className="table-scroll" role="region" aria-label={say(lang, by === 'province' ? SERVICE_BREAKDOWNS.by_province : SERVICE_BREAKDOWNS.by_organ)} tabIndex={0}>
            <table className="table" data-testid="census-service-table">
              <thead>
                <tr>
                  <th scope="col">{by === 'province' ? t('gov.province') : t('census.organChart')}</th>
                  <th scope="col" className="num">{say(lang, L.accounts)}</th>
                  <th scope="col" className="num">{say(lang, L.requests)}</th>
                  <th scope="col" className="num">{say(lang, L.response_rate)}</th>
                  <th scope="col" className="num">{say(lang, L.hours_to_first_response)}</th>
                  <th scope="col" className="num">{say(lang, L.average_rating)}</th>
                  <th scope="col" className="num">{say(lang, L.ratings)}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(([key, name, f]) => (
                  <tr key={key}>
                    <th scope="row">{name}</th>
                    <td className="num">{formatNumber(lang, f.accounts)}</td>
                    <td className="num">{formatNumber(lang, f.requests)}</td>
                    <td className="num">{formatPercent(lang, f.response_rate, 2)}</td>
                    <td className="num">{formatNumber(lang, f.hours_to_first_response, 1)}</td>
                    <td className="num">{formatNumber(lang, f.average_rating, 2)}</td>
                    <td className="num">{formatNumber(lang, f.ratings)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <details>
        <summary>{lang === 'en' ? 'Method' : '统计方法'}</summary>
        <p className="muted small">{say(lang, q.method)}</p>
      </details>
    </section>
  );
}

/** The totals over every census date as lines, when the report has more than two (two are the headline's growth). */
export function TrendCard({ report }: { report: CensusExtraReport }) {
  const { t, lang } = useI18n();
  const narrow = useNarrow();
  const trend = report.trend;
  const option = useMemo((): ChartOption | null => {
    if (!trend || trend.length <= 2) return null;
    const line = (l: Label, data: number[], color: string, labels: boolean, below = false) => ({
      name: say(lang, l),
      type: 'line',
      data,
      itemStyle: { color },
      lineStyle: { color, width: 2 },
      symbolSize: 7,
      // The lowest line's figures go under it, clear of the line above.
      label: { show: labels, position: below ? 'bottom' : 'top', fontSize: 11, formatter: (p: { value: number }) => formatNumber(lang, p.value) },
    });
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatNumber(lang, Number(v)) },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: narrow ? 56 : 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: trend.map((p) => p.cutoff), boundaryGap: false, axisLabel: { interval: 0, rotate: narrow && trend.length > 3 ? 30 : 0 } },
      yAxis: { type: 'value', splitLine: { lineStyle: { color: '#eceef2' } }, axisLabel: { formatter: (v: number) => formatNumber(lang, v) }, ...(narrow ? { splitNumber: 3 } : {}) },
      // On a phone only the total carries its figures: three rows of labels would overlap.
      series: [
        line(TREND_LABELS.total, trend.map((p) => p.total), '#3b4350', true),
        line(TREND_LABELS.institutional, trend.map((p) => p.institutional), '#c8102e', !narrow),
        line(TREND_LABELS.individual, trend.map((p) => p.individual), '#1f5fa8', !narrow, true),
      ],
    };
  }, [trend, lang, narrow]);
  if (!trend || !option) return null;
  const title = say(lang, TREND_TITLE);
  return (
    <section className="card chart-card span-2" data-testid="census-trend">
      <h2>{title}</h2>
      <Chart option={option} label={say(lang, TREND_TOTALS)} height={narrow ? 260 : 320} testId="chart-trend" />
      <details>
        <summary>{t('census.table')}</summary>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{say(lang, TREND_LABELS.cutoff)}</th>
                <th scope="col" className="num">{say(lang, TREND_LABELS.total)}</th>
                <th scope="col" className="num">{say(lang, TREND_LABELS.institutional)}</th>
                <th scope="col" className="num">{say(lang, TREND_LABELS.individual)}</th>
              </tr>
            </thead>
            <tbody>
              {trend.map((p) => (
                <tr key={p.cutoff}>
                  <td>{p.cutoff}</td>
                  <td className="num">{formatNumber(lang, p.total)}</td>
                  <td className="num">{formatNumber(lang, p.institutional)}</td>
                  <td className="num">{formatNumber(lang, p.individual)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
