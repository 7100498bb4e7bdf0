import { describe, expect, it } from 'vitest';
import { normalizeNotification, normalizeSettings, type ProtocolError } from '../../src/protocol';

describe('normalizeSettings', () => {
  it('keeps known keys with the right types from an object', () => {
    const errors: ProtocolError[] = [];
    expect(
      normalizeSettings(
        {
          play_sound: false,
          buddy_sticky: true,
          minimize_layout: false,
          msg_auto_pop: true,
          desktop_notify: true,
          locale: 'zh-TW',
        },
        errors,
        'setting',
      ),
    ).toEqual({
      play_sound: false,
      buddy_sticky: true,
      minimize_layout: false,
      msg_auto_pop: true,
      desktop_notify: true,
      locale: 'zh-TW',
    });
    expect(errors).toEqual([]);
  });

  it('reads JSON text and PHP-style booleans, ignores unknown keys', () => {
    expect(normalizeSettings('{"play_sound":"0","msg_auto_pop":1,"theme":"dark","__proto__":{"x":1}}', [], '')).toEqual(
      {
        play_sound: false,
        msg_auto_pop: true,
      },
    );
  });

  it('reports wrong types and drops only those keys', () => {
    const errors: ProtocolError[] = [];
    expect(
      normalizeSettings({ play_sound: 'loud', buddy_sticky: true, locale: '<script>' }, errors, 'setting'),
    ).toEqual({ buddy_sticky: true });
    expect(errors.map((e) => e.path)).toEqual(['setting.play_sound', 'setting.locale']);
  });

  it('rejects what is not settings', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeSettings('{not json', errors, 'setting')).toBeNull();
    expect(normalizeSettings('[true]', errors, 'setting')).toBeNull();
    expect(normalizeSettings(42, errors, 'setting')).toBeNull();
    expect(errors.map((e) => e.code)).toEqual(['bad_json', 'bad_reply', 'bad_reply']);
  });
});

describe('normalizeNotification', () => {
  it('reads text, link and time (seconds → ms)', () => {
    expect(normalizeNotification({ text: 'Bob replied', link: 'thread.php?id=3', time: 1700000000 }, [], '')).toEqual({
      text: 'Bob replied',
      link: 'thread.php?id=3',
      time: 1700000000000,
    });
    expect(normalizeNotification({ text: 'Plain' }, [], '')).toEqual({ text: 'Plain' });
  });

  it('drops a script link or bad time but keeps the text', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeNotification({ text: 'x', link: 'javascript:alert(1)', time: 'soon' }, errors, 'n[0]')).toEqual({
      text: 'x',
    });
    expect(errors.map((e) => e.path)).toEqual(['n[0].link', 'n[0].time']);
  });

  it('rejects notifications without text', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeNotification({ link: '/x' }, errors, 'n[0]')).toBeNull();
    expect(normalizeNotification({ text: { html: '<b>' } }, errors, 'n[1]')).toBeNull();
    expect(errors.map((e) => e.path)).toEqual(['n[0].text', 'n[1].text']);
  });
});
