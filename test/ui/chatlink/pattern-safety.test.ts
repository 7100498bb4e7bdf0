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

  it('names the problem', () => {
    expect(unsafePatternReason('space\\.html\\?uid=((a|a)+)$')).toBe('a repeated group contains an alternation');
    expect(unsafePatternReason('(a+)+$')).toBe('a repeated group contains another repetition (nested quantifiers)');
    expect(unsafePatternReason('(\\w)\\1')).toBe('back-references are not allowed');
  });
});
