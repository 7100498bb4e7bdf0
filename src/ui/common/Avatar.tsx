import { useState } from 'preact/hooks';
import { useToolbarOptions } from '../context';

export interface AvatarProps {
  name: string;
  src?: string;
  /** Shown when `src` is missing or fails to load; then the toolbar's `defaultAvatar`; then initials. */
  fallback?: string;
  size?: 'sm' | 'md' | 'lg';
}

/** Only http(s), protocol-relative, root-relative or data:image URLs may become an <img> source. */
export function safeImageUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const u = url.trim();
  if (/^(https?:)?\/\//i.test(u) || /^\/(?!\/)/.test(u) || /^data:image\/(png|gif|jpe?g|webp);/i.test(u)) return u;
  if (/^[a-z][a-z0-9+.-]*:/i.test(u)) return undefined; // javascript:, vbscript:, file:, …
  return u; // relative path
}

/** First letters of up to two words, uppercase; falls back to '?'. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const chars = words.slice(0, 2).map((w) => Array.from(w)[0] ?? '');
  return (chars.join('') || '?').toUpperCase();
}

/** A stable hue for a name, so the same person always gets the same initials colour. */
function hue(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return h % 360;
}

/** A user's or room's picture: the avatar, then its default, then the site default, then coloured initials. */
export function Avatar({ name, src, fallback, size = 'md' }: AvatarProps) {
  const { defaultAvatar } = useToolbarOptions();
  const candidates = [src, fallback, defaultAvatar].map(safeImageUrl).filter((u): u is string => !!u);
  const [failed, setFailed] = useState(0);
  const url = candidates[failed];
  if (url) {
    return (
      <img
        class={`webim-avatar webim-avatar--${size}`}
        src={url}
        alt=""
        loading="lazy"
        decoding="async"
        referrerpolicy="no-referrer"
        onError={() => setFailed((n) => n + 1)}
      />
    );
  }
  return (
    <span class={`webim-avatar webim-avatar--${size} webim-avatar--initials`} style={{ '--webim-avatar-hue': String(hue(name)) }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
