import { signal } from '@preact/signals';

/** Where the choice is kept: per site (localStorage is per origin), for every page of it. */
const STORAGE_KEY = 'webim:window-maximized';

const read = (): boolean => {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === '1';
  } catch {
    // Storage refused (privacy mode, sandboxed frame): the window starts at its normal size.
    return false;
  }
};

/** Chat windows are shown large (the original's larger window); remembered across reloads. */
export const windowMaximized = signal(read());

export function setWindowMaximized(on: boolean): void {
  windowMaximized.value = on;
  try {
    if (on) globalThis.localStorage?.setItem(STORAGE_KEY, '1');
    else globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    // Not remembered; the page still shows it.
  }
}
