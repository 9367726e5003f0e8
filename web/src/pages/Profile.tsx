import { type FormEvent, useState } from 'react';
import { LIMITS, MEDIA_LIMITS } from '../../../src/domain/limits';
import { ReportDialog } from '../components/report';
import { StatusCard } from '../components/status';
import { Timeline } from '../components/timeline';
import { Avatar, Badge, ErrorBox, Field, GovProfile, Loading, homeServer } from '../components/ui';
import { useLoad, usePaged, useTitle } from '../hooks';
import { formatNumber, useI18n } from '../i18n';
import { Link } from '../router';
import { isReviewer, useSession } from '../session';
import type { Account, CredentialAccount, Operator, Relationship, Status } from '../types';

/** Loads an account by username (the UI's addresses use names, the API ids). */
export function useAccount(username: string) {
  const { api } = useSession();
  return useLoad(() => api.get<Account>('/api/v1/accounts/lookup', { acct: username }), [api, username]);
}

/**
 * What the viewer does about another account: follow (or withdraw a request),
 * mute, block, report. One relationship read feeds them all, so a block that
 * ends a follow shows at once.
 */
function RelationActions({ account }: { account: Account }) {
  const { t } = useI18n();
  const { api } = useSession();
  const rel = useLoad(async () => (await api.get<Relationship[]>('/api/v1/accounts/relationships', { id: account.id }))[0] ?? null, [api, account.id]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reporting, setReporting] = useState(false);
  if (!rel.data) return null;
  const { following, blocking, muting } = rel.data;
  // A locked account answers a follow with a request: show that, and let a second click withdraw it.
  const requested = !following && rel.data.requested;
  const post = async (action: string) => {
    setBusy(true);
    setError(null);
    try {
      rel.setData(await api.post<Relationship>(`/api/v1/accounts/${account.id}/${action}`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {rel.data.followed_by && <span className="pill">{t('profile.followsYou')}</span>}
      {blocking && <span className="pill pill-rejected">{t('profile.blocking')}</span>}
      {rel.data.blocked_by && <span className="pill">{t('profile.blockedBy')}</span>}
      {!blocking && (
        <button
          type="button"
          className={following || requested ? 'secondary' : undefined}
          aria-pressed={following || requested}
          title={requested ? t('profile.requestedHint') : undefined}
          disabled={busy || rel.data.blocked_by}
          onClick={() => void post(following || requested ? 'unfollow' : 'follow')}
        >
          {following ? t('profile.unfollow') : requested ? t('profile.requested') : t('profile.follow')}
        </button>
      )}
      <button type="button" className="secondary" aria-pressed={muting} disabled={busy} onClick={() => void post(muting ? 'unmute' : 'mute')}>
        {muting ? t('profile.unmute') : t('profile.mute')}
      </button>
      <button type="button" className="secondary" aria-pressed={blocking} title={blocking ? undefined : t('profile.blockConfirm')} disabled={busy} onClick={() => void post(blocking ? 'unblock' : 'block')}>
        {blocking ? t('profile.unblock') : t('profile.block')}
      </button>
      <button type="button" className="secondary" onClick={() => setReporting(true)}>
        {t('profile.report')}
      </button>
      {reporting && <ReportDialog account={account} onClose={() => setReporting(false)} />}
      <ErrorBox error={error} />
    </>
  );
}

/** For an operator of the organ: take its token and act as it (posting, handling requests). */
function ActAsOrgan({ organ }: { organ: Account }) {
  const { t } = useI18n();
  const { api, me, actAs } = useSession();
  const [error, setError] = useState<unknown>(null);
  // Only the organ's side may list its operators: a 403 simply means this viewer is not one of them.
  const ops = useLoad(() => api.get<Operator[]>(`/api/v1/gov/accounts/${organ.id}/operators`).catch(() => [] as Operator[]), [api, organ.id]);
  if (!me || !ops.data?.some((o) => o.account_id === me.id && !o.removed_at)) return null;
  return (
    <>
      <button type="button" className="secondary" onClick={() => actAs(organ.id).catch(setError)}>
        {t('profile.actAs')}
      </button>
      <ErrorBox error={error} />
    </>
  );
}

/** The account's own name and note (a verified account keeps its name: the provider refuses a rename). */
function EditProfile({ me, onSaved }: { me: CredentialAccount; onSaved: () => void }) {
  const { t } = useI18n();
  const { api, refresh } = useSession();
  const [form, setForm] = useState({ display_name: me.display_name, note: me.source?.note ?? '' });
  const [pictures, setPictures] = useState<{ avatar?: File; header?: File }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (pictures.avatar || pictures.header) {
        // Pictures go as files, as Mastodon apps send them: the whole form as multipart.
        const body = new FormData();
        body.append('display_name', form.display_name);
        body.append('note', form.note);
        for (const field of ['avatar', 'header'] as const) {
          const file = pictures[field];
          if (file) body.append(field, file, file.name);
        }
        await api.send<CredentialAccount>('PATCH', '/api/v1/accounts/update_credentials', body);
        setPictures({});
      } else await api.patch<CredentialAccount>('/api/v1/accounts/update_credentials', form);
      await refresh();
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-label={t('profile.edit')}>
      {/* The provider refuses a verified account's rename: say how the name changes instead of letting the save fail. */}
      <Field label={t('profile.displayName')} hint={me.gov ? t('profile.verifiedNameHint') : undefined} name="display_name" error={error}>
        {(p) => <input {...p} type="text" readOnly={!!me.gov} maxLength={LIMITS.displayNameMax} value={form.display_name} onChange={(e) => setForm((f) => ({ ...f, display_name: e.target.value }))} />}
      </Field>
      <Field label={t('profile.note')} name="note" error={error}>
        {(p) => <textarea {...p} rows={3} maxLength={LIMITS.noteMax} value={form.note} onChange={(e) => setForm((f) => ({ ...f, note: e.target.value }))} />}
      </Field>
      {(['avatar', 'header'] as const).map((field) => (
        <Field key={field} label={t(`profile.${field}`)} name={field} error={error}>
          {(p) => <input {...p} type="file" accept={MEDIA_LIMITS.imageTypes.join(',')} onChange={(e) => setPictures((x) => ({ ...x, [field]: e.target.files?.[0] }))} />}
        </Field>
      ))}
      <ErrorBox error={error} shownFields={['display_name', 'note', 'avatar', 'header']} />
      <button type="submit" disabled={busy}>
        {t('common.save')}
      </button>
    </form>
  );
}

export function Profile({ username }: { username: string }) {
  const { t, lang } = useI18n();
  const { me, acting, api } = useSession();
  const account = useAccount(username);
  const [editing, setEditing] = useState(false);
  // The profile's own list of posts, so that the page can say when the count is history the server does not hold.
  const posts = usePaged<Status>(api, account.data ? `/api/v1/accounts/${account.data.id}/statuses` : null, undefined, []);
  useTitle(account.data ? account.data.display_name || account.data.username : username);
  if (account.loading && !account.data) return <Loading />;
  if (account.error || !account.data)
    return (
      <div className="card">
        <h1 tabIndex={-1}>{t('profile.notFound')}</h1>
        <ErrorBox error={account.error} />
      </div>
    );
  const a = account.data;
  const isMe = me?.id === a.id;
  const home = homeServer(a);
  const organ = a.gov?.kind === 'institutional';
  const insider = isMe || isReviewer(me);
  return (
    <>
      <section className={`card profile${a.gov ? ` profile-${a.gov.kind}` : ''}`}>
        <div
          className="profile-banner"
          aria-hidden="true"
          // An uploaded header shows in the banner; the default keeps the banner's own colours.
          style={a.header && !a.header.endsWith('/headers/default.png') ? { backgroundImage: `url(${JSON.stringify(a.header)})`, backgroundSize: 'cover', backgroundPosition: 'center' } : undefined}
        />
        <div className="profile-head">
          <Avatar account={a} size={88} />
          <div className="profile-names">
            <h1 tabIndex={-1}>
              {a.display_name || a.username} <Badge gov={a.gov} />
            </h1>
            <p className="handle">@{a.acct}</p>
            {home && (
              <p className="home-server">
                {t('profile.homeServer', { host: home })}{' '}
                <a href={a.url} target="_blank" rel="noopener noreferrer nofollow">
                  {t('profile.openAtHome')}
                </a>
              </p>
            )}
          </div>
          <div className="profile-actions">
            {me && !isMe && <RelationActions account={a} />}
            {isMe && (
              <button type="button" className="secondary" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
                {t('profile.edit')}
              </button>
            )}
          </div>
        </div>
        {/* The note is HTML the server made from escaped plain text, or sanitised from the account's own server. */}
        {a.note && <div className="note" dangerouslySetInnerHTML={{ __html: a.note }} />}
        <ul className="counts" aria-label={t('profile.posts')}>
          <li>
            <strong>{formatNumber(lang, a.statuses_count)}</strong> {t('profile.posts')}
          </li>
          <li>
            <Link to={`/web/@${a.acct}/followers`}>
              <strong>{formatNumber(lang, a.followers_count)}</strong> {t('profile.followers')}
            </Link>
          </li>
          <li>
            <Link to={`/web/@${a.acct}/following`}>
              <strong>{formatNumber(lang, a.following_count)}</strong> {t('profile.following')}
            </Link>
          </li>
        </ul>
        {/* Service requests, the response record and the organ's desk live at the organ's own provider. */}
        {organ && !home && (
          <nav className="row profile-links" aria-label={t('gov.title')}>
            {me && !isMe && (
              <Link to={`/web/requests/new?to=${encodeURIComponent(a.username)}`} className="button">
                {t('profile.sendRequest')}
              </Link>
            )}
            <Link to={`/web/@${a.username}/service`} className="button secondary">
              {t('profile.serviceRecord')}
            </Link>
            {insider && (
              <Link to={`/web/@${a.username}/analytics`} className="button secondary">
                {t('profile.analytics')}
              </Link>
            )}
            {insider && (
              <Link to={`/web/@${a.username}/operators`} className="button secondary">
                {t('profile.operators')}
              </Link>
            )}
            {me && !isMe && !acting && <ActAsOrgan organ={a} />}
          </nav>
        )}
      </section>
      {isMe && editing && me && (
        <EditProfile
          me={me}
          onSaved={() => {
            setEditing(false);
            account.reload();
          }}
        />
      )}
      {a.gov && <GovProfile gov={a.gov} />}
      <PinnedStatuses account={a} />
      <h2 className="section-title">{t('profile.posts')}</h2>
      {/* This server holds only what reached it (posts since someone here followed, replies, boosts): the rest is at home. */}
      {home && (
        <p className="muted small remote-posts-hint">
          {t('profile.remotePosts', { host: home })}{' '}
          <a href={a.url} target="_blank" rel="noopener noreferrer nofollow">
            {t('profile.openAtHome')}
          </a>
        </p>
      )}
      {/* An account's count can include history this server does not keep (the demo's accounts, an imported one) and posts not visible to the reader: once the whole list is loaded, say how much of it shows. */}
      {!home && posts.loaded && !posts.loading && !posts.hasMore && !posts.error && posts.items.length < a.statuses_count && (
        <p className="muted small posts-held-hint">{t('profile.postsHeld', { total: formatNumber(lang, a.statuses_count), shown: formatNumber(lang, posts.items.length) })}</p>
      )}
      <Timeline path={`/api/v1/accounts/${a.id}/statuses`} label={t('profile.posts')} context="account" list={posts} />
    </>
  );
}

/** The statuses the account pinned, above its others (Mastodon's `pinned=true`). */
function PinnedStatuses({ account }: { account: Account }) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const pinned = useLoad(() => api.get<Status[]>(`/api/v1/accounts/${account.id}/statuses`, { pinned: true }), [api, account.id]);
  if (!pinned.data || pinned.data.length === 0) return null;
  return (
    <section aria-label={t('profile.pinned')} className="timeline pinned">
      <h2 className="section-title">{t('profile.pinned')}</h2>
      {pinned.data.map((s) => (
        <StatusCard
          key={s.id}
          status={s}
          context="account"
          pinnedBadge
          onChange={(u) => pinned.setData((list) => (list ?? []).flatMap((x) => (x.id !== s.id ? [x] : u.pinned || me?.id !== account.id ? [u] : [])))}
        />
      ))}
    </section>
  );
}

interface ThreadContext {
  ancestors: Status[];
  descendants: Status[];
}

/** One status with the conversation around it; replies appear as they are posted. */
export function StatusThread({ id }: { username: string; id: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  useTitle(t('status.thread'));
  const status = useLoad(() => api.get<Status>(`/api/v1/statuses/${encodeURIComponent(id)}`), [api, id]);
  const context = useLoad(() => api.get<ThreadContext>(`/api/v1/statuses/${encodeURIComponent(id)}/context`), [api, id]);
  if (status.loading && !status.data) return <Loading />;
  const server = status.data ? homeServer((status.data.reblog ?? status.data).account) : null;
  if (!status.data)
    return (
      <div className="card">
        <h1 tabIndex={-1}>{t('common.notFound')}</h1>
        <ErrorBox error={status.error} />
      </div>
    );
  const replaceIn = (list: Status[], u: Status) => list.map((s) => (s.id === u.id ? u : s));
  return (
    <>
      <h1 className="visually-hidden" tabIndex={-1}>
        {t('status.thread')}
      </h1>
      <div className="thread">
        {context.data?.ancestors.map((s) => (
          <StatusCard key={s.id} status={s} context="thread" onChange={(u) => context.setData((c) => c && { ...c, ancestors: replaceIn(c.ancestors, u) })} />
        ))}
        <div className="thread-focus">
          <StatusCard
            status={status.data}
            context="thread"
            onChange={(u) => status.setData(u)}
            onReplied={(r) => context.setData((c) => (c ? { ...c, descendants: [...c.descendants, r] } : { ancestors: [], descendants: [r] }))}
          />
          {server && status.data.url && (
            <p className="muted small original-link">
              {t('status.remoteOriginal', { host: server })}{' '}
              <a href={status.data.url} target="_blank" rel="noopener noreferrer nofollow">
                {t('status.openOriginal')}
              </a>
            </p>
          )}
        </div>
        <div className="thread-replies">
          {context.data?.descendants.map((s) => (
            <StatusCard
              key={s.id}
              status={s}
              context="thread"
              onChange={(u) => context.setData((c) => c && { ...c, descendants: replaceIn(c.descendants, u) })}
              onReplied={(r) => context.setData((c) => c && { ...c, descendants: [...c.descendants, r] })}
            />
          ))}
        </div>
      </div>
    </>
  );
}
