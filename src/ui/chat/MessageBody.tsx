import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Message } from '../../protocol/types';
import { useI18n } from '../i18n';
import '../strings/discussions';
import { parseAttachments, type ImagePart } from './markup';
import { expandShortcodes, linkify, sanitizeStyle } from './text';

/**
 * Pictures the reader asked to see (message id and position), so a message scrolled out of a virtualised list and
 * back keeps its picture shown. Bounded: the oldest are forgotten first.
 */
const shown = new Set<string>();
const MAX_SHOWN = 500;

const remember = (key: string, on: boolean): void => {
  if (!on) return void shown.delete(key);
  shown.add(key);
  if (shown.size > MAX_SHOWN) shown.delete(shown.values().next().value!);
};

/** A link that opens outside the page and tells the target nothing about it. */
const External = ({ href, children, class: cls }: { href: string; children: ComponentChildren; class?: string }) => (
  <a class={cls} href={href} target="_blank" rel="noopener noreferrer nofollow">
    {children}
  </a>
);

/**
 * A message's body. Untrusted text renders as text nodes, http(s) links, and the original client's markup:
 * `[name](https://…)` is a file link, `![alt](https://…)` a picture that is not loaded until the reader asks
 * (no request leaks their visit to the picture's host before that); then it loads without a referrer, lazily,
 * within a bounded box. Line breaks are kept by CSS (pre-wrap); the sender's style goes through the allow-list.
 */
export function MessageBody({ message }: { message: Pick<Message, 'id' | 'body' | 'style'> }) {
  const { t } = useI18n();
  return (
    <div class="webim-message__body" dir="auto" style={sanitizeStyle(message.style)}>
      {parseAttachments(message.body).map((part, i) =>
        typeof part === 'string' ? (
          linkify(part).map((piece) =>
            typeof piece === 'string' ? expandShortcodes(piece) : <External href={piece.href}>{piece.text}</External>,
          )
        ) : part.kind === 'file' ? (
          <External class="webim-message-file" href={part.href}>
            <span aria-hidden="true">📎 </span>
            <span class="webim-visually-hidden">{t('file.label', { name: '' })}</span>
            <bdi>{part.name}</bdi> <small>{t('image.from', { host: part.host })}</small>
          </External>
        ) : (
          <MessageImage key={`${message.id}#${i}`} id={`${message.id}#${i}`} image={part} />
        ),
      )}
    </div>
  );
}

function MessageImage({ id, image }: { id: string; image: ImagePart }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(() => shown.has(id));
  const [failed, setFailed] = useState(false);
  const alt = image.alt || image.host;
  const toggle = (on: boolean) => {
    remember(id, on);
    setOpen(on);
    setFailed(false);
  };
  if (!open)
    return (
      <button type="button" class="webim-button webim-message-image-placeholder" onClick={() => toggle(true)}>
        <span>{t('image.show', { alt })}</span> <small>{t('image.from', { host: image.host })}</small>
      </button>
    );
  return (
    <span class="webim-message-image-frame">
      {failed ? (
        <span role="alert">{t('image.failed')}</span>
      ) : (
        <External href={image.href}>
          <img
            class="webim-message-image"
            src={image.href}
            alt={alt}
            referrerpolicy="no-referrer"
            loading="lazy"
            decoding="async"
            onError={() => setFailed(true)}
          />
        </External>
      )}
      <button type="button" class="webim-button webim-button--link" onClick={() => toggle(false)}>
        {t('image.hide')}
      </button>
    </span>
  );
}
