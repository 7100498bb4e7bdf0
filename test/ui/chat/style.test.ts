import { describe, expect, it } from 'vitest';
import { sanitizeStyle } from '../../../src/ui/chat/style';

describe('sanitizeStyle', () => {
  it('keeps allowed properties with well-formed values', () => {
    expect(sanitizeStyle('color:#bbb; font-weight:bold; font-style:italic; font-size:14px; text-decoration:underline')).toEqual({
      color: '#bbb',
      fontWeight: 'bold',
      fontStyle: 'italic',
      fontSize: '14px',
      textDecoration: 'underline',
    });
  });

  it('accepts colour names, hex, rgb() and hsl() with numbers only', () => {
    expect(sanitizeStyle('color: Red')).toEqual({ color: 'red' });
    expect(sanitizeStyle('color:#ff000080')).toEqual({ color: '#ff000080' });
    expect(sanitizeStyle('color: rgb(10, 20, 30)')).toEqual({ color: 'rgb(10, 20, 30)' });
    expect(sanitizeStyle('color: rgba(10,20,30,0.5)')).toEqual({ color: 'rgba(10,20,30,0.5)' });
    expect(sanitizeStyle('color: hsl(120, 50%, 40%)')).toEqual({ color: 'hsl(120, 50%, 40%)' });
    expect(sanitizeStyle('color: rgb(var(--x), 0, 0)')).toEqual({});
    expect(sanitizeStyle('color: notacolor')).toEqual({});
    expect(sanitizeStyle('color: #12')).toEqual({});
    expect(sanitizeStyle('color: red blue')).toEqual({});
  });

  it('clamps font sizes to 10–24 px and converts units', () => {
    expect(sanitizeStyle('font-size: 200px')).toEqual({ fontSize: '24px' });
    expect(sanitizeStyle('font-size: 1px')).toEqual({ fontSize: '10px' });
    expect(sanitizeStyle('font-size: 12pt')).toEqual({ fontSize: '16px' });
    expect(sanitizeStyle('font-size: 1.25em')).toEqual({ fontSize: '20px' });
    expect(sanitizeStyle('font-size: xx-large')).toEqual({ fontSize: '24px' });
    expect(sanitizeStyle('font-size: calc(100vh)')).toEqual({});
    expect(sanitizeStyle('font-size: -5px')).toEqual({});
  });

  it('limits text-decoration to underline, line-through and none', () => {
    expect(sanitizeStyle('text-decoration: line-through')).toEqual({ textDecoration: 'line-through' });
    expect(sanitizeStyle('text-decoration: blink')).toEqual({});
    expect(sanitizeStyle('text-decoration: underline wavy red')).toEqual({});
  });

  it('drops properties that are not on the list, keeping the good ones', () => {
    expect(sanitizeStyle('position:fixed; color:blue; top:0; left:0; width:100%; height:100%; z-index:99999')).toEqual({ color: 'blue' });
    expect(sanitizeStyle('background-color: red; display:none')).toEqual({});
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
    ]) {
      expect(sanitizeStyle(css), css).toEqual({});
    }
  });

  it('does not read inherited object keys as allowed properties', () => {
    expect(sanitizeStyle('constructor: red; __proto__: red; toString: red')).toEqual({});
    expect(Object.getPrototypeOf(sanitizeStyle('color:red'))).toBe(Object.prototype);
  });

  it('handles empty, missing and huge input', () => {
    expect(sanitizeStyle(undefined)).toEqual({});
    expect(sanitizeStyle('')).toEqual({});
    expect(sanitizeStyle(`color:red;${' '.repeat(1000)}`)).toEqual({});
  });
});
