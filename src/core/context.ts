import { ApiError, type ApiCall, type ApiErrorKind, type WebIMApi } from '../api/types';
import type { Action } from '../store/actions';
import type { Store } from '../store/types';
import type { ClientEvent, ClientEventMap } from './types';

/** A restartable one-shot timer. */
export interface Timer {
  /** A run is scheduled. */
  on: boolean;
  start(ms: number): void;
  stop(): void;
}

/** What the client's parts share: the store, the API, the clock, events, and the one dispatch path. */
export interface Core {
  store: Store;
  api: WebIMApi;
  now(): number;
  /** A timer on the client's clock; every timer stops with `destroy()`. */
  timer(fn: () => void): Timer;
  emit<E extends ClientEvent>(event: E, value: ClientEventMap[E]): void;
  dispatch(action: Action): void;
  /** The logged-in user's id ('' before the first login). */
  me(): string;
  /** An API call said the ticket is dead: the leader logs in again, a follower asks the leader to. */
  ticketDead(): void;
}

export const noop = (): void => {};

/** The `ApiError` for a failure (the API rejects with nothing else; anything else is wrapped). */
export const apiError = (call: ApiCall, error: unknown, kind: ApiErrorKind = 'bad_reply'): ApiError =>
  error instanceof ApiError ? error : new ApiError(kind, call, String(error), undefined, undefined, error);

/** Reports a failed call through `error` (a dead ticket also logs in again) and returns its `ApiError`. */
export function fail(core: Core, call: ApiCall, error: unknown, kind?: ApiErrorKind): ApiError {
  const e = apiError(call, error, kind);
  if (e.kind === 'invalid_ticket') core.ticketDead();
  core.emit('error', e);
  return e;
}
