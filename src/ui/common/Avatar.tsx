import { useState } from 'preact/hooks';
import { useToolbarOptions } from '../context';
import { safeLinkUrl } from '../util/safe-link';

export interface AvatarProps {
  name: string;
  src?: string;
  /** Shown when `src` is missing or fails to load; then the toolbar's `defaultAvatar`; then initials. */
  fallback?: string;
  size?: 'sm' | 'md' | 'lg';
}

/** Only http(s) or relative URLs, or data: images, may become an <img> source. */
const imageUrl = (u?: string) => (u && /^\s*data:image\/(png|gif|jpe?g|webp);/i.test(u) ? u.trim() : safeLinkUrl(u));

/** A user's or room's picture: the avatar, its default, the site default, then initials in a colour of the name. */
export function Avatar({ name, src, fallback, size = 'md' }: AvatarProps) {
  const [failed, setFailed] = useState(0);
  const url = [src, fallback, useToolbarOptions().defaultAvatar].map(imageUrl).filter(Boolean)[failed];
  const cls = 'webim-avatar webim-avatar--' + size;
  if (url)
    return (
      <img
        class={cls}
        src={url}
        alt=""
        loading="lazy"
        referrerpolicy="no-referrer"
        onError={() => setFailed(failed + 1)}
      />
    );
  let hue = 0;
  for (const c of name) hue = (hue * 31 + c.charCodeAt(0)) % 360;
  // First letters of up to two words.
  const initials =
    name
      .trim()
      .split(/\s+/)
      .slice(0, 2)
      .map((w) => [...w][0])
      .join('') || '?';
  return (
    <span class={cls + ' webim-avatar--initials'} style={'--webim-initials-hue:' + hue} aria-hidden="true">
      {initials.toUpperCase()}
    </span>
  );
}
