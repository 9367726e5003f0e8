import { type FormEvent, type MouseEvent, useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { LIMITS, MEDIA_LIMITS } from '../../../src/domain/limits';
import type { Api } from '../api';
import { useI18n } from '../i18n';
import { Link, type NavigateFunction, useNavigate } from 'react-router';
import { putStatus } from '../query';
import { useSession } from '../session';
import type { Account, FilterContext, FilterResult, MediaAttachment, Status, Visibility } from '../types';
import { Dialog } from './dialog';
import { POLL_DURATIONS, type PollDraft, PollEditor, PollView } from './poll';
import { EditStatus, HistoryDialog, StatusMenu } from './status-extras';
import { AccountName, Avatar, ErrorBox, Time, homeServer, profilePath } from './ui';

const LINK = /https?:\/\/[^\s<>"'，。！？、；：）】]+/giu;
/** Mastodon and the server count every link as 23 characters, whatever its length. */
const LINK_WEIGHT = 23;

/** The length the server will count: code points, with links at 23. The server stays the judge; this is the live hint. */
export function statusLength(text: string): number {
  let n = 0;
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    n += [...text.slice(last, m.index)].length + LINK_WEIGHT;
    last = (m.index ?? 0) + m[0].length;
  }
  return n + [...text.slice(last)].length;
}

/**
 * Links inside a status point at the provider's server-rendered pages
 * (`/@name`, `/@name/123`, `/tags/name`), or, for a mention or a hashtag of
 * another server's post, at that server's pages; inside the UI they open its
 * own pages instead (the mention by the status's `mentions`, the hashtag by
 * its `tags`, as Mastodon's UI does).
 */
function followInternalLink(navigate: NavigateFunction, e: MouseEvent<HTMLDivElement>, mentions: readonly { url: string; acct: string }[], tags: readonly { name: string; url: string }[]) {
  const a = (e.target as HTMLElement).closest('a');
  if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  let url: URL;
  try {
    url = new URL(a.href);
  } catch {
    return;
  }
  const mentioned = mentions.find((m) => m.url === a.href || m.url === url.href);
  if (mentioned) {
    e.preventDefault();
    navigate(profilePath(mentioned));
    return;
  }
  const tag = tags.find((t) => t.url === a.href || t.url === url.href);
  if (tag) {
    e.preventDefault();
    navigate(`/web/tags/${encodeURIComponent(tag.name)}`);
    return;
  }
  if (url.origin !== location.origin) return;
  const local = /^\/tags\/([^/]+)$/.exec(url.pathname);
  if (local) {
    e.preventDefault();
    navigate(`/web/tags/${local[1]}`);
    return;
  }
  const m = /^\/@([A-Za-z0-9_]+)(\/\d+)?$/.exec(url.pathname);
  if (!m) return;
  e.preventDefault();
  navigate(`/web/@${m[1]}${m[2] ?? ''}`);
}

/**
 * The filters that matched a status (the boost or the post boosted) and apply where it is shown:
 * the API reports every filter of the reader's that matches, whatever its context, and the
 * client keeps those of the view, unexpired, as Mastodon's web UI does.
 */
function filterResults(status: Status, context: FilterContext | undefined): FilterResult[] {
  if (!context) return [];
  const now = Date.now();
  return [...((status.filtered ?? []) as FilterResult[]), ...((status.reblog?.filtered ?? []) as FilterResult[])].filter(
    (r) => r.filter.context.includes(context) && (r.filter.expires_at === null || Date.parse(r.filter.expires_at) > now),
  );
}

/**
 * One status: author, time, content (the server's sanitised HTML), and the actions on it.
 * A status a `hide` filter matched is not shown at all; one a `warn` filter matched is
 * collapsed behind the filter's title until asked for, as Mastodon's web UI does.
 */
export function StatusCard(props: StatusCardProps) {
  const { t } = useI18n();
  const [unfiltered, setUnfiltered] = useState(false);
  const results = filterResults(props.status, props.context);
  if (results.some((r) => r.filter.filter_action === 'hide')) return null;
  const warn = results.find((r) => r.filter.filter_action === 'warn');
  if (warn && !unfiltered)
    return (
      <article className="card status status-filtered" aria-label={t('status.filtered', { title: warn.filter.title })}>
        <p>
          {t('status.filtered', { title: warn.filter.title })}{' '}
          <button type="button" className="link" aria-expanded={false} onClick={() => setUnfiltered(true)}>
            {t('status.showFiltered')}
          </button>
        </p>
      </article>
    );
  return <StatusBody {...props} {...(warn ? { onRefilter: () => setUnfiltered(false), filterTitle: warn.filter.title } : {})} />;
}

interface StatusCardProps {
  status: Status;
  onReplied?: (s: Status) => void;
  /** After muting or blocking the author from the status's menu: the list drops their posts. */
  onAuthorGone?: (account: Account, how: 'mute' | 'block') => void;
  /** On a profile's pinned posts: says so above the post. */
  pinnedBadge?: boolean;
  /** Where the status is shown, for the reader's filters; none (bookmarks, search) applies no filter. */
  context?: FilterContext;
}

function StatusBody({ status, onReplied, onAuthorGone, pinnedBadge, onRefilter, filterTitle }: StatusCardProps & { onRefilter?: () => void; filterTitle?: string }) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const navigate = useNavigate();
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState(false);
  const [history, setHistory] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reveal, setReveal] = useState(false);
  const shown = status.reblog ?? status;
  const server = homeServer(shown.account);
  const contentId = useId();
  const qc = useQueryClient();
  // The post's new state goes into the cache: every list and thread showing it (or a boost of it) changes with this card.
  const replace = (u: Status) => {
    putStatus(qc, u);
    // Which posts are pinned is a list of its own: it is read again rather than guessed.
    if (u.pinned !== shown.pinned) void qc.invalidateQueries({ queryKey: ['pinned', u.account.id] });
  };

  const act = async (path: string) => {
    setError(null);
    try {
      const updated = await api.post<Status>(`/api/v1/statuses/${shown.id}/${path}`);
      // A reblog answers with the new wrapper status; the card keeps showing the original with its new counts.
      replace(updated.reblog ?? updated);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <article className="card status" aria-labelledby={contentId}>
      {pinnedBadge && (
        <p className="reblogged-by pinned-badge">
          <svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12">
            <path d="M10 1l5 5-2 .5-2.5 2.5.5 3.5-1.5 1.5L6 10.5 2 15l-1-1 4.5-4L2 6.5 3.5 5 7 5.5 9.5 3z" fill="currentColor" />
          </svg>{' '}
          {t('status.pinned')}
        </p>
      )}
      {filterTitle && onRefilter && (
        <p className="reblogged-by">
          {t('status.filtered', { title: filterTitle })}{' '}
          <button type="button" className="link" onClick={onRefilter}>
            {t('status.hideFiltered')}
          </button>
        </p>
      )}
      {status.reblog && (
        <p className="reblogged-by">
          {t('status.rebloggedBy', { name: status.account.display_name || status.account.username })}
        </p>
      )}
      <header className="status-head">
        <Avatar account={shown.account} />
        <div className="status-meta">
          <AccountName account={shown.account} />
          <span className="status-when">
            <Link to={`${profilePath(shown.account)}/${shown.id}`} className="status-time" aria-label={t('status.thread')}>
              <Time iso={shown.created_at} />
            </Link>
            {server && <span className="home-server">· {t('status.fromServer', { host: server })}</span>}
            {shown.edited_at && (
              <button type="button" className="link edited" title={t('status.editedHint')} aria-label={`${t('status.edited')}：${t('status.editedHint')}`} onClick={() => setHistory(true)}>
                · {t('status.edited')}
              </button>
            )}
          </span>
        </div>
      </header>
      {shown.spoiler_text && (
        <p className="spoiler">
          <strong>{shown.spoiler_text}</strong>{' '}
          <button type="button" className="link" aria-expanded={reveal} onClick={() => setReveal((v) => !v)}>
            {t('status.showContent')}
          </button>
        </p>
      )}
      {editing && (
        <EditStatus
          status={shown}
          onSaved={(u) => {
            setEditing(false);
            replace(u);
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      {!editing && (!shown.spoiler_text || reveal) && (
        // `content` is HTML the server built from escaped text, or sanitised from another server's (links, mentions, tags, paragraphs only): the one field rendered as HTML.
        <div className="status-content" id={contentId} onClick={(e) => followInternalLink(navigate, e, shown.mentions, shown.tags)} dangerouslySetInnerHTML={{ __html: shown.content }} />
      )}
      {!editing && shown.poll && <PollView poll={shown.poll} own={shown.account.id === me?.id} onChange={(poll) => replace({ ...shown, poll })} />}
      {shown.media_attachments.length > 0 && <MediaGallery media={shown.media_attachments} sensitive={shown.sensitive} />}
      <ErrorBox error={error} />
      <div className="status-actions" role="group" aria-label={t('status.actions')}>
        {me && (
          <button type="button" className="action" aria-expanded={replying} onClick={() => setReplying((v) => !v)}>
            ↩ {t('status.reply')} <span className="count">{shown.replies_count}</span>
          </button>
        )}
        {!me && (
          <Link to={`${profilePath(shown.account)}/${shown.id}`} className="action">
            ↩ {t('status.replies', { n: shown.replies_count })}
          </Link>
        )}
        <button
          type="button"
          className={`action${shown.reblogged ? ' on' : ''}`}
          aria-pressed={shown.reblogged}
          disabled={!me || shown.visibility === 'private' || shown.visibility === 'direct'}
          onClick={() => void act(shown.reblogged ? 'unreblog' : 'reblog')}
        >
          ⟳ {shown.reblogged ? t('status.unreblog') : t('status.reblog')} <span className="count">{shown.reblogs_count}</span>
        </button>
        <button
          type="button"
          className={`action${shown.favourited ? ' on' : ''}`}
          aria-pressed={shown.favourited}
          disabled={!me}
          onClick={() => void act(shown.favourited ? 'unfavourite' : 'favourite')}
        >
          ♥ {shown.favourited ? t('status.unfavourite') : t('status.favourite')} <span className="count">{shown.favourites_count}</span>
        </button>
        {me && (
          <button type="button" className={`action${shown.bookmarked ? ' on' : ''}`} aria-pressed={shown.bookmarked} onClick={() => void act(shown.bookmarked ? 'unbookmark' : 'bookmark')}>
            ★ {shown.bookmarked ? t('status.unbookmark') : t('status.bookmark')}
          </button>
        )}
        <StatusMenu status={shown} onChange={replace} onEdit={() => setEditing(true)} {...(onAuthorGone ? { onAuthorGone } : {})} />
      </div>
      {history && <HistoryDialog status={shown} onClose={() => setHistory(false)} />}
      {replying && (
        <Compose
          replyTo={shown}
          autoFocus
          onPosted={(reply) => {
            setReplying(false);
            replace({ ...shown, replies_count: shown.replies_count + 1 });
            onReplied?.(reply);
          }}
          onCancel={() => setReplying(false)}
        />
      )}
    </article>
  );
}

/** A status's images in a grid (one to four), each with its alt text, opening a viewer; sensitive ones behind a click. */
function MediaGallery({ media, sensitive }: { media: readonly MediaAttachment[]; sensitive: boolean }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(!sensitive);
  const [open, setOpen] = useState<number | null>(null);
  if (!shown)
    return (
      <button type="button" className="media-sensitive secondary" onClick={() => setShown(true)}>
        {t('status.sensitiveMedia')}
      </button>
    );
  return (
    <>
      <ul className={`media-grid media-${Math.min(media.length, 4)}`} aria-label={t('status.media')}>
        {media.map((m, i) => (
          <li key={m.id}>
            {/* A link still, so that a new tab or a long press opens the picture itself; a click opens the viewer. */}
            <a
              href={m.url}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={m.description ? t('media.openDescribed', { alt: m.description }) : t('media.open', { n: i + 1 })}
              onClick={(e) => {
                if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                e.preventDefault();
                setOpen(i);
              }}
            >
              <img src={m.preview_url} alt={m.description ?? ''} title={m.description ?? undefined} width={m.meta.small.width} height={m.meta.small.height} loading="lazy" />
            </a>
          </li>
        ))}
      </ul>
      {open !== null && <MediaViewer media={media} start={open} onClose={() => setOpen(null)} />}
    </>
  );
}

/** The pictures of a post one at a time, full size, with their alt text; arrows (and the keyboard's) move between them. */
function MediaViewer({ media, start, onClose }: { media: readonly MediaAttachment[]; start: number; onClose: () => void }) {
  const { t } = useI18n();
  const [i, setI] = useState(start);
  const m = media[i] as MediaAttachment;
  const many = media.length > 1;
  const go = (d: number) => setI((k) => (k + d + media.length) % media.length);
  return (
    <Dialog title={many ? t('media.viewerOf', { n: i + 1, total: media.length }) : t('media.viewer')} onClose={onClose} wide>
      <figure
        className="media-viewer"
        onKeyDown={(e) => {
          if (!many) return;
          if (e.key === 'ArrowRight') go(1);
          else if (e.key === 'ArrowLeft') go(-1);
        }}
      >
        <img src={m.url} alt={m.description ?? ''} />
        {m.description && <figcaption>{m.description}</figcaption>}
        {many && (
          <div className="media-viewer-nav">
            <button type="button" className="secondary" onClick={() => go(-1)} aria-label={t('media.previous')}>
              ‹ {t('media.previous')}
            </button>
            <button type="button" className="secondary" onClick={() => go(1)} aria-label={t('media.next')} autoFocus>
              {t('media.next')} ›
            </button>
          </div>
        )}
        <a href={m.url} target="_blank" rel="noopener noreferrer" className="small">
          {t('media.original')}
        </a>
      </figure>
    </Dialog>
  );
}

/** An image picked in the composer: uploading, then uploaded (its id), with the alt text typed for it. */
interface Attachment {
  key: string;
  name: string;
  preview: string;
  media: MediaAttachment | null;
  description: string;
}

/** The compose box: a live character count against the shared limit, visibility, an optional content warning, up to four images with alt text. */
export function Compose({
  replyTo,
  onPosted,
  onCancel,
  autoFocus = false,
}: {
  replyTo?: Status;
  onPosted: (s: Status) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const mention = replyTo && replyTo.account.id !== me?.id ? `@${replyTo.account.acct} ` : '';
  const [text, setText] = useState(mention);
  const [spoiler, setSpoiler] = useState('');
  const [showSpoiler, setShowSpoiler] = useState(false);
  const [visibility, setVisibility] = useState<Visibility>(replyTo?.visibility === 'direct' ? 'direct' : replyTo?.visibility === 'private' ? 'private' : 'public');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [sensitive, setSensitive] = useState(false);
  const [poll, setPoll] = useState<PollDraft | null>(null);
  const id = useId();

  const used = statusLength(text) + [...spoiler].length;
  const left = LIMITS.statusMax - used;
  const uploading = attachments.some((a) => a.media === null);
  // As Mastodon: images alone make a post.
  const empty = ((text.trim() === '' || text.trim() === mention.trim()) && attachments.length === 0) || (poll !== null && poll.options.some((o) => o.trim() === ''));

  const pick = async (files: FileList | null) => {
    if (!files) return;
    const room = MEDIA_LIMITS.perStatus - attachments.length;
    for (const file of [...files].slice(0, Math.max(0, room))) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      const preview = URL.createObjectURL(file);
      setAttachments((list) => [...list, { key, name: file.name, preview, media: null, description: '' }]);
      const form = new FormData();
      form.append('file', file, file.name);
      try {
        const media = await api.send<MediaAttachment>('POST', '/api/v2/media', form);
        setAttachments((list) => list.map((a) => (a.key === key ? { ...a, media } : a)));
      } catch (err) {
        URL.revokeObjectURL(preview);
        setAttachments((list) => list.filter((a) => a.key !== key));
        setError(err);
      }
    }
  };

  const unpick = (key: string) =>
    setAttachments((list) =>
      list.filter((a) => {
        if (a.key === key) URL.revokeObjectURL(a.preview);
        return a.key !== key;
      }),
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || left < 0 || empty || uploading) return;
    setBusy(true);
    setError(null);
    try {
      // Alt text typed after the upload is saved before the post takes the images.
      for (const a of attachments) if (a.media && a.description.trim() !== (a.media.description ?? '')) await api.put(`/api/v1/media/${a.media.id}`, { description: a.description.trim() });
      const mediaIds = attachments.flatMap((a) => (a.media ? [a.media.id] : []));
      const posted = await posting(api, {
        status: text,
        visibility,
        ...(spoiler ? { spoiler_text: spoiler } : {}),
        ...(replyTo ? { in_reply_to_id: replyTo.id } : {}),
        ...(mediaIds.length > 0 ? { media_ids: mediaIds, sensitive } : {}),
        ...(poll ? { poll: { options: poll.options.map((o) => o.trim()), expires_in: poll.expires_in, multiple: poll.multiple } } : {}),
      });
      setPoll(null);
      setText('');
      setSpoiler('');
      for (const a of attachments) URL.revokeObjectURL(a.preview);
      setAttachments([]);
      setSensitive(false);
      onPosted(posted);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={`compose${replyTo ? ' compose-reply' : ' card'}`} onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-text`} className={replyTo ? 'visually-hidden' : 'compose-label'}>
        {replyTo ? t('compose.replyingTo', { name: replyTo.account.acct }) : t('compose.label')}
      </label>
      {showSpoiler && (
        <>
          <label htmlFor={`${id}-cw`} className="visually-hidden">
            {t('compose.spoiler')}
          </label>
          <input id={`${id}-cw`} type="text" className="cw" placeholder={t('compose.spoiler')} value={spoiler} onChange={(e) => setSpoiler(e.target.value)} />
        </>
      )}
      <textarea
        id={`${id}-text`}
        name="status"
        rows={replyTo ? 3 : 4}
        value={text}
        autoFocus={autoFocus}
        placeholder={replyTo ? t('compose.replyPlaceholder') : t('compose.placeholder')}
        aria-describedby={`${id}-count`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl/⌘+Enter posts, as in most microblog clients.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
        }}
      />
      {attachments.length > 0 && (
        <ul className="compose-media">
          {attachments.map((a, i) => (
            <li key={a.key}>
              <img src={a.preview} alt="" width={96} height={96} />
              <label className="visually-hidden" htmlFor={`${id}-alt-${i}`}>
                {t('compose.altText')}
              </label>
              <input
                id={`${id}-alt-${i}`}
                type="text"
                maxLength={MEDIA_LIMITS.descriptionMax}
                placeholder={a.media ? t('compose.altText') : t('compose.uploading')}
                value={a.description}
                onChange={(e) => setAttachments((list) => list.map((x) => (x.key === a.key ? { ...x, description: e.target.value } : x)))}
              />
              <button type="button" className="link" aria-label={`${t('compose.removeImage')} ${a.name}`} onClick={() => unpick(a.key)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      {poll && <PollEditor draft={poll} onChange={setPoll} />}
      <ErrorBox error={error} />
      <div className="compose-bar">
        <label className="inline compose-attach" title={t('compose.imagesHint', { n: MEDIA_LIMITS.perStatus })}>
          <span>＋ {t('compose.addImages')}</span>
          <input
            type="file"
            className="visually-hidden"
            accept={MEDIA_LIMITS.imageTypes.join(',')}
            multiple
            disabled={attachments.length >= MEDIA_LIMITS.perStatus || poll !== null}
            onChange={(e) => {
              void pick(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        {attachments.length > 0 && (
          <label className="inline">
            <input type="checkbox" checked={sensitive} onChange={(e) => setSensitive(e.target.checked)} />
            <span>{t('compose.sensitive')}</span>
          </label>
        )}
        <label className="inline">
          <span>{t('compose.visibility')}</span>
          <select value={visibility} onChange={(e) => setVisibility(e.target.value as Visibility)}>
            {(['public', 'unlisted', 'private', 'direct'] as const).map((v) => (
              <option key={v} value={v}>
                {t(`visibility.${v}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="link" aria-pressed={showSpoiler} onClick={() => setShowSpoiler((v) => !v)}>
          {t('compose.cwButton')}
        </button>
        {!replyTo && (
          // As Mastodon: a post carries images or a poll, not both.
          <button
            type="button"
            className="link"
            aria-pressed={poll !== null}
            disabled={attachments.length > 0}
            onClick={() => setPoll((p) => (p ? null : { options: ['', ''], expires_in: POLL_DURATIONS[2][0], multiple: false }))}
          >
            {poll ? t('poll.remove') : t('poll.add')}
          </button>
        )}
        <span id={`${id}-count`} className={`counter${left < 0 ? ' over' : left < 20 ? ' near' : ''}`} aria-live="polite" data-testid="counter">
          {left >= 0 ? t('compose.counter', { n: left }) : t('compose.over', { n: -left })}
        </span>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" disabled={busy || left < 0 || empty || uploading}>
          {replyTo ? t('compose.reply') : t('compose.submit')}
        </button>
      </div>
    </form>
  );
}

function posting(api: Api, body: Record<string, string | boolean | string[] | { options: string[]; expires_in: number; multiple: boolean }>): Promise<Status> {
  return api.post<Status>('/api/v1/statuses', body);
}
