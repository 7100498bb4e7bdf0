import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useSize } from '../../hooks/useSize';
import { useI18n } from '../../i18n';
import { useShell } from '../../shell-state';
import '../../strings/shell';
import { BuddyRow, GroupRow } from './BuddyRow';
import type { RosterRow, RosterRows } from './rows';

/** Height of every roster row (px); panes.css uses the same number. */
export const ROW_HEIGHT = 44;
/** Rows rendered beyond each edge of the viewport, so fast scrolling shows no gaps. */
const OVERSCAN = 6;

export interface BuddyTreeProps {
  rows: RosterRows;
  /** Enter/click on a buddy. */
  onOpen: (buddyId: string) => void;
  onToggleGroup: (groupKey: string, expanded: boolean) => void;
  /** A printable key typed in the tree: continue in the search field. */
  onTypeAhead: (char: string) => void;
}

const rowOf = (el: EventTarget | null) => +((el as Element).closest?.('[data-i]')?.getAttribute('data-i') ?? -1);

/**
 * The roster as an ARIA tree, virtualised: rows have one fixed height, the tree is as tall as all of them, and only
 * the rows in view (plus overscan, plus the focused row) exist in the DOM, so a 10,000-buddy roster opens as fast
 * as a 10-buddy one. Roving focus: Up/Down/Home/End/PageUp/PageDown move (scrolling the window), Right/Left
 * expand/collapse groups or step into/out of them, Enter/Space open a chat or toggle a group.
 */
export function BuddyTree({ rows, onOpen, onToggleGroup, onTypeAhead }: BuddyTreeProps) {
  const { client } = useShell();
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  // Until measured (and without layout), a viewport of 360 px.
  const viewport = useSize(scroller)[1] || 360;
  const [top, setTop] = useState(0);
  const [activeId, setActiveId] = useState('');
  const pendingFocus = useRef(false);
  const requested = useRef(new Set<string>());
  const count = rows.length;
  const active = activeId ? Math.max(0, rows.indexOf(activeId)) : 0;
  const start = Math.max(0, ((top / ROW_HEIGHT) | 0) - OVERSCAN);
  const end = Math.min(count, Math.ceil((top + viewport) / ROW_HEIGHT) + OVERSCAN);

  const moveTo = (index: number) => {
    index = Math.max(0, Math.min(count - 1, index));
    setActiveId(rows.at(index)!.id);
    const y = index * ROW_HEIGHT;
    const next = y < top ? y : y + ROW_HEIGHT > top + viewport ? y + ROW_HEIGHT - viewport : top;
    if (next !== top) setTop((scroller.current!.scrollTop = next));
    pendingFocus.current = true;
  };

  useLayoutEffect(() => {
    if (pendingFocus.current) scroller.current!.querySelector<HTMLElement>(`[data-i="${active}"]`)?.focus();
    pendingFocus.current = false;
  });

  // Details of `incomplete` buddies are fetched once they scroll into view (the client batches the requests).
  useEffect(() => {
    const ids: string[] = [];
    for (let i = start; i < end; i++) {
      const row = rows.at(i)!;
      if (
        row.kind === 'buddy' &&
        !requested.current.has(row.buddyId) &&
        client.store.buddies.peek().get(row.buddyId)?.peek().incomplete
      ) {
        ids.push(row.buddyId);
        requested.current.add(row.buddyId);
      }
    }
    if (ids.length) client.completeBuddies(ids);
  }, [start, end, rows]);

  const activate = (index: number) => {
    const row = rows.at(index);
    if (!row) return;
    setActiveId(row.id);
    if (row.kind === 'group') onToggleGroup(row.id.slice(2), !row.expanded);
    else onOpen(row.buddyId);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const index = rowOf(e.target);
    const row = rows.at(index);
    if (!row) return;
    const k = e.key;
    const page = Math.max(1, ((viewport / ROW_HEIGHT) | 0) - 1);
    const to = (
      {
        ArrowDown: index + 1,
        ArrowUp: index - 1,
        Home: 0,
        End: count - 1,
        PageDown: index + page,
        PageUp: index - page,
      } as Record<string, number>
    )[k];
    const group = row.kind === 'group';
    if (to != null) moveTo(to);
    else if (k === 'Enter' || k === ' ') activate(index);
    else if (k === 'ArrowRight' && group) row.expanded ? moveTo(index + 1) : onToggleGroup(row.id.slice(2), true);
    else if (k === 'ArrowLeft' && group && row.expanded) onToggleGroup(row.id.slice(2), false);
    else if (k === 'ArrowLeft' && !group && row.level === 2) moveTo(rows.indexOf('g:' + row.group));
    else {
      if (k.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        onTypeAhead(k);
      }
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const render = (row: RosterRow, index: number) => {
    const at = { index, pos: row.pos, size: row.size, tabbable: index === active };
    if (row.kind === 'group') {
      const { group } = row;
      const label = group.visitors ? t('buddies.group.visitors') : group.name || t('buddies.group.default');
      return (
        <GroupRow
          key={row.id}
          {...at}
          level={1}
          label={label}
          online={group.online}
          total={group.total}
          expanded={row.expanded}
        />
      );
    }
    const buddy = client.store.buddies.peek().get(row.buddyId);
    return buddy && <BuddyRow key={row.id} {...at} level={row.level} buddy={buddy} />;
  };

  const shown = [];
  for (let i = start; i < end; i++) shown.push(render(rows.at(i)!, i));

  return (
    <div class="webim-roster" ref={scroller} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
      <div
        role="tree"
        id="webim-buddy-tree"
        aria-label={t('buddies.list')}
        style={{ height: count * ROW_HEIGHT + 'px' }}
        onKeyDown={onKeyDown}
        onClick={(e) => activate(rowOf(e.target))}
        onFocusIn={(e) => {
          const row = rows.at(rowOf(e.target));
          if (row) setActiveId(row.id);
        }}
      >
        <div style={{ transform: `translateY(${start * ROW_HEIGHT}px)` }}>{shown}</div>
        {/* The focused row stays mounted when it scrolls out of the window, so focus is never dropped. */}
        {(active < start || active >= end) && (
          <div style={{ top: active * ROW_HEIGHT + 'px' }}>{render(rows.at(active)!, active)}</div>
        )}
      </div>
    </div>
  );
}
