import { describe, expect, it } from 'vitest';
import { createNickOrder } from '../../src/store/nick-order';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const compare = (a: string, b: string) => collator.compare(a, b);
const sign = (n: number) => Math.sign(n);

const NICKS = ['Zoë', 'ann', 'User 10', 'Bob', 'User 2', 'Ánn', 'zoe', 'bob', '李雷', 'User 010', 'Ann', ''];

describe('nick order (precomputed sort keys)', () => {
  it('ranks agree with the collator for every pair, equal nicks sharing a rank, whatever the insertion order', () => {
    const order = createNickOrder(compare);
    for (const n of NICKS) order.rank(n);
    for (const a of NICKS)
      for (const b of NICKS) expect([a, b, sign(order.rank(a) - order.rank(b))]).toEqual([a, b, sign(compare(a, b))]);
    expect(order.rank('Ann')).toBe(order.rank('ánn'));
    expect(order.rank('User 2')).toBeLessThan(order.rank('User 10'));
  });

  it('a new nick shifts later ranks without reordering anything', () => {
    const order = createNickOrder(compare);
    const known = ['Ann', 'Carl', 'Eve', 'Zed'];
    for (const n of known) order.rank(n);
    expect(known.map((n) => order.rank(n))).toEqual([0, 1, 2, 3]);
    order.rank('Dora');
    expect(known.map((n) => order.rank(n))).toEqual([0, 1, 3, 4]);
    expect(order.rank('Dora')).toBe(2);
  });

  it('ranking in bulk orders like ranking one by one', () => {
    const many = Array.from(
      { length: 200 },
      (_, i) => `${['User', 'user', 'Ünal', '王'][i % 4]} ${(i * 37) % 150}`,
    ).concat(NICKS);
    const oneByOne = createNickOrder(compare);
    for (const n of many) oneByOne.rank(n);
    const bulk = createNickOrder(compare);
    bulk.rank('User 7'); // ranked before the bulk: must keep its place among the rest
    bulk.addAll(many);
    for (const a of many)
      for (const b of many.slice(0, 40))
        expect(sign(bulk.rank(a) - bulk.rank(b))).toBe(sign(oneByOne.rank(a) - oneByOne.rank(b)));
    for (const a of many) expect(sign(bulk.rank(a) - bulk.rank('User 7'))).toBe(sign(compare(a, 'User 7')));
  });
});
