import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Channel } from '../../protocol/types';
import { pageChannels } from '../channels/page-channels';
import { useI18n } from '../i18n';
import { useShell, why } from '../shell-state';
import '../strings/discussions';
import { safeLinkUrl } from '../util/safe-link';

/**
 * The notifications pane's invitations (Join / Decline), posts on followed channels, and the channels the user
 * follows or the page offers (Follow / Unfollow). Failures show inline; nothing here renders server text as HTML.
 */
export function ChannelSections({
  part,
  seenBefore,
  time,
}: {
  /** `news`: invitations and channel posts (above the site's notifications); `channels`: what to follow (below). */
  part: 'news' | 'channels';
  seenBefore: number;
  time: (ms: number) => JSX.Element | null;
}) {
  const { client } = useShell();
  const { store } = client;
  const { t } = useI18n();
  const [error, setError] = useState('');
  const run = (action: Promise<unknown>) => {
    setError('');
    action.catch((e: unknown) => setError(t('channels.failed', { reason: why(e) })));
  };
  const invitations = store.invitations.value;
  const posts = store.channelPosts.value;
  const followed = store.channels.value;
  const offered = pageChannels.value.filter((c) => !followed.has(c.id));
  /**
   * A followed channel's name: the server's, else its id — never a page's `data-webim-channel-name`, which any forum
   * post can write. The page's names show only under "Channels on this page", as the page's labels.
   */
  const channelName = (id: string) => followed.get(id)?.nick || id;
  const toggle = (c: Channel, name: string) => {
    const on = followed.has(c.id);
    return (
      <button
        class="webim-button"
        aria-pressed={on}
        aria-label={t(on ? 'channels.unfollowName' : 'channels.followName', { name })}
        onClick={() => run(on ? client.unfollow(c.id) : client.follow(c.id))}
      >
        {t(on ? 'channels.unfollow' : 'channels.follow')}
      </button>
    );
  };

  const failure = error && (
    <p class="webim-error" role="alert">
      {error}
    </p>
  );
  if (part === 'news')
    return (
      <>
        {failure}
        {invitations.length > 0 && (
          <section class="webim-notifications-section" aria-labelledby="webim-invitations">
            <h3 id="webim-invitations">{t('invitation.list')}</h3>
            <ul>
              {invitations.map((i) => (
                <li key={i.roomId}>
                  <span dir="auto">{t('invitation.text', { name: i.nick, room: i.roomNick })}</span>
                  <button
                    class="webim-button webim-button--primary"
                    onClick={() =>
                      client
                        .acceptInvitation(i.roomId)
                        .catch((e: unknown) => setError(t('invitation.failed', { room: i.roomNick, reason: why(e) })))
                    }
                  >
                    {t('invitation.join')}
                  </button>
                  <button class="webim-button" onClick={() => client.declineInvitation(i.roomId)}>
                    {t('invitation.decline')}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {posts.length > 0 && (
          <section class="webim-notifications-section" aria-labelledby="webim-channel-posts">
            <h3 id="webim-channel-posts">{t('channels.posts')}</h3>
            <ul>
              {posts.map((p) => {
                const href = safeLinkUrl(p.link);
                const text = <span dir="auto">{p.body}</span>;
                return (
                  <li
                    key={p.id}
                    class={p.timestamp > seenBefore ? 'webim-notification webim-unread' : 'webim-notification'}
                  >
                    <span>
                      {href ? (
                        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                          {text}
                        </a>
                      ) : (
                        text
                      )}{' '}
                      <small>
                        <bdi>{channelName(p.channel)}</bdi>
                      </small>
                    </span>
                    {time(p.timestamp)}
                  </li>
                );
              })}
            </ul>
          </section>
        )}
      </>
    );
  return (
    <>
      {failure}
      <section class="webim-notifications-section" aria-labelledby="webim-followed">
        <h3 id="webim-followed">{t('channels.followed')}</h3>
        {followed.size ? (
          <ul>
            {[...followed.values()].map((c) => {
              const href = safeLinkUrl(c.url);
              return (
                <li key={c.id}>
                  {href ? (
                    <a href={href}>
                      <bdi>{channelName(c.id)}</bdi>
                    </a>
                  ) : (
                    <bdi>{channelName(c.id)}</bdi>
                  )}
                  {toggle(c, channelName(c.id))}
                </li>
              );
            })}
          </ul>
        ) : (
          <p class="webim-empty">{t('channels.none')}</p>
        )}
      </section>
      {offered.length > 0 && (
        <section class="webim-notifications-section" aria-labelledby="webim-page-channels">
          <h3 id="webim-page-channels">{t('channels.onPage')}</h3>
          <ul>
            {offered.map((c) => (
              <li key={c.id}>
                <bdi>{c.nick}</bdi>
                {toggle(c, c.nick)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
