import { useMemo } from 'preact/hooks';
import { expandShortcodes } from './emoji';
import { linkify } from './linkify';
import { sanitizeStyle } from './style';

export interface MessageBodyProps {
  body: string;
  /** The sender's CSS (untrusted): only the allow-list in `style.ts` is applied. */
  style?: string;
}

/**
 * A message's text: plain text nodes with http(s) links made clickable. Line breaks are kept by CSS
 * (`white-space: pre-wrap`); `dir="auto"` isolates the sender's bidi controls from the rest of the window.
 */
export function MessageBody({ body, style }: MessageBodyProps) {
  const segments = useMemo(() => linkify(body), [body]);
  const css = useMemo(() => sanitizeStyle(style), [style]);
  return (
    <div class="webim-msg__body" dir="auto" style={css}>
      {segments.map((s, i) =>
        s.kind === 'link' ? (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer nofollow">
            {s.text}
          </a>
        ) : (
          expandShortcodes(s.text)
        ),
      )}
    </div>
  );
}
