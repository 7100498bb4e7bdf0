import { DEFAULT_SETTINGS } from '../protocol/types';
import type { Buddy, Connection, Message, Room, RoomMember, Settings, SiteNotification, User } from '../protocol/types';
import type { ConnectionState, ConnectionStatus, Pane } from '../store/types';
import type { SessionInfo } from './types';
import {
  boolean,
  copyOptional,
  count,
  finite,
  messageStatus,
  messageType,
  nonEmptyString,
  object,
  oneOf,
  presence,
  show,
  string,
  type Reader,
} from './validate-values';

/** Readers for the SDK's normalised entities as they come back from storage or another tab. */

export function readUser(value: unknown): User {
  const o = object(value, 'user');
  const user: Record<string, unknown> = { id: nonEmptyString(o.id), nick: string(o.nick), show: show(o.show) };
  copyOptional(user, o, ['avatar', 'defaultAvatar', 'url', 'status', 'statusTime'], string);
  return user as unknown as User;
}

export function readBuddy(value: unknown): Buddy {
  const o = object(value, 'buddy');
  const buddy: Record<string, unknown> = {
    id: nonEmptyString(o.id),
    nick: string(o.nick),
    presence: presence(o.presence),
    show: show(o.show),
    incomplete: boolean(o.incomplete),
    visitor: boolean(o.visitor),
  };
  copyOptional(buddy, o, ['status', 'statusTime', 'group', 'avatar', 'defaultAvatar', 'url'], string);
  return buddy as unknown as Buddy;
}

export function readRoom(value: unknown): Room {
  const o = object(value, 'room');
  const room: Record<string, unknown> = {
    id: nonEmptyString(o.id),
    nick: string(o.nick),
    allCount: count(o.allCount),
    count: count(o.count),
    blocked: boolean(o.blocked),
    temporary: boolean(o.temporary),
  };
  copyOptional(room, o, ['avatar', 'defaultAvatar', 'url'], string);
  return room as unknown as Room;
}

export function readMember(value: unknown): RoomMember {
  const o = object(value, 'member');
  return { id: nonEmptyString(o.id), nick: string(o.nick), presence: presence(o.presence), show: show(o.show) };
}

export function readMessage(value: unknown): Message {
  const o = object(value, 'message');
  const message: Record<string, unknown> = {
    id: nonEmptyString(o.id),
    type: messageType(o.type),
    from: string(o.from),
    to: string(o.to),
    nick: string(o.nick),
    body: string(o.body),
    timestamp: finite(o.timestamp),
    status: messageStatus(o.status),
  };
  copyOptional(message, o, ['clientId', 'toNick', 'style'], string);
  copyOptional(message, o, ['offline'], boolean);
  return message as unknown as Message;
}

/** Known keys are checked and kept; missing ones take their defaults; unknown keys are dropped. */
export function readSettings(value: unknown): Settings {
  const o = object(value, 'settings');
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  copyOptional(settings, o, ['play_sound', 'buddy_sticky', 'minimize_layout', 'msg_auto_pop', 'desktop_notify'], boolean);
  copyOptional(settings, o, ['locale'], string);
  return settings as unknown as Settings;
}

export function readNotification(value: unknown): SiteNotification {
  const o = object(value, 'notification');
  const item: Record<string, unknown> = { text: string(o.text) };
  copyOptional(item, o, ['link'], string);
  copyOptional(item, o, ['time'], finite);
  return item as unknown as SiteNotification;
}

export function readConnection(value: unknown): Connection {
  const o = object(value, 'connection');
  const connection: Record<string, unknown> = { domain: string(o.domain), ticket: nonEmptyString(o.ticket, 'ticket') };
  copyOptional(connection, o, ['jsonpd', 'websocket'], string);
  return connection as unknown as Connection;
}

export function readSession(value: unknown): SessionInfo {
  const o = object(value, 'session');
  return {
    me: nonEmptyString(o.me),
    connection: readConnection(o.connection),
    skew: finite(o.skew),
    aliveAt: finite(o.aliveAt),
  };
}

export const readPane: Reader<Pane> = oneOf<Pane>(['buddies', 'rooms', 'notifications', 'settings'], 'pane');

const readConnectionState = oneOf<ConnectionState>(
  ['idle', 'connecting', 'connected', 'reconnecting', 'offline', 'stopped'],
  'connection state',
);
const readTransportKind = oneOf(['websocket', 'jsonp'] as const, 'transport');

export function readConnectionStatus(value: unknown): ConnectionStatus {
  const o = object(value, 'connection status');
  const status: Record<string, unknown> = { state: readConnectionState(o.state) };
  copyOptional(status, o, ['reason'], string);
  copyOptional(status, o, ['nextRetryAt'], finite);
  copyOptional(status, o, ['attempt'], count);
  copyOptional(status, o, ['transport'], readTransportKind);
  return status as unknown as ConnectionStatus;
}
