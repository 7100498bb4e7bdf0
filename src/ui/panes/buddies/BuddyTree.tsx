import type { RefObject, VNode } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useClient } from '../../context';
import { useElementSize } from '../../hooks/useElementSize';
import { BuddyRow, GroupRow } from './BuddyRow';
import type { RosterRow, RosterRows } from './rows';

/** Height of every roster row at font scale 1 (px); panes.css uses the same number. */
export const ROW_HEIGHT = 44;
/** Rows rendered beyond each edge of the viewport, so fast scrolling shows no gaps. */
export const OVERSCAN = 6;
/** Viewport height assumed before the list has been measured (px at scale 1). */
const DEFAULT_VIEWPORT = 360;

export interface BuddyTreeProps {
  id: string;
  label: string;
  rows: RosterRows;
  /** Enter/click on a buddy. */
  onOpen: (buddyId: string) => void;
  onToggleGroup: (groupKey: string, expanded: boolean) => void;
  /** A printable key typed in the tree: continue in the search field. */
  onTypeAhead: (char: string) => void;
  groupLabel: (row: Extract<RosterRow, { kind: 'group' }>) => string;
  /** Filled with a handle for the pane (move focus into the tree). */
  handle?: RefObject<BuddyTreeHandle | null>;
}

/** A handle the pane uses to move focus into the tree (ArrowDown from the search field). */
export interface BuddyTreeHandle {
  focusFirst(): void;
}

/**
 * The roster as an ARIA tree, virtualised: rows have one fixed height, a spacer gives the scrollbar its full
 * length, and only the rows in view (plus overscan, plus the focused row) exist in the DOM, so a 10,000-buddy
 * roster opens as fast as a 10-buddy one. Roving focus: Up/Down/Home/End/PageUp/PageDown move (scrolling the
 * window), Right/Left expand/collapse groups (or step into/out of them), Enter opens a chat or toggles a group.
 */
export function BuddyTree(props: BuddyTreeProps) {
  const { rows } = props;
  const client = useClient();
  // The root zooms by the font scale; scrollTop and sizes are in its (unzoomed) px.
  const rowHeight = ROW_HEIGHT;
  const scrollRef = useRef<HTMLDivElement>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const { height } = useElementSize(scrollRef);
  const viewport = height > 0 ? height : DEFAULT_VIEWPORT;
  const [scrollTop, setScrollTop] = useState(0);
  const [activeId, setActiveId] = useState<string | null>(null);
  const pendingFocus = useRef(false);
  const requested = useRef(new Set<string>());

  let activeIndex = activeId ? rows.indexOf(activeId) : -1;
  if (activeIndex < 0) activeIndex = 0;
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const end = Math.min(rows.length, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN);
  const pageSize = Math.max(1, Math.floor(viewport / rowHeight) - 1);

  const scrollToIndex = (index: number) => {
    const el = scrollRef.current;
    const top = index * rowHeight;
    let next = scrollTop;
    if (top < scrollTop) next = top;
    else if (top + rowHeight > scrollTop + viewport) next = top + rowHeight - viewport;
    if (next !== scrollTop) {
      if (el) el.scrollTop = next;
      setScrollTop(next);
    }
  };

  const moveTo = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    const row = rows.at(target);
    if (!row) return;
    setActiveId(row.id);
    scrollToIndex(target);
    pendingFocus.current = true;
  };

  if (props.handle) props.handle.current = { focusFirst: () => moveTo(rows.at(activeIndex) ? activeIndex : 0) };

  useLayoutEffect(() => {
    if (!pendingFocus.current) return;
    pendingFocus.current = false;
    treeRef.current?.querySelector<HTMLElement>(`[data-row-index="${activeIndex}"]`)?.focus();
  });

  // Details of `incomplete` buddies are fetched once they scroll into view (the client batches the requests).
  useEffect(() => {
    const ids: string[] = [];
    for (let i = start; i < end; i++) {
      const row = rows.at(i);
      if (row?.kind !== 'buddy' || requested.current.has(row.buddyId)) continue;
      if (client.store.buddies.peek().get(row.buddyId)?.peek().incomplete) {
        requested.current.add(row.buddyId);
        ids.push(row.buddyId);
      }
    }
    if (ids.length) client.completeBuddies(ids);
  }, [start, end, rows]);

  const rowAt = (el: EventTarget | null): number => {
    const item = (el as HTMLElement | null)?.closest?.('[data-row-index]');
    return item ? Number(item.getAttribute('data-row-index')) : -1;
  };

  const activate = (index: number) => {
    const row = rows.at(index);
    if (!row) return;
    setActiveId(row.id);
    if (row.kind === 'group') props.onToggleGroup(row.id.slice(2), !row.expanded);
    else props.onOpen(row.buddyId);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const index = rowAt(e.target);
    const row = rows.at(index);
    if (!row) return;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown': moveTo(index + 1); break;
      case 'ArrowUp': moveTo(index - 1); break;
      case 'Home': moveTo(0); break;
      case 'End': moveTo(rows.length - 1); break;
      case 'PageDown': moveTo(index + pageSize); break;
      case 'PageUp': moveTo(index - pageSize); break;
      case 'Enter':
      case ' ':
        activate(index);
        break;
      case 'ArrowRight':
        if (row.kind === 'group' && !row.expanded) props.onToggleGroup(row.id.slice(2), true);
        else if (row.kind === 'group') moveTo(index + 1);
        else handled = false;
        break;
      case 'ArrowLeft':
        if (row.kind === 'group' && row.expanded) props.onToggleGroup(row.id.slice(2), false);
        else if (row.kind === 'buddy' && row.level === 2) moveTo(rows.indexOf(`g:${row.group}`));
        else handled = false;
        break;
      default:
        handled = false;
        if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
          e.preventDefault();
          props.onTypeAhead(e.key);
        }
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const renderRow = (row: RosterRow, index: number) => {
    const tabbable = index === activeIndex;
    if (row.kind === 'group') {
      return (
        <GroupRow key={row.id} label={props.groupLabel(row)} online={row.group.online} total={row.group.total} expanded={row.expanded} index={index} pos={row.pos} size={row.size} tabbable={tabbable} />
      );
    }
    const buddy = client.store.buddies.value.get(row.buddyId);
    return buddy ? <BuddyRow key={row.id} buddy={buddy} index={index} level={row.level} pos={row.pos} size={row.size} tabbable={tabbable} /> : null;
  };

  const windowRows: VNode[] = [];
  for (let i = start; i < end; i++) {
    const row = rows.at(i);
    const node = row && renderRow(row, i);
    if (node) windowRows.push(node);
  }
  // The focused row stays mounted when it scrolls out of the window, so focus is never dropped.
  const active = activeIndex < start || activeIndex >= end ? rows.at(activeIndex) : undefined;
  const strayActive = active ? renderRow(active, activeIndex) : null;

  return (
    <div class="webim-roster" ref={scrollRef} onScroll={(e) => setScrollTop((e.currentTarget as HTMLElement).scrollTop)}>
      <div
        role="tree"
        id={props.id}
        aria-label={props.label}
        class="webim-roster__tree"
        ref={treeRef}
        style={{ height: `${rows.length * rowHeight}px` }}
        onKeyDown={onKeyDown}
        onClick={(e) => activate(rowAt(e.target))}
        onFocusIn={(e) => {
          const row = rows.at(rowAt(e.target));
          if (row && row.id !== activeId) setActiveId(row.id);
        }}
      >
        <div class="webim-roster__window" style={{ transform: `translateY(${start * rowHeight}px)` }}>
          {windowRows}
        </div>
        {strayActive && (
          <div class="webim-roster__stray" style={{ top: `${activeIndex * rowHeight}px` }}>
            {strayActive}
          </div>
        )}
      </div>
    </div>
  );
}
