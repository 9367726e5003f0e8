/**
 * The names of the report's service quality and trend, in Chinese and
 * English: the report's tables and charts and the web dashboard
 * (web/src/components/census-extra.tsx) print the same words. Free of
 * imports, so that the web bundle takes only these strings.
 */

export interface Label {
  zh: string;
  en: string;
}

export const SERVICE_TITLE: Label = { zh: '服务质量', en: 'Service quality' };
export const TREND_TITLE: Label = { zh: '历年趋势', en: 'Trend' };
/** The trend's table and chart. */
export const TREND_TOTALS: Label = { zh: '各截止日期政务微博数', en: 'Accounts at each cut-off' };

/** The columns of the service quality, by the key of their figure in the JSON. */
export const SERVICE_LABELS = {
  accounts: { zh: '有诉求统计的账号', en: 'Accounts with statistics' },
  requests: { zh: '诉求数', en: 'Requests' },
  answered: { zh: '已回复', en: 'Answered' },
  response_rate: { zh: '回复率', en: 'Response rate' },
  hours_to_first_response: { zh: '首次回复时长（小时，中位数加权平均）', en: 'Hours to first response (weighted mean of medians)' },
  average_rating: { zh: '群众评分', en: 'Mean rating' },
  ratings: { zh: '评价次数', en: 'Ratings' },
} as const satisfies Record<string, Label>;

/** The service quality's breakdowns. */
export const SERVICE_BREAKDOWNS = {
  by_kind: { zh: '服务质量：机构与个人', en: 'Service quality: institutional and officials' },
  by_organ: { zh: '服务质量：按机构类别', en: 'Service quality by organ' },
  by_province: { zh: '服务质量：按省份', en: 'Service quality by province' },
  national: { zh: '中央', en: 'National' },
  total: { zh: '合计', en: 'All' },
} as const satisfies Record<string, Label>;

/** The trend's columns. */
export const TREND_LABELS = {
  cutoff: { zh: '截止日期', en: 'Cut-off' },
  total: { zh: '政务微博总数', en: 'Government accounts' },
  institutional: { zh: '机构微博', en: 'Institutional' },
  individual: { zh: '公职人员微博', en: 'Officials' },
  increase: { zh: '较上一日期增幅', en: 'Increase on the date before' },
} as const satisfies Record<string, Label>;

/** Shown where no counted account carries service statistics. */
export const NO_SERVICE: Label = { zh: '计入统计的账号均无诉求统计。', en: 'No counted account carries service statistics.' };
