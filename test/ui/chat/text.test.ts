import { describe, expect, it, vi } from 'vitest';
import { expandShortcodes, linkify, sanitizeStyle, type Link } from '../../../src/ui/chat/text';

const links = (text: string) => linkify(text).filter((s): s is Link => typeof s !== 'string');

describe('linkify', () => {
  it('links http and https URLs and keeps the text around them', () => {
    expect(linkify('see https://example.com/a?b=1#c now')).toEqual([
      'see ',
      { text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      ' now',
    ]);
    expect(links('HTTP://Example.COM')).toEqual([{ text: 'HTTP://Example.COM', href: 'http://example.com/' }]);
    expect(linkify('https://a.example')).toEqual([{ text: 'https://a.example', href: 'https://a.example/' }]);
  });

  it('leaves plain text as one segment', () => {
    expect(linkify('hello\nworld')).toEqual(['hello\nworld']);
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
      'https://.',
      'https://javascript:alert(1)',
    ]) {
      expect(links(text), text).toEqual([]);
      expect(linkify(text).join(''), text).toBe(text);
    }
  });

  it('does not link inside words', () => {
    expect(links('foohttp://example.com')).toEqual([]);
    expect(links('xhttps://example.com')).toEqual([]);
    expect(links('1https://example.com')).toEqual([]);
    expect(links('see:https://example.com')).toHaveLength(1);
    expect(links('(https://example.com)')).toEqual([{ text: 'https://example.com', href: 'https://example.com/' }]);
  });

  it('leaves trailing punctuation out of the link', () => {
    expect(links('go to https://example.com/page.')[0]).toMatchObject({ text: 'https://example.com/page' });
    expect(links('https://example.com/x?, then')[0]).toMatchObject({ text: 'https://example.com/x' });
    expect(links('really https://example.com/!')[0]).toMatchObject({ text: 'https://example.com/' });
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar)')[0]).toMatchObject({
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    });
    expect(links('(see https://example.com/a)')[0]).toMatchObject({ text: 'https://example.com/a' });
    expect(links('[https://example.com/a[1]]')[0]).toMatchObject({ text: 'https://example.com/a[1]' });
    expect(linkify('https://example.com/a...')).toEqual([
      { text: 'https://example.com/a', href: 'https://example.com/a' },
      '...',
    ]);
  });

  it('ends a URL at quotes and angle brackets so nothing breaks out of the href', () => {
    expect(links('https://a.b/"onmouseover=alert(1)')).toEqual([{ text: 'https://a.b/', href: 'https://a.b/' }]);
    expect(links("https://a.b/'x")[0]).toMatchObject({ text: 'https://a.b/' });
    expect(links('https://a.b/<script>')[0]).toMatchObject({ text: 'https://a.b/' });
    expect(links('https://a.b/`x')[0]).toMatchObject({ text: 'https://a.b/' });
  });

  it('ends a URL at bidi controls, zero-width and control characters', () => {
    expect(links('https://example.com/\u202Egpj.exe')[0]).toMatchObject({ text: 'https://example.com/' });
    expect(links('https://exa\u200Bmple.com')[0]).toMatchObject({ text: 'https://exa' });
    expect(links('https://example.com/a\u0007b')[0]).toMatchObject({ text: 'https://example.com/a' });
    expect(links('https://example.com/a\u2066b')[0]).toMatchObject({ text: 'https://example.com/a' });
  });

  it('handles Chinese text around URLs', () => {
    expect(linkify('看这个https://example.com/a，很好')).toEqual([
      '看这个',
      { text: 'https://example.com/a', href: 'https://example.com/a' },
      '，很好',
    ]);
    expect(links('https://example.com/a很好')[0]).toMatchObject({ text: 'https://example.com/a' });
    expect(links('https://example.com/a。')[0]).toMatchObject({ text: 'https://example.com/a' });
  });

  it('links several URLs and stops before an emoji', () => {
    expect(links('https://a.example and http://b.example/😀').map((s) => s.text)).toEqual([
      'https://a.example',
      'http://b.example/',
    ]);
  });

  it('percent-encodes odd characters in the href and refuses very long URLs', () => {
    expect(links('https://example.com/a b')[0]).toMatchObject({ href: 'https://example.com/a' });
    const odd = links('https://example.com/{x}|')[0]!;
    expect(odd.href).not.toContain('{');
    expect(links(`https://example.com/${'a'.repeat(2100)}`)).toEqual([]);
  });

  it('links a URL followed by 20,000 hostile closing brackets and leaves them as text', () => {
    const tail = ')'.repeat(19990);
    expect(linkify(`http://a/${tail}`)).toEqual([{ text: 'http://a/', href: 'http://a/' }, tail]);
    expect(linkify(`http://a/${']'.repeat(19990)}`)).toEqual([
      { text: 'http://a/', href: 'http://a/' },
      ']'.repeat(19990),
    ]);
    expect(linkify(`http://a/(${').'.repeat(9995)}`)[0]).toEqual({ text: 'http://a/()', href: 'http://a/()' });
    // A URL that is still too long once its punctuation is trimmed stays text.
    const long = `http://a/${'b'.repeat(2100)}${')'.repeat(19990)}`;
    expect(linkify(long)).toEqual([long]);
  });

  it('trims trailing punctuation in work that does not grow with its length (no string copy per character)', () => {
    // The work is counted, not timed: before, every trimmed bracket split the whole URL twice.
    const calls = (text: string) => {
      const split = vi.spyOn(String.prototype, 'split');
      const slice = vi.spyOn(String.prototype, 'slice');
      try {
        linkify(text);
        return split.mock.calls.length + slice.mock.calls.length;
      } finally {
        split.mockRestore();
        slice.mockRestore();
      }
    };
    const small = calls(`http://a/${')'.repeat(10)}`);
    expect(calls(`http://a/${')'.repeat(19990)}`)).toBe(small);
    expect(calls(`http://a/${'.'.repeat(19990)}`)).toBe(small);
    expect(small).toBeLessThan(10);
  });
});

describe('sanitizeStyle', () => {
  it('keeps allowed properties with well-formed values', () => {
    expect(
      sanitizeStyle('color:#bbb; font-weight:bold; font-style:italic; font-size:14px; text-decoration:underline'),
    ).toEqual({
      color: '#bbb',
      fontWeight: 'bold',
      fontStyle: 'italic',
      fontSize: '14px',
      textDecoration: 'underline',
    });
    expect(sanitizeStyle('FONT-WEIGHT: 700; Font-Style:  Oblique ')).toEqual({
      fontWeight: '700',
      fontStyle: 'oblique',
    });
  });

  it('accepts colour words, hex, rgb() and hsl() with numbers only', () => {
    expect(sanitizeStyle('color: Red')).toEqual({ color: 'red' });
    expect(sanitizeStyle('color:#ff000080')).toEqual({ color: '#ff000080' });
    expect(sanitizeStyle('color: rgb(10, 20, 30)')).toEqual({ color: 'rgb(10, 20, 30)' });
    expect(sanitizeStyle('color: rgba(10,20,30,0.5)')).toEqual({ color: 'rgba(10,20,30,0.5)' });
    expect(sanitizeStyle('color: hsl(120, 50%, 40%)')).toEqual({ color: 'hsl(120, 50%, 40%)' });
    expect(sanitizeStyle('color: hsl(120deg 50% 40% / .5)')).toEqual({ color: 'hsl(120deg 50% 40% / .5)' });
    expect(sanitizeStyle('color: rgb(var(--webim-window-left), 0, 0)')).toEqual({});
    expect(sanitizeStyle('color: var(--webim-bg)')).toEqual({});
    expect(sanitizeStyle('color: attr(title)')).toEqual({});
    expect(sanitizeStyle('color: #12')).toEqual({});
    expect(sanitizeStyle('color: #12345678a')).toEqual({});
    expect(sanitizeStyle('color: red blue')).toEqual({});
    expect(sanitizeStyle('color: red-ish')).toEqual({});
  });

  it('clamps font sizes to 10–24 px and converts units', () => {
    expect(sanitizeStyle('font-size: 200px')).toEqual({ fontSize: '24px' });
    expect(sanitizeStyle('font-size: 1px')).toEqual({ fontSize: '10px' });
    expect(sanitizeStyle('font-size: 12pt')).toEqual({ fontSize: '16px' });
    expect(sanitizeStyle('font-size: 1.25em')).toEqual({ fontSize: '20px' });
    expect(sanitizeStyle('font-size: .9rem')).toEqual({ fontSize: '14.4px' });
    expect(sanitizeStyle('font-size: 75%')).toEqual({ fontSize: '12px' });
    expect(sanitizeStyle('font-size: xx-large')).toEqual({ fontSize: '24px' });
    expect(sanitizeStyle('font-size: small')).toEqual({ fontSize: '13px' });
    expect(sanitizeStyle('font-size: xx-small')).toEqual({ fontSize: '10px' });
    expect(sanitizeStyle('font-size: calc(100vh)')).toEqual({});
    expect(sanitizeStyle('font-size: 50vh')).toEqual({});
    expect(sanitizeStyle('font-size: -5px')).toEqual({});
    expect(sanitizeStyle('font-size: px')).toEqual({});
  });

  it('limits the keyword properties to their keywords', () => {
    expect(sanitizeStyle('text-decoration: line-through')).toEqual({ textDecoration: 'line-through' });
    expect(sanitizeStyle('text-decoration: underline  line-through')).toEqual({
      textDecoration: 'underline line-through',
    });
    expect(sanitizeStyle('text-decoration: blink')).toEqual({});
    expect(sanitizeStyle('text-decoration: underline wavy red')).toEqual({});
    expect(sanitizeStyle('font-weight: 950')).toEqual({});
    expect(sanitizeStyle('font-style: oblique 10deg')).toEqual({});
  });

  it('drops properties that are not on the list, keeping the good ones', () => {
    expect(sanitizeStyle('position:fixed; color:blue; top:0; left:0; width:100%; height:100%; z-index:99999')).toEqual({
      color: 'blue',
    });
    expect(sanitizeStyle('background-color: red; display:none')).toEqual({});
    expect(sanitizeStyle('fontSize: 30px; font--size: 30px')).toEqual({});
    expect(sanitizeStyle('color: red !important')).toEqual({});
  });

  it('drops everything when the list contains url(), expression(), @import, escapes, comments or bindings', () => {
    for (const css of [
      'color:red; background:url(javascript:alert(1))',
      'color:red; background: URL ( "https://evil.example/x.png" )',
      'color:expression(alert(1))',
      'color:red; width: expression(alert(1))',
      '@import "https://evil.example/x.css"; color:red',
      'color:red; c\\olor: blue',
      'color:\\72 ed',
      'color:red/* comment */; font-weight:bold',
      'color:red; behavior:url(x.htc)',
      'color:red; -moz-binding:url(x.xml#y)',
      'color:red; } body { display:none',
      'color:red; background:<svg>',
      'color:red; x: javascript:alert(1)',
    ]) {
      expect(sanitizeStyle(css), css).toEqual({});
    }
  });

  it('does not read inherited object keys as allowed properties', () => {
    expect(sanitizeStyle('constructor: red; __proto__: red; toString: red; hasOwnProperty: red')).toEqual({});
    expect(Object.getPrototypeOf(sanitizeStyle('color:red'))).toBe(Object.prototype);
  });

  it('handles empty, missing and huge input', () => {
    expect(sanitizeStyle(undefined)).toEqual({});
    expect(sanitizeStyle('')).toEqual({});
    expect(sanitizeStyle(';;:;')).toEqual({});
    expect(sanitizeStyle(`color:red;${' '.repeat(1000)}`)).toEqual({});
  });
});

describe('expandShortcodes', () => {
  it('turns shortcodes of the picker set into emoji and leaves others', () => {
    expect(expandShortcodes('hi :smile: :+1: :nope: 10:30:00 :beer::heart:')).toBe('hi 😄 👍 :nope: 10:30:00 🍺❤️');
  });
});
