// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { parseAttachments } from '../../../src/ui/chat/markup';
import { MessageBody } from '../../../src/ui/chat/MessageBody';
import { createFakeClient } from '../../support/fake-client';
import { renderWithClient } from './render';

const show = (body: string, id = `m-${Math.random()}`): HTMLElement =>
  renderWithClient(createFakeClient(), <MessageBody message={{ id, body }} />).container as HTMLElement;

describe('the original markup: ![alt](url) pictures and [name](url) files', () => {
  it('parses pictures and files between text, only absolute http(s) targets', () => {
    expect(
      parseAttachments('look ![our walk](https://img.example/walk.jpg) and [minutes.pdf](http://files.example/m.pdf)!'),
    ).toEqual([
      'look ',
      { kind: 'image', alt: 'our walk', href: 'https://img.example/walk.jpg', host: 'img.example' },
      ' and ',
      { kind: 'file', name: 'minutes.pdf', href: 'http://files.example/m.pdf', host: 'files.example' },
      '!',
    ]);
    for (const hostile of [
      '![x](javascript:alert(1))',
      '![x](data:image/png;base64,AAAA)',
      '[x](vbscript:msgbox)',
      '[x](/relative/path)',
      '[x](//evil.example/x)',
      '![x](JaVaScRiPt:alert(1))',
      '[x](file:///etc/passwd)',
      '[x](https://)',
      '![x](blob:https://a.example/1)',
    ])
      expect(parseAttachments(hostile), hostile).toEqual([hostile]);
  });

  it('shows a picture as a placeholder: no <img>, so no request, until the reader asks', () => {
    const el = show('![our walk](https://img.example/walk.jpg)', 'pic-1');
    expect(el.querySelector('img')).toBeNull();
    const button = screen.getByRole('button', { name: 'Show image: our walk from img.example' });
    fireEvent.click(button);
    const img = el.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('https://img.example/walk.jpg');
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('alt')).toBe('our walk');
    expect(img.className).toBe('webim-message-image');
    expect(img.closest('a')!.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    // Hiding it again takes the element (and any request it would make) away.
    fireEvent.click(screen.getByRole('button', { name: 'Hide image' }));
    expect(el.querySelector('img')).toBeNull();
  });

  it('remembers a shown picture when the message is rendered again (a virtualised list)', () => {
    const first = show('![a](https://img.example/a.png)', 'same-id');
    fireEvent.click(within(first).getByRole('button', { name: /^Show image/ }));
    const again = show('![a](https://img.example/a.png)', 'same-id');
    expect(again.querySelector('img')).not.toBeNull();
  });

  it('shows a file as a safe external link named by its name', () => {
    const el = show('[minutes <b>.pdf](https://files.example/m.pdf)');
    const link = screen.getByRole('link', { name: 'File: minutes <b>.pdf from files.example' });
    expect(link.getAttribute('href')).toBe('https://files.example/m.pdf');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(el.querySelector('b')).toBeNull();
  });

  it('says where a file link really goes when its label names another site', () => {
    show('[https://bank.example/statement.pdf](https://evil.example/x.exe)');
    const link = screen.getByRole('link', { name: 'File: https://bank.example/statement.pdf from evil.example' });
    expect(link.getAttribute('href')).toBe('https://evil.example/x.exe');
  });

  it('never makes markup or a non-http(s) target out of hostile bodies', () => {
    const el = show(
      '![<img src=x onerror=alert(1)>](javascript:alert(1)) [click](data:text/html,<script>alert(1)</script>) ' +
        '<script>alert(2)</script> ![ok](https://img.example/a"onerror="x.png)',
    );
    expect(el.querySelector('script, img, iframe')).toBeNull();
    for (const a of el.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^https?:\/\//);
    for (const b of el.querySelectorAll('button')) expect(b.textContent).not.toContain('javascript');
    expect(el.textContent).toContain('<script>alert(2)</script>');
    // The one picture with an https target is still only a placeholder, its URL percent-encoded by the parser.
    fireEvent.click(screen.getByRole('button', { name: /^Show image: ok/ }));
    expect(el.querySelector('img')!.getAttribute('src')).toBe('https://img.example/a%22onerror=%22x.png');
  });
});
