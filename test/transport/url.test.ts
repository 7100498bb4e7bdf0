import { describe, expect, it } from 'vitest';
import { appendQuery, toWebSocketUrl } from '../../src/transport/url';

describe('toWebSocketUrl', () => {
  it.each([
    ['http://im.example:8000/v5/wsocket', 'ws://im.example:8000/v5/wsocket'],
    ['https://im.example/v5/wsocket?a=1', 'wss://im.example/v5/wsocket?a=1'],
    ['ws://im.example/ws', 'ws://im.example/ws'],
    ['wss://im.example/ws', 'wss://im.example/ws'],
    ['HTTP://IM.example/ws', 'ws://im.example/ws'],
  ])('%s → %s', (input, output) => {
    expect(toWebSocketUrl(input)).toBe(output);
  });

  it('resolves a relative URL against the page', () => {
    expect(toWebSocketUrl('/v5/wsocket', 'https://forum.example/thread/1')).toBe('wss://forum.example/v5/wsocket');
  });

  it('refuses other schemes and garbage', () => {
    expect(toWebSocketUrl('ftp://im.example/ws')).toBeNull();
    expect(toWebSocketUrl('javascript:alert(1)')).toBeNull();
    expect(toWebSocketUrl('not a url')).toBeNull();
  });
});

describe('appendQuery', () => {
  const params = { domain: 'forum.example', ticket: 'a b&c', callback: 'cb_1' };
  it.each([
    ['http://im.example/v5/packets', 'http://im.example/v5/packets?domain=forum.example&ticket=a%20b%26c&callback=cb_1'],
    ['http://im.example/p?site=1', 'http://im.example/p?site=1&domain=forum.example&ticket=a%20b%26c&callback=cb_1'],
    ['http://im.example/p?', 'http://im.example/p?domain=forum.example&ticket=a%20b%26c&callback=cb_1'],
    ['http://im.example/p?a=1&', 'http://im.example/p?a=1&domain=forum.example&ticket=a%20b%26c&callback=cb_1'],
    ['/plugin.php?id=webim#top', '/plugin.php?id=webim&domain=forum.example&ticket=a%20b%26c&callback=cb_1#top'],
  ])('%s', (input, output) => {
    expect(appendQuery(input, params)).toBe(output);
  });

  it('leaves the URL alone when there is nothing to add', () => {
    expect(appendQuery('http://x/p?a=1', {})).toBe('http://x/p?a=1');
  });
});
