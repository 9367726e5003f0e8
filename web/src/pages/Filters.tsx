import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorBox, Field, Loading, PageTitle, Time } from '../components/ui';
import { useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link } from 'react-router';
import { useSession } from '../session';
import type { Filter, FilterContext } from '../types';

const CONTEXTS: FilterContext[] = ['home', 'public', 'thread', 'notifications', 'account'];
const ACTIONS: Filter['filter_action'][] = ['warn', 'hide'];
/** Expiry choices in seconds (Mastodon's expires_in); empty is never. */
const EXPIRIES = [
  ['', 'filters.never'],
  ['86400', 'poll.day1'],
  ['604800', 'poll.days7'],
] as const;

/**
 * Keyword filters (Mastodon's filters v2): a title, keywords, where they
 * apply, and whether a match is collapsed behind a warning or hidden.
 */
export function Filters() {
  const { t } = useI18n();
  const { api, me, loading } = useSession();
  useTitle(t('filters.title'));
  const qc = useQueryClient();
  const filtersQuery = queryOptions({ queryKey: ['filters', me?.id], queryFn: () => (me ? api.get<Filter[]>('/api/v2/filters') : Promise.resolve([] as Filter[])) });
  const filters = useQuery(filtersQuery);
  const [title, setTitle] = useState('');
  const [keywords, setKeywords] = useState('');
  const [wholeWord, setWholeWord] = useState(false);
  const [context, setContext] = useState<FilterContext[]>(['home', 'public', 'thread']);
  const [action, setAction] = useState<Filter['filter_action']>('warn');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (loading) return <Loading />;
  if (!me) return <p className="card">{t('common.signinNeeded')}</p>;
  const words = keywords
    .split('\n')
    .map((k) => k.trim())
    .filter(Boolean);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const made = await api.post<Filter>('/api/v2/filters', {
        title: title.trim(),
        context,
        filter_action: action,
        ...(expires ? { expires_in: Number(expires) } : {}),
        keywords_attributes: words.map((keyword) => ({ keyword, whole_word: wholeWord })),
      });
      qc.setQueryData(filtersQuery.queryKey, (old) => [...(old ?? []), made]);
      setTitle('');
      setKeywords('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (f: Filter) => {
    setError(null);
    try {
      await api.delete(`/api/v2/filters/${f.id}`);
      qc.setQueryData(filtersQuery.queryKey, (old) => (old ?? []).filter((x) => x.id !== f.id));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle actions={<Link to="/web/blocks" className="button secondary small">{t('blocks.title')}</Link>}>{t('filters.title')}</PageTitle>
      <p className="muted">{t('filters.intro')}</p>
      <form className="card form" aria-label={t('filters.new')} onSubmit={(e) => void create(e)}>
        <h2>{t('filters.new')}</h2>
        <Field label={t('filters.name')} name="title" error={error}>
          {(p) => <input {...p} type="text" maxLength={256} required value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field label={t('filters.keywords')} name="keywords_attributes" error={error}>
          {(p) => <textarea {...p} rows={3} value={keywords} onChange={(e) => setKeywords(e.target.value)} />}
        </Field>
        <Field label={t('filters.wholeWord')} name="whole_word" inline>
          {(p) => <input {...p} type="checkbox" checked={wholeWord} onChange={(e) => setWholeWord(e.target.checked)} />}
        </Field>
        <fieldset>
          <legend>{t('filters.context')}</legend>
          {CONTEXTS.map((c) => (
            <label key={c} className="inline">
              <input type="checkbox" checked={context.includes(c)} onChange={(e) => setContext((l) => (e.target.checked ? [...l, c] : l.filter((x) => x !== c)))} />
              <span>{t(`filters.ctx.${c}`)}</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('filters.action')}</legend>
          {ACTIONS.map((a) => (
            <label key={a} className="inline">
              <input type="radio" name="filter_action" checked={action === a} onChange={() => setAction(a)} />
              <span>{t(`filters.action.${a}`)}</span>
            </label>
          ))}
        </fieldset>
        <Field label={t('filters.expires')} name="expires_in" error={error}>
          {(p) => (
            <select {...p} value={expires} onChange={(e) => setExpires(e.target.value)}>
              {EXPIRIES.map(([v, key]) => (
                <option key={v} value={v}>
                  {t(key)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ErrorBox error={error} shownFields={['title', 'keywords_attributes', 'expires_in']} />
        <button type="submit" disabled={busy || title.trim() === '' || context.length === 0}>
          {t('filters.create')}
        </button>
      </form>
      <ErrorBox error={filters.error} />
      {filters.data?.length === 0 && <p className="muted center">{t('filters.empty')}</p>}
      {filters.data?.map((f) => (
        <article key={f.id} className="card filter" aria-label={f.title} data-testid="filter">
          <h2>{f.title}</h2>
          <p>{t('filters.keywordList', { list: (f.keywords ?? []).map((k) => k.keyword).join('、') || '—' })}</p>
          <p className="muted">
            {t(`filters.action.${f.filter_action}`)} · {f.context.map((c) => t(`filters.ctx.${c}`)).join('、')}
            {f.expires_at && (
              <>
                {' · '}
                {t('filters.expires')} <Time iso={f.expires_at} />
              </>
            )}
          </p>
          <button type="button" className="secondary small" onClick={() => void remove(f)}>
            {t('filters.delete', { title: f.title })}
          </button>
        </article>
      ))}
    </>
  );
}
