import { describe, expect, it } from 'vitest';
import type { Notice } from '../../../src/store/types';
import { buildTimeline, GROUP_GAP_MS } from '../../../src/ui/chat/timeline';
import { expandShortcodes } from '../../../src/ui/chat/emoji';
import { formatDay } from '../../../src/ui/chat/format';
import { createTranslator } from '../../../src/ui/i18n';
import '../../../src/ui/strings/chat';
import { message } from '../../support/fake-client';

const at = (y: number, mo: number, d: number, h = 12, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();

describe('buildTimeline', () => {
  it('groups consecutive messages by sender', () => {
    const t0 = at(2024, 5, 1, 10);
    const items = buildTimeline(
      [
        message('alice', 'me', 'a1', { timestamp: t0 }),
        message('alice', 'me', 'a2', { timestamp: t0 + 1000 }),
        message('me', 'alice', 'm1', { timestamp: t0 + 2000 }),
        message('alice', 'me', 'a3', { timestamp: t0 + 3000 }),
      ],
      [],
    );
    expect(items.map((i) => (i.kind === 'message' ? `${i.message.body}:${i.header}` : i.kind))).toEqual([
      'day',
      'a1:true',
      'a2:false',
      'm1:true',
      'a3:true',
    ]);
  });

  it('starts a new group after a gap of five minutes or more', () => {
    const t0 = at(2024, 5, 1, 10);
    const items = buildTimeline(
      [
        message('alice', 'me', 'a1', { timestamp: t0 }),
        message('alice', 'me', 'a2', { timestamp: t0 + GROUP_GAP_MS - 1 }),
        message('alice', 'me', 'a3', { timestamp: t0 + 2 * GROUP_GAP_MS - 1 }),
      ],
      [],
    );
    expect(items.filter((i) => i.kind === 'message').map((i) => i.kind === 'message' && i.header)).toEqual([true, false, true]);
  });

  it('puts a day separator before each new local day and restarts groups there', () => {
    const items = buildTimeline(
      [
        message('alice', 'me', 'late', { timestamp: at(2024, 5, 1, 23, 58) }),
        message('alice', 'me', 'early', { timestamp: at(2024, 5, 2, 0, 1) }),
      ],
      [],
    );
    expect(items.map((i) => i.kind)).toEqual(['day', 'message', 'day', 'message']);
    expect(items[3]).toMatchObject({ kind: 'message', header: true });
  });

  it('merges notices by time and lets them interrupt a group', () => {
    const t0 = at(2024, 5, 1, 10);
    const notices: Notice[] = [{ id: 'n1', kind: 'join', who: 'bob', nick: 'Bob', timestamp: t0 + 500 }];
    const items = buildTimeline(
      [message('alice', 'lobby', 'a1', { timestamp: t0, type: 'grpchat' }), message('alice', 'lobby', 'a2', { timestamp: t0 + 1000, type: 'grpchat' })],
      notices,
    );
    expect(items.map((i) => (i.kind === 'message' ? `${i.message.body}:${i.header}` : i.kind))).toEqual(['day', 'a1:true', 'notice', 'a2:true']);
  });
});

describe('formatDay', () => {
  const now = at(2024, 5, 10, 15);
  it('says Today, Yesterday, or the date in the locale', () => {
    const en = createTranslator('en');
    expect(formatDay(at(2024, 5, 10, 1), now, 'en', en)).toBe('Today');
    expect(formatDay(at(2024, 5, 9, 23), now, 'en', en)).toBe('Yesterday');
    expect(formatDay(at(2024, 5, 9, 23), now, 'zh-CN', createTranslator('zh-CN'))).toBe('昨天');
    expect(formatDay(at(2024, 5, 1), now, 'en', en)).toBe(new Intl.DateTimeFormat('en', { weekday: 'short', month: 'long', day: 'numeric' }).format(at(2024, 5, 1)));
    expect(formatDay(at(2023, 5, 1), now, 'en', en)).toContain('2023');
  });
});

describe('expandShortcodes', () => {
  it('turns shortcodes of the picker set into emoji and leaves others', () => {
    expect(expandShortcodes('hi :smile: :+1: :nope: 10:30:00')).toBe('hi 😄 👍 :nope: 10:30:00');
  });
});
