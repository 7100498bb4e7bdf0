/** What a JSONP callback name may look like: a plain JavaScript identifier (the server echoes it into code). */
export const CALLBACK_NAME_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** How long the no-op left in place of a timed-out poll's callback lives before it is deleted. */
export const STALE_CALLBACK_MS = 120_000;

// One random part per page load keeps names unique across SDK copies and reloads cached by proxies.
const pageToken = Math.random().toString(36).slice(2, 10).replace(/[^a-z0-9]/g, '') || '0';
let sequence = 0;

/** A fresh, valid, page-unique callback name, e.g. `__webim_cb_k3j9x2ab_7`. */
export function nextCallbackName(): string {
  const name = `__webim_cb_${pageToken}_${++sequence}`;
  if (!CALLBACK_NAME_PATTERN.test(name)) throw new Error(`Invalid JSONP callback name: ${name}`);
  return name;
}
