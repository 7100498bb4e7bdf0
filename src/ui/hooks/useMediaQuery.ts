import { useEffect, useState } from 'preact/hooks';

function matches(query: string): boolean {
  return typeof matchMedia === 'function' ? matchMedia(query).matches : false;
}

/** Whether a media query matches now; re-renders when that changes. */
export function useMediaQuery(query: string): boolean {
  const [value, setValue] = useState(() => matches(query));
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const list = matchMedia(query);
    const onChange = () => setValue(list.matches);
    onChange();
    list.addEventListener?.('change', onChange);
    return () => list.removeEventListener?.('change', onChange);
  }, [query]);
  return value;
}

/** Phones and narrow windows: panes and windows go full-screen below this width (matches bar.css / panes.css). */
export const NARROW_QUERY = '(max-width: 599.98px)';

export function useNarrow(): boolean {
  return useMediaQuery(NARROW_QUERY);
}
