/** Why part of a server's input was rejected. */
export type ProtocolErrorCode =
  | 'bad_packet'
  | 'bad_message'
  | 'bad_presence'
  | 'bad_status'
  | 'bad_buddy'
  | 'bad_room'
  | 'bad_member'
  | 'bad_user'
  | 'bad_connection'
  | 'bad_reply'
  | 'bad_json'
  /** A stored snapshot (IndexedDB, sessionStorage) that fails the checks network input gets: dropped. */
  | 'bad_storage'
  /** A message from another tab (BroadcastChannel) that fails the same checks: dropped. */
  | 'bad_tab_message';

/**
 * A malformed part of a server's input (or of stored or cross-tab data, which is read as strictly). Parsers collect these and keep whatever else is valid; they never throw
 * on network input (except where a reply is unusable as a whole, e.g. an `online` reply without a connection).
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    /** Where in the input, e.g. `messages[3].body`. */
    readonly path: string = '',
    /** The offending value (may be anything the server sent). */
    readonly value?: unknown,
  ) {
    super(message);
  }
}
