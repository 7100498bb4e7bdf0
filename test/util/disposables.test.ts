import { describe, expect, it } from 'vitest';
import { createDisposables } from '../../src/util/disposables';

describe('createDisposables', () => {
  it('undoes everything newest first, once', () => {
    const list = createDisposables();
    const done: string[] = [];
    list.add(() => done.push('first'));
    const second = () => done.push('second');
    expect(list.add(second)).toBe(second);
    list.add(() => done.push('third'));
    expect(list.disposed).toBe(false);
    list.dispose();
    expect(done).toEqual(['third', 'second', 'first']);
    expect(list.disposed).toBe(true);
    list.dispose();
    expect(done).toEqual(['third', 'second', 'first']);
  });

  it('runs an undo added after disposal at once', () => {
    const list = createDisposables();
    list.dispose();
    const done: string[] = [];
    list.add(() => done.push('late'));
    expect(done).toEqual(['late']);
    list.dispose();
    expect(done).toEqual(['late']);
  });

  it('does not run an undo twice when one of them disposes the list again', () => {
    const list = createDisposables();
    const done: string[] = [];
    list.add(() => done.push('outer'));
    list.add(() => {
      done.push('inner');
      list.dispose();
    });
    list.dispose();
    expect(done).toEqual(['inner', 'outer']);
  });
});
