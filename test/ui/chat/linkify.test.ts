import { describe, expect, it } from 'vitest';
import { linkify } from '../../../src/ui/chat/linkify';

const links = (text: string) => linkify(text).filter((s) => s.kind === 'link');

describe('linkify', () => {
  it('links http and https URLs and keeps the text around them', () => {
    expect(linkify('see https://example.com/a?b=1#c now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' now' },
    ]);
    expect(links('HTTP://Example.COM')).toEqual([{ kind: 'link', text: 'HTTP://Example.COM', href: 'http://example.com/' }]);
  });

  it('leaves plain text as one segment', () => {
    expect(linkify('hello\nworld')).toEqual([{ kind: 'text', text: 'hello\nworld' }]);
    expect(linkify('')).toEqual([]);
  });

  it('never links other schemes or look-alikes', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\u0000script:alert(1)',
      ' javascript://example.com/%0Aalert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox(1)',
      'www.example.com',
      'ftp://example.com',
      'https:/example.com',
      'https://',
      'https://javascript:alert(1)',
    ]) {
      expect(links(text), text).toEqual([]);
    }
  });

  it('does not link inside words', () => {
    expect(links('foohttp://example.com')).toEqual([]);
    expect(links('xhttps://example.com')).toEqual([]);
    expect(links('see:https://example.com')).toHaveLength(1);
    expect(links('(https://example.com)')).toEqual([{ kind: 'link', text: 'https://example.com', href: 'https://example.com/' }]);
  });

  it('leaves trailing punctuation out of the link', () => {
    expect(links('go to https://example.com/page.')[0]).toMatchObject({ text: 'https://example.com/page' });
    expect(links('https://example.com/x?, then')[0]).toMatchObject({ text: 'https://example.com/x' });
    expect(links('really https://example.com/!')[0]).toMatchObject({ text: 'https://example.com/' });
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar)')[0]).toMatchObject({ text: 'https://en.wikipedia.org/wiki/Foo_(bar)' });
    expect(links('(see https://example.com/a)')[0]).toMatchObject({ text: 'https://example.com/a' });
  });

  it('ends a URL at quotes and angle brackets so nothing breaks out of the href', () => {
    const [link] = links('https://a.b/"onmouseover=alert(1)');
    expect(link).toEqual({ kind: 'link', text: 'https://a.b/', href: 'https://a.b/' });
    expect(links("https://a.b/'x")[0]).toMatchObject({ text: 'https://a.b/' });
    expect(links('https://a.b/<script>')[0]).toMatchObject({ text: 'https://a.b/' });
  });

  it('ends a URL at bidi controls and zero-width characters', () => {
    expect(links('https://example.com/\u202Egpj.exe')[0]).toMatchObject({ text: 'https://example.com/' });
    expect(links('https://exa\u200Bmple.com')[0]).toMatchObject({ text: 'https://exa' });
  });

  it('handles Chinese text around URLs', () => {
    expect(linkify('看这个https://example.com/a，很好')).toEqual([
      { kind: 'text', text: '看这个' },
      { kind: 'link', text: 'https://example.com/a', href: 'https://example.com/a' },
      { kind: 'text', text: '，很好' },
    ]);
    expect(links('https://example.com/a很好')[0]).toMatchObject({ text: 'https://example.com/a' });
  });

  it('links several URLs and stops before an emoji', () => {
    const result = links('https://a.example and http://b.example/😀');
    expect(result.map((s) => s.text)).toEqual(['https://a.example', 'http://b.example/']);
  });

  it('percent-encodes odd characters in the href', () => {
    expect(links('https://example.com/a b')[0]).toMatchObject({ href: 'https://example.com/a' });
    expect(links('https://example.com/{x}|')[0]?.kind).toBe('link');
    expect(links('https://example.com/{x}|')[0]).not.toHaveProperty('href', expect.stringContaining('{'));
  });
});
