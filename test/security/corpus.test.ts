import { describe, expect, it } from 'vitest';
import * as corpus from './corpus';

const lists = Object.entries(corpus).filter((entry): entry is [string, readonly unknown[]] => Array.isArray(entry[1]));

describe('the hostile corpus', () => {
  it.each(lists.map(([name, list]) => [name, list] as const))('%s holds distinct vectors', (_, list) => {
    expect(list.length).toBeGreaterThan(0);
    const keys = list.map((v) => JSON.stringify(v));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('counts every list', () => {
    expect(corpus.corpusSize()).toBe(lists.reduce((sum, [, list]) => sum + list.length, 0));
    console.info(
      `hostile corpus: ${corpus.corpusSize()} vectors (${lists.map(([name, list]) => `${name} ${list.length}`).join(', ')})`,
    );
  });
});
