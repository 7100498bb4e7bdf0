import { describe, expect, it } from 'vitest';
describe('env', () => {
  it('has WebSocket', () => {
    expect(typeof WebSocket).toBe('function');
  });
});
