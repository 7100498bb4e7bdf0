import { describe, expect, it } from 'vitest';
import { OFF_SITE_URLS } from '../support/off-site-urls';
import { normalizeMessageType, normalizeShow, toWireMessageType } from '../../src/protocol';
import {
  countOf,
  flagOf,
  idOf,
  imageOf,
  keyword,
  linkOf,
  nameOf,
  numberOf,
  pollUrlOf,
  socketUrlOf,
  textOf,
  timestampOf,
} from '../../src/protocol/read';

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
    expect(idOf('')).toBeUndefined();
    expect(idOf(Number.NaN)).toBeUndefined();
    expect(idOf(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(idOf({ toString: () => 'bob' })).toBeUndefined();
    expect(idOf(['bob'])).toBeUndefined();
    expect(idOf('x'.repeat(257))).toBeUndefined();
  });

  it('textOf cuts without splitting a surrogate pair', () => {
    expect(textOf(2)('a😀b')).toBe('a');
    expect(textOf(3)('a😀b')).toBe('a😀');
    expect(textOf(10)(12.5)).toBe('12.5');
    expect(textOf(10)(true)).toBeUndefined();
  });

  it('timestampOf: ms, seconds, numeric strings; rejects junk', () => {
    expect(timestampOf(1246883572400)).toBe(1246883572400);
    expect(timestampOf(1246883572)).toBe(1246883572000);
    expect(timestampOf('1246883572')).toBe(1246883572000);
    expect(timestampOf('1246883572400.6')).toBe(1246883572401);
    expect(timestampOf(1246883572.4)).toBe(1246883572400);
    expect(timestampOf(0)).toBeUndefined();
    expect(timestampOf(-5)).toBeUndefined();
    expect(timestampOf(Number.NaN)).toBeUndefined();
    expect(timestampOf(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(timestampOf('Infinity')).toBeUndefined();
    expect(timestampOf('12abc')).toBeUndefined();
    expect(timestampOf('')).toBeUndefined();
    expect(timestampOf(1e300)).toBeUndefined();
    expect(timestampOf(new Date(5))).toBeUndefined();
  });

  it('countOf and flagOf read PHP-style values', () => {
    expect(countOf('12')).toBe(12);
    expect(countOf(3)).toBe(3);
    expect(countOf(-1)).toBeUndefined();
    expect(countOf('many')).toBeUndefined();
    expect(flagOf('true')).toBe(true);
    expect(flagOf('1')).toBe(true);
    expect(flagOf(1)).toBe(true);
    expect(flagOf('0')).toBe(false);
    expect(flagOf(false)).toBe(false);
    expect(flagOf('yes')).toBeUndefined();
  });

  it('linkOf keeps http(s) and relative URLs and drops script schemes', () => {
    expect(linkOf('https://a.example/x')).toBe('https://a.example/x');
    expect(linkOf('space.php?uid=2')).toBe('space.php?uid=2');
    expect(linkOf('javascript:alert(1)')).toBeUndefined();
    expect(linkOf(' JaVa\tScRiPt:alert(1)')).toBeUndefined();
    expect(linkOf('\u0001javascript:alert(1)')).toBeUndefined();
    expect(linkOf('vbscript:msgbox')).toBeUndefined();
    expect(linkOf('data:text/html,<script>')).toBeUndefined();
    expect(linkOf('data:image/png;base64,AAAA')).toBeUndefined();
    expect(imageOf('data:image/png;base64,AAAA')).toBe('data:image/png;base64,AAAA');
    expect(imageOf('data:image/svg+xml,<svg onload=x>')).toBeUndefined();
    expect(linkOf(42)).toBeUndefined();
  });

  it('linkOf and imageOf refuse every form a browser reads as another host', () => {
    const base = 'https://forum.example/thread/1';
    for (const url of OFF_SITE_URLS) {
      expect(linkOf(url), JSON.stringify(url)).toBeUndefined();
      expect(imageOf(url), JSON.stringify(url)).toBeUndefined();
      // Each one leaves the page's host when the browser reads it on an http or an https page (or is no URL).
      const hosts = [base, base.replace('https:', 'http:')].map((page) => {
        try {
          return new URL(url, page).host;
        } catch {
          return 'none';
        }
      });
      expect(hosts, JSON.stringify(url)).not.toEqual(['forum.example', 'forum.example']);
    }
    // Relative URLs that stay on the site, and backslashes after the query, are still links.
    for (const url of ['page.php?id=2', '/a/b', './a', '../a', '#top', '?p=2', '/a?x=\\y', 'https://a.example/?q=\\']) {
      expect(linkOf(url), url).toBe(url);
    }
  });

  it('textOf keeps blank text unless told not to; nameOf does not', () => {
    expect(textOf()('  ')).toBe('  ');
    expect(textOf(500, false)('  ')).toBeUndefined();
    expect(nameOf(' ')).toBeUndefined();
    expect(nameOf(7)).toBe('7');
    expect(textOf()(Number.NaN)).toBeUndefined();
  });

  it('numberOf takes plain decimals only', () => {
    expect(numberOf(' 12.5 ')).toBe(12.5);
    expect(numberOf('1e3')).toBe(1000);
    expect(numberOf('-.5')).toBe(-0.5);
    expect(numberOf('0x10')).toBeUndefined();
    expect(numberOf('1.2.3')).toBeUndefined();
    expect(numberOf(' ')).toBeUndefined();
    expect(numberOf('Infinity')).toBeUndefined();
    expect(numberOf(true)).toBeUndefined();
  });

  it('keyword reads known words after aliases, never a prototype member', () => {
    const fruit = keyword(['apple', 'pear'], { poire: 'pear' });
    expect(fruit(' APPLE ')).toBe('apple');
    expect(fruit('poire')).toBe('pear');
    expect(fruit('plum')).toBeUndefined();
    for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(fruit(word)).toBeUndefined();
    expect(fruit(['apple'])).toBeUndefined();
  });

  it('push URLs: long-poll http(s) or root-relative; WebSocket ws(s), http(s) converted', () => {
    expect(pollUrlOf(' http://im/packets ')).toBe('http://im/packets');
    expect(pollUrlOf('/packets')).toBe('/packets');
    expect(pollUrlOf('//im/packets')).toBeUndefined();
    expect(pollUrlOf('/\\im/packets')).toBeUndefined();
    expect(pollUrlOf('\\\\im/packets')).toBeUndefined();
    expect(pollUrlOf('http:im/packets')).toBeUndefined();
    expect(pollUrlOf('https:\\\\im/packets')).toBeUndefined();
    expect(pollUrlOf('/\t/im/packets')).toBeUndefined();
    expect(pollUrlOf('packets')).toBeUndefined();
    expect(pollUrlOf('javascript:alert(1)//')).toBeUndefined();
    expect(pollUrlOf(`http://x/${'a'.repeat(2048)}`)).toBeUndefined();
    expect(socketUrlOf('https://im/ws')).toBe('wss://im/ws');
    expect(socketUrlOf('ws://im/ws')).toBe('ws://im/ws');
    expect(socketUrlOf('/ws')).toBe('/ws');
    expect(socketUrlOf('ftp://im/ws')).toBeUndefined();
    expect(socketUrlOf(7)).toBeUndefined();
  });
});
