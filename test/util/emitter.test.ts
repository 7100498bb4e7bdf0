import { describe, expect, it, vi } from 'vitest';
import { createEmitter } from '../../src/util/emitter';

/** The SDK's one emitter (client events, the tab coordinator's messages, transports). */
interface Events {
  a: number;
  b: string;
}

describe('createEmitter', () => {
  it('delivers to the listeners of an event, in order, until they unsubscribe or everything is cleared', () => {
    const events = createEmitter<Events>();
    const heard: string[] = [];
    const off = events.on('a', (n) => heard.push('first ' + n));
    events.on('a', (n) => heard.push('second ' + n));
    events.on('b', (s) => heard.push('b ' + s));
    events.emit('a', 1);
    off();
    events.emit('a', 2);
    events.clear();
    events.emit('a', 3);
    events.emit('b', 'x');
    expect(heard).toEqual(['first 1', 'second 1', 'second 2']);
  });

  it('a listener added or removed during an emit does not change who hears that emit', () => {
    const events = createEmitter<Events>();
    const heard: string[] = [];
    events.on('a', () => {
      heard.push('one');
      events.on('a', () => heard.push('late'));
      offTwo();
    });
    const offTwo = events.on('a', () => heard.push('two'));
    events.emit('a', 0);
    expect(heard).toEqual(['one', 'two']);
  });

  it('a throwing listener: the others still hear it, and onListenerError gets the error', () => {
    const onListenerError = vi.fn();
    const events = createEmitter<Events>(onListenerError);
    const heard: number[] = [];
    events.on('a', () => {
      throw new Error('boom');
    });
    events.on('a', (n) => heard.push(n));
    events.emit('a', 7);
    expect(heard).toEqual([7]);
    expect(onListenerError).toHaveBeenCalledWith(new Error('boom'));
  });

  it('without onListenerError the error is rethrown outside the emit (it still surfaces)', async () => {
    const events = createEmitter<Events>();
    events.on('a', () => {
      throw new Error('later');
    });
    const thrown = new Promise((resolve) => {
      const original = globalThis.queueMicrotask;
      globalThis.queueMicrotask = (task) =>
        original(() => {
          globalThis.queueMicrotask = original;
          try {
            task();
          } catch (error) {
            resolve(error);
          }
        });
    });
    expect(() => events.emit('a', 1)).not.toThrow();
    await expect(thrown).resolves.toEqual(new Error('later'));
  });
});
