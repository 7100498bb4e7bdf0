import { describe, expect, it } from 'vitest';
import { unsafePatternReason } from '../../../src/ui/chatlink/pattern-safety';
import { HOSTILE_CHATLINK_PATTERNS, SAFE_CHATLINK_PATTERNS } from '../../security/corpus';

describe('chatlink pattern vetting', () => {
  it.each([...HOSTILE_CHATLINK_PATTERNS])('refuses %s', (pattern) => {
    expect(unsafePatternReason(pattern)).not.toBeNull();
  });

  it.each([...SAFE_CHATLINK_PATTERNS])('accepts %s', (pattern) => {
    expect(unsafePatternReason(pattern)).toBeNull();
  });

  it.each([
    '^.*/.*/.*uid=(\\d+)',
    '(\\d+)\\d*\\d*x',
    'space.*uid.*=(\\d+)',
    '\\s*uid\\s*\\s*=(\\d+)',
    '.*\\/.*',
    '\\d+-?\\d+',
    '\\d+(?:-|_)\\d+',
    'a(?=/).*/.*',
    '\\d{1,1000}\\d{1,1000}x',
    '(?:ab)+.*',
  ])('refuses the slow but polynomial %s (unbounded repetitions that can share characters)', (pattern) => {
    expect(unsafePatternReason(pattern)).toBe(
      'two unbounded repetitions can match the same characters (nothing required between them tells them apart)',
    );
  });

  it.each([
    '/u/(\\d+)/(\\w+)',
    '.*uid=(\\d+)',
    '(?<id>\\d+)\\.(\\d+)',
    '[?&]uid=([^&#]+)&t=([^&#]*)',
    'uid=(\\d{1,64})\\d{1,64}',
  ])('accepts %s: a required character one repetition cannot match keeps them apart', (pattern) => {
    expect(unsafePatternReason(pattern)).toBeNull();
  });

  it('names the problem', () => {
    expect(unsafePatternReason('space\\.html\\?uid=((a|a)+)$')).toBe('a repeated group contains an alternation');
    expect(unsafePatternReason('(a+)+$')).toBe('a repeated group contains another repetition (nested quantifiers)');
    expect(unsafePatternReason('(\\w)\\1')).toBe('back-references are not allowed');
  });
});
