import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConversationKey, Message } from '../../protocol/types';
import { after } from '../../store/message-index';
import type { Notice } from '../../store/types';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import '../strings/chat';
import { appendRows, buildRows, rowsByKey, startOfRows, type LogRow, type RowsEnd } from './message-rows';
import { LogRowView } from './MessageRow';
import { RowLayout } from './row-heights';

export { GROUP_GAP_MS } from './message-rows';

/** Within this distance of an edge counts as being at it (momentum scrolling rarely lands on 0 exactly). */
const EDGE_PX = 40;
/** A viewport not laid out yet (a hidden window) renders as if it were this tall. */
const FALLBACK_VIEWPORT_PX = 800;
const NONE: never[] = [];

/** What the log remembers between renders and scroll events (no render depends on it directly). */
interface ViewMemo {
  /** Measured row heights by row key; rows never rendered have an estimate (`row-heights.ts`). */
  heights: Map<string, number>;
  rows: readonly LogRow[];
  /** What `rows` were built from, and where the build stopped (a newer message goes on from there). */
  built: { messages: readonly Message[]; notices: readonly Notice[]; end: RowsEnd };
  byKey: Map<string, LogRow>;
  /** Row key → index in `rows`. */
  indexOf: Map<string, number>;
  /** Positions of the rows (rebuilt when the rows change; measured heights update it in place). */
  layout: RowLayout;
  /** Where the first row starts inside the log (below the "load older" line). */
  rowsTop: number;
  clientHeight: number;
  /** The reader is at the newest messages: new ones keep the log scrolled to the end. */
  bottom: boolean;
  /** The row at the top of the viewport and how far (px) the viewport's top is below its top: what stays put. */
  anchor?: { key: string; delta: number };
  /** The rows rendered by the last render, `[start, end)`. */
  range: [number, number];
  /** Newest message at the last layout (a new own one at the end scrolls down). */
  last?: Message;
  /** The rows the scroll position was last settled for. */
  settled?: readonly LogRow[];
  /** This render's `settle` (the resize observer, created once, calls the current one). */
  settle?: () => void;
  /** Timestamp of the newest message the reader has seen at the bottom: newer ones are "new" for the jump. */
  seenAt: number;
  /** A history page is being fetched. */
  busy?: boolean;
  laidOut?: boolean;
  /** The animation frame a deferred `settle` waits for (0: none). */
  frame: number;
  /** `scrollTop` as the last `settle` left it. */
  settledTop: number;
}

/**
 * The conversation as a `log`: messages and room notices by time, with day separators and sender groups, rendered
 * as a virtual list (only the rows in and near the viewport exist; row heights are measured once and cached by row
 * key, estimated until then). Loads history on open and older pages at the top, keeping the row being read in
 * place; sticks to the bottom for new messages when the reader is there (otherwise offers a jump with the number
 * of new ones); marks the conversation read while it is visible and scrolled to the end; lets the store drop older
 * pages again (`releaseHistory`) once the reader is back at the newest messages.
 */
export function MessageList({ convKey }: { convKey: ConversationKey }) {
  const client = useClient();
  const { store } = client;
  const { t } = useI18n();
  const conv = store.conversations.value.get(convKey)?.value;
  const messages = conv?.messages ?? NONE;
  const notices = conv?.notices ?? NONE;
  // Read for the subscription: a new unread count re-renders, and the effect below marks it read if seen.
  store.unread.value;
  const log = useRef<HTMLDivElement>(null);
  const header = useRef<HTMLDivElement>(null);
  const rowsBox = useRef<HTMLDivElement>(null);
  const [memo] = useState<ViewMemo>(() => ({
    heights: new Map(),
    rows: [],
    built: { messages: NONE, notices: NONE, end: startOfRows() },
    byKey: new Map(),
    indexOf: new Map(),
    layout: new RowLayout([], new Map()),
    rowsTop: 0,
    clientHeight: 0,
    bottom: true,
    range: [0, 0],
    seenAt: messages.at(-1)?.timestamp ?? -Infinity,
    frame: 0,
    settledTop: 0,
  }));
  const [page, setPage] = useState<'' | 'loading' | 'failed' | 'end'>('');
  const [atBottom, setAtBottom] = useState(true);
  // Bumped when measured heights or the scroll position call for another window of rows.
  const [, setLayoutVersion] = useState(0);
  const relayout = () => setLayoutVersion((v) => v + 1);

  const loading = conv?.loading || page === 'loading';
  const loadedOnce = conv?.loaded || page === 'end';
  const more = (conv?.hasMore ?? true) && page !== 'end';

  const rows = useMemo(() => {
    const { built } = memo;
    // A message came in after the others (the usual change): only its rows are made, and appended.
    const grown =
      built.notices === notices ? appendRows(memo.rows, built.end, built.messages, messages, notices) : null;
    let next: LogRow[];
    if (grown) {
      next = grown.rows;
      for (let i = memo.rows.length; i < next.length; i++) {
        const row = next[i]!;
        memo.byKey.set(row.key, row);
        memo.indexOf.set(row.key, i);
        memo.layout.append(row, memo.heights);
      }
      memo.built = { messages, notices, end: grown.end };
    } else {
      const end = startOfRows();
      next = buildRows(messages, notices, memo.byKey, end);
      memo.byKey = rowsByKey(next);
      memo.indexOf = new Map(next.map((r, i) => [r.key, i]));
      memo.layout = new RowLayout(next, memo.heights);
      memo.built = { messages, notices, end };
    }
    return next;
  }, [messages, notices]);
  memo.rows = rows;
  const layout = memo.layout;

  /** The window for the current scroll position, or — rows having changed — for the anchor's new place. */
  const wanted = (): [number, number] => {
    const viewport = memo.clientHeight || FALLBACK_VIEWPORT_PX;
    const i = memo.anchor && memo.indexOf.get(memo.anchor.key);
    const top =
      memo.bottom || i === undefined || !memo.anchor
        ? memo.layout.total - viewport
        : memo.layout.top(i) + memo.anchor.delta;
    return memo.layout.window(top, top + viewport);
  };
  const [start, end] = (memo.range = wanted());

  const load = () => {
    if (memo.busy) return;
    memo.busy = true;
    setPage('loading');
    const done = (next: typeof page) => {
      memo.busy = false;
      setPage(next);
    };
    client.loadHistory(convKey).then(
      (more) => done(more ? '' : 'end'),
      () => done('failed'),
    );
  };

  /** Reads where the reader is: at the bottom or not, and the row at the top of the viewport (the anchor). */
  const remember = () => {
    const el = log.current!;
    memo.clientHeight = el.clientHeight;
    memo.bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= EDGE_PX;
    const viewTop = el.scrollTop - memo.rowsTop;
    let i = memo.layout.rowAt(viewTop);
    // A day separator repeats when older rows come in above it; the row under it is what the reader reads.
    if (memo.rows[i]?.kind === 'day' && i + 1 < memo.rows.length) i++;
    const row = memo.rows[i];
    memo.anchor = row && { key: row.key, delta: viewTop - memo.layout.top(i) };
    if (memo.bottom) {
      memo.seenAt = Math.max(memo.seenAt, messages.at(-1)?.timestamp ?? -Infinity);
      // Back at the newest messages: older pages loaded beyond the cap may go again.
      if (store.conversations.peek().get(convKey)?.peek().expanded) client.releaseHistory(convKey);
    }
    if (memo.bottom !== atBottom) setAtBottom(memo.bottom);
  };

  // Stable across renders (reads only stable things), so the visibility listener can keep the first one.
  const markIfSeen = () => {
    if (memo.bottom && document.visibilityState !== 'hidden' && store.unread.peek().get(convKey))
      client.markRead(convKey);
  };
  useEffect(markIfSeen);
  useEffect(() => {
    if (!conv?.loaded && !conv?.loading) load();
    document.addEventListener('visibilitychange', markIfSeen);
    return () => {
      document.removeEventListener('visibilitychange', markIfSeen);
      // Closed: older pages the reader loaded may go again.
      if (store.conversations.peek().get(convKey)?.peek().expanded) client.releaseHistory(convKey);
    };
  }, []);

  /** Measures the rendered rows; true when a height differed from what the offsets assumed. */
  const measure = (): boolean => {
    let changed = false;
    for (const child of rowsBox.current?.children ?? []) {
      const key = (child as HTMLElement).dataset.rowKey;
      const height = (child as HTMLElement).getBoundingClientRect().height;
      // Zero: not laid out (a hidden window, or a DOM without layout); keep the estimate.
      if (key && height > 0 && memo.heights.get(key) !== height) {
        memo.heights.set(key, height);
        const i = memo.indexOf.get(key);
        if (i !== undefined && memo.layout.set(i, height)) changed = true;
      }
    }
    return changed;
  };

  /** After rows changed or were measured: keep the bottom, or the anchor row where the reader saw it. */
  const settle = () => {
    const el = log.current!;
    const changed = measure();
    memo.rowsTop = header.current!.offsetHeight;
    const last = messages.at(-1);
    // A message of ours that became the newest (sent here or in another tab of ours) brings the reader down to it.
    const ownNew =
      last &&
      last.id !== memo.last?.id &&
      last.from === store.user.peek()?.id &&
      last.timestamp > (memo.last?.timestamp ?? -Infinity);
    // Only a change of content moves the scroll position: a scroll in progress (keyboard, smooth) is left alone.
    const moved = changed || memo.settled !== memo.rows;
    memo.settled = memo.rows;
    if (!memo.laidOut || (moved && (memo.bottom || ownNew))) {
      el.scrollTop = el.scrollHeight;
    } else if (moved && memo.anchor) {
      const i = memo.indexOf.get(memo.anchor.key);
      const target = i === undefined ? el.scrollTop : memo.rowsTop + memo.layout.top(i) + memo.anchor.delta;
      if (Math.abs(el.scrollTop - target) >= 1) el.scrollTop = target;
    }
    memo.laidOut = true;
    memo.last = last;
    remember();
    memo.settledTop = el.scrollTop;
    const [s, e] = wanted();
    if (changed || s !== memo.range[0] || e !== memo.range[1]) relayout();
  };
  memo.settle = settle;
  useLayoutEffect(() => {
    // New rows while the reader is at the newest messages only add below what is on screen: settling (measuring,
    // which forces a layout, and scrolling down) waits for the coming frame, where a layout is due anyway. A new
    // message then reaches the DOM without a forced layout, and a burst of them in one frame settles once. The
    // first layout, a reader anchored above the newest, and renders that change no rows settle now: nothing on
    // screen may move for a frame.
    if (memo.laidOut && memo.bottom && memo.settled !== memo.rows && typeof requestAnimationFrame === 'function') {
      memo.frame ||= requestAnimationFrame(() => {
        memo.frame = 0;
        memo.settle!();
      });
      return;
    }
    if (memo.frame) cancelAnimationFrame(memo.frame);
    memo.frame = 0;
    settle();
  });
  useEffect(() => () => void (memo.frame && cancelAnimationFrame(memo.frame)), []);

  // Rows change height after they were measured (fonts, images, a window resize): measure and re-anchor.
  useEffect(() => {
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => memo.settle!());
    if (log.current) observer.observe(log.current);
    if (rowsBox.current) observer.observe(rowsBox.current);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const el = log.current!;
    // The scroll event of our own last move to the bottom, dispatched after newer rows came in below (their settling
    // waits for this frame): the reader did not move, and stays at the bottom.
    if (memo.frame && memo.bottom && el.scrollTop >= memo.settledTop - 1) return;
    remember();
    markIfSeen();
    if (el.scrollTop <= EDGE_PX && more && !loading && loadedOnce) load();
    const [s, e] = wanted();
    if (s !== memo.range[0] || e !== memo.range[1]) relayout();
  };

  const jump = () => {
    const el = log.current!;
    el.scrollTop = el.scrollHeight;
    memo.bottom = true;
    remember();
    el.focus();
    relayout();
  };

  // Messages newer than the newest the reader saw at the bottom (the list is sorted: a binary search).
  const fresh = atBottom ? 0 : messages.length - after(messages, memo.seenAt);

  return (
    <>
      <div
        ref={log}
        class="webim-log"
        role="log"
        aria-live="polite"
        aria-label={t('chat.log')}
        aria-busy={loading}
        tabIndex={0}
        onScroll={onScroll}
      >
        {/* Same height whatever it shows, so swapping them never shifts the messages. */}
        <div ref={header}>
          {loading ? (
            <p role="status">{t('chat.loading')}</p>
          ) : page === 'failed' || conv?.error ? (
            <p role="alert">
              {t('chat.historyError')}{' '}
              <button class="webim-button webim-button--link" onClick={load}>
                {t('chat.retry')}
              </button>
            </p>
          ) : more || !loadedOnce ? (
            <button class="webim-button webim-button--link" onClick={load}>
              {t('chat.loadOlder')}
            </button>
          ) : (
            <p>{t('chat.beginning')}</p>
          )}
        </div>
        <div class="webim-log-spacer" style={{ height: `${layout.top(start)}px` }} />
        <div ref={rowsBox} class="webim-message-rows">
          {rows.slice(start, end).map((row) => (
            <LogRowView key={row.key} row={row} convKey={convKey} />
          ))}
        </div>
        <div class="webim-log-spacer" style={{ height: `${layout.total - layout.top(end)}px` }} />
      </div>
      {fresh > 0 && (
        <button class="webim-jump-to-newest" onClick={jump}>
          {fresh === 1 ? t('chat.newMessage') : t('chat.newMessages', { count: fresh })}
        </button>
      )}
    </>
  );
}
