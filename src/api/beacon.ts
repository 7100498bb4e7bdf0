import { fetchOf, formOf, type HttpContext } from './http';
import { routeUrl } from './routes';

type Beacon = (url: string, data: BodyInit) => boolean;

function navigatorBeacon(): Beacon | undefined {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  return typeof nav?.sendBeacon === 'function' ? (url, data) => nav.sendBeacon(url, data) : undefined;
}

/**
 * `refresh` while the page is being left (`pagehide`): queued with `sendBeacon` so that it survives the unload,
 * or, when there is no beacon or the browser refuses it (queue full, body too large), with a `keepalive` fetch.
 * Fire and forget: nobody is left to read the answer.
 */
export function refreshBeacon(ctx: HttpContext): void {
  let url: string;
  try {
    url = routeUrl('refresh', ctx.options);
  } catch {
    return;
  }
  const form = formOf(ctx, { call: 'refresh', method: 'POST', params: {} });
  const beacon = ctx.options.sendBeacon ?? navigatorBeacon();
  let queued = false;
  try {
    queued = beacon?.(url, form) === true;
  } catch {
    queued = false;
  }
  if (queued) return;
  const fetchFn = fetchOf(ctx.options);
  if (fetchFn === undefined) return;
  try {
    void fetchFn(url, {
      method: 'POST',
      body: form.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      credentials: ctx.options.credentials ?? 'same-origin',
      keepalive: true,
    }).catch(() => undefined);
  } catch {
    // The page is going away; there is nothing useful to do with a failure here.
  }
}
