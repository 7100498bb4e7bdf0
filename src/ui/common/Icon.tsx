/** Inline SVG icons (24×24 strokes); decorative — the control around them carries the accessible name. */
export type IconName =
  | 'chat' | 'buddies' | 'rooms' | 'bell' | 'settings' | 'minimize' | 'restore' | 'close' | 'send' | 'smile'
  | 'prev' | 'next' | 'search' | 'retry' | 'lock' | 'unlock' | 'leave' | 'members' | 'trash' | 'menu' | 'back';

const paths: Record<IconName, string[]> = {
  chat: ['M4 5h16v11H8l-4 4z'],
  buddies: ['M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M2 21v-1a7 7 0 0 1 14 0v1', 'M17 11a3 3 0 1 0 0-6', 'M22 21v-1a5 5 0 0 0-4-4.9'],
  rooms: ['M3 7h18v12H3z', 'M8 7V4h8v3'],
  bell: ['M6 16V11a6 6 0 1 1 12 0v5l2 2H4z', 'M10 21h4'],
  settings: ['M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M19 12l2-1-2-4-2 1-2-2 1-2-4-1-1 2h-2L8 3 4 5l1 2-2 2-2-1-1 4 2 1v2l-2 1 2 4 2-1 2 2-1 2 4 1 1-2h2l1 2 4-2-1-2 2-2 2 1z'],
  minimize: ['M5 12h14'],
  restore: ['M5 5h14v14H5z'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  send: ['M3 12l18-8-7 18-3-7z'],
  smile: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M8 14s1.5 2 4 2 4-2 4-2', 'M9 9h.01', 'M15 9h.01'],
  prev: ['M15 6l-6 6 6 6'],
  next: ['M9 6l6 6-6 6'],
  search: ['M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z', 'M21 21l-5-5'],
  retry: ['M4 12a8 8 0 1 0 3-6.3', 'M4 4v5h5'],
  lock: ['M6 11h12v10H6z', 'M8 11V7a4 4 0 0 1 8 0v4'],
  unlock: ['M6 11h12v10H6z', 'M8 11V7a4 4 0 0 1 7.5-2'],
  leave: ['M10 17l-5-5 5-5', 'M5 12h12', 'M15 4h5v16h-5'],
  members: ['M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M2 21v-1a7 7 0 0 1 14 0v1'],
  trash: ['M4 7h16', 'M9 7V4h6v3', 'M6 7l1 13h10l1-13'],
  menu: ['M4 6h16', 'M4 12h16', 'M4 18h16'],
  back: ['M19 12H5', 'M11 6l-6 6 6 6'],
};

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg class="webim-icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor"
      stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
      {paths[name].map((d) => <path key={d} d={d} />)}
    </svg>
  );
}
