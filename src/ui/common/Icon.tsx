/** Inline SVG icons (24×24 strokes, styled by base.css); decorative: the control around them carries the name. */
const paths = {
  chat: 'M4 5h16v11H8l-4 4z',
  members: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a7 7 0 0 1 14 0v1',
  buddies: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a7 7 0 0 1 14 0v1M17 11a3 3 0 1 0 0-6M22 21v-1a5 5 0 0 0-4-4.9',
  rooms: 'M3 7h18v12H3zM8 7V4h8v3',
  notifications: 'M6 16v-5a6 6 0 1 1 12 0v5l2 2H4zM10 21h4',
  settings: 'M4 7h16M4 17h16M9 4v6M15 14v6',
  minimize: 'M5 12h14',
  close: 'M6 6l12 12M18 6 6 18',
  send: 'M3 12l18-8-7 18-3-7z',
  smile: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8 14s1.5 2 4 2 4-2 4-2M9 9h.01M15 9h.01',
  prev: 'M15 6l-6 6 6 6',
  next: 'M9 6l6 6-6 6',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5',
  lock: 'M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4',
  menu: 'M4 6h16M4 12h16M4 18h16',
  back: 'M19 12H5M11 6l-6 6 6 6',
  maximize: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
};

export type IconName = keyof typeof paths;

export const Icon = ({ name, size = 18 }: { name: IconName; size?: number }) => (
  <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
    <path d={paths[name]} />
  </svg>
);
