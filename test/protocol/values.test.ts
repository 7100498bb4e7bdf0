import { describe, expect, it } from 'vitest';
import { normalizeMessageType, normalizeShow, toWireMessageType } from '../../src/protocol';
import { countOf, flagOf, idOf, textOf, timestampOf, urlOf } from '../../src/protocol/read';

describe('normalizeShow', () => {
  it.each([
    ['available', 'available'],
    ['away', 'away'],
    ['chat', 'chat'],
    ['dnd', 'dnd'],
    ['busy', 'dnd'],
    ['buzy', 'dnd'],
    ['invisible', 'invisible'],
    ['hidden', 'invisible'],
    ['unavailable', 'unavailable'],
    ['offline', 'unavailable'],
    [' Away ', 'away'],
    ['DND', 'dnd'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeShow(input)).toBe(expected);
  });

  it.each([['sleeping'], [''], [undefined], [null], [3], [{}], ['constructor'], ['__proto__'], ['toString']])(
    'unknown %j → available',
    (input) => {
      expect(normalizeShow(input)).toBe('available');
    },
  );
});

describe('normalizeMessageType', () => {
  it('maps both generations', () => {
    expect(normalizeMessageType('unicast')).toBe('chat');
    expect(normalizeMessageType('chat')).toBe('chat');
    expect(normalizeMessageType('multicast')).toBe('grpchat');
    expect(normalizeMessageType('grpchat')).toBe('grpchat');
    expect(normalizeMessageType('broadcast')).toBe('broadcast');
    expect(normalizeMessageType('Unicast')).toBe('chat');
  });
  it('rejects anything else', () => {
    expect(normalizeMessageType('whisper')).toBeNull();
    expect(normalizeMessageType(1)).toBeNull();
    expect(normalizeMessageType(undefined)).toBeNull();
  });
});

describe('toWireMessageType', () => {
  it('speaks v3 or v5', () => {
    expect(toWireMessageType('chat', 3)).toBe('unicast');
    expect(toWireMessageType('grpchat', 3)).toBe('multicast');
    expect(toWireMessageType('broadcast', 3)).toBe('broadcast');
    expect(toWireMessageType('chat', 5)).toBe('chat');
    expect(toWireMessageType('grpchat', 5)).toBe('grpchat');
    expect(toWireMessageType('broadcast', 5)).toBe('broadcast');
  });
});

describe('readers', () => {
  it('idOf takes non-empty strings and finite numbers', () => {
    expect(idOf('bob')).toBe('bob');
    expect(idOf(' bob ')).toBe('bob');
    expect(idOf(42)).toBe('42');
    expect(idOf('')).toBeNull();
    expect(idOf(Number.NaN)).toBeNull();
    expect(idOf(Number.POSITIVE_INFINITY)).toBeNull();
    expect(idOf({ toString: () => 'bob' })).toBeNull();
    expect(idOf(['bob'])).toBeNull();
    expect(idOf('x'.repeat(257))).toBeNull();
  });

  it('textOf cuts without splitting a surrogate pair', () => {
    expect(textOf('a😀b', 2)).toBe('a');
    expect(textOf('a😀b', 3)).toBe('a😀');
    expect(textOf(12.5, 10)).toBe('12.5');
    expect(textOf(true, 10)).toBeUndefined();
  });

  it('timestampOf: ms, seconds, numeric strings; rejects junk', () => {
    expect(timestampOf(1246883572400)).toBe(1246883572400);
    expect(timestampOf(1246883572)).toBe(1246883572000);
    expect(timestampOf('1246883572')).toBe(1246883572000);
    expect(timestampOf('1246883572400.6')).toBe(1246883572401);
    expect(timestampOf(1246883572.4)).toBe(1246883572400);
    expect(timestampOf(0)).toBeNull();
    expect(timestampOf(-5)).toBeNull();
    expect(timestampOf(Number.NaN)).toBeNull();
    expect(timestampOf(Number.POSITIVE_INFINITY)).toBeNull();
    expect(timestampOf('Infinity')).toBeNull();
    expect(timestampOf('12abc')).toBeNull();
    expect(timestampOf('')).toBeNull();
    expect(timestampOf(1e300)).toBeNull();
    expect(timestampOf(new Date(5))).toBeNull();
  });

  it('countOf and flagOf read PHP-style values', () => {
    expect(countOf('12')).toBe(12);
    expect(countOf(3)).toBe(3);
    expect(countOf(-1)).toBeNull();
    expect(countOf('many')).toBeNull();
    expect(flagOf('true')).toBe(true);
    expect(flagOf('1')).toBe(true);
    expect(flagOf(1)).toBe(true);
    expect(flagOf('0')).toBe(false);
    expect(flagOf(false)).toBe(false);
    expect(flagOf('yes')).toBeNull();
  });

  it('urlOf keeps http(s) and relative URLs and drops script schemes', () => {
    expect(urlOf('https://a.example/x')).toBe('https://a.example/x');
    expect(urlOf('space.php?uid=2')).toBe('space.php?uid=2');
    expect(urlOf('//cdn.example/a.png')).toBe('//cdn.example/a.png');
    expect(urlOf('javascript:alert(1)')).toBeUndefined();
    expect(urlOf(' JaVa\tScRiPt:alert(1)')).toBeUndefined();
    expect(urlOf('\u0001javascript:alert(1)')).toBeUndefined();
    expect(urlOf('vbscript:msgbox')).toBeUndefined();
    expect(urlOf('data:text/html,<script>')).toBeUndefined();
    expect(urlOf('data:image/png;base64,AAAA')).toBeUndefined();
    expect(urlOf('data:image/png;base64,AAAA', { image: true })).toBe('data:image/png;base64,AAAA');
    expect(urlOf('data:image/svg+xml,<svg onload=x>', { image: true })).toBeUndefined();
    expect(urlOf(42)).toBeUndefined();
  });
});
