import { basicAuthHeader } from '../http';
import type { RestFetch } from '../types';
import type { PushOnline, PushPort } from './push-port';

/** The message server refused or could not be reached; `message` is what it said. */
export class ImError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type ImOnline = PushOnline;

type Fields = Record<string, string | undefined>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, s] of Object.entries(v)) if (typeof s === 'string') out[k] = s;
  return out;
}

/** Long id lists go out in slices so no request line or body grows past the server's limits. */
const ID_CHUNK = 1000;

/**
 * The community site's client of the message server's v5 REST API (HTTP Basic auth domain:apikey), the way a
 * forum plugin talks to a real NexTalk server. The transport is injected: real HTTP in the Node server,
 * an in-process call under msw.
 */
export class ImClient implements PushPort {
  constructor(
    private readonly fetch: RestFetch,
    private readonly base: string,
    private readonly domain: string,
    private readonly apikey: string,
  ) {}

  async online(p: {
    name: string;
    nick: string;
    show: string;
    status: string;
    buddies: string[];
    rooms: string[];
    channels?: string[];
  }): Promise<ImOnline> {
    const r = await this.call('POST', 'presences/online', {
      ...p,
      buddies: p.buddies.join(','),
      rooms: p.rooms.join(','),
      channels: p.channels?.join(','),
    });
    if (typeof r.ticket !== 'string') throw new ImError(502, 'message server sent no ticket');
    const str = (k: string): string => (typeof r[k] === 'string' ? (r[k] as string) : '');
    return {
      ticket: r.ticket,
      server: str('server'),
      jsonpd: str('jsonpd') || str('jsonp'),
      websocket: str('websocket'),
      presences: stringMap(r.presences),
    };
  }

  async offline(ticket: string): Promise<void> {
    await this.call('POST', 'presences/offline', { ticket });
  }

  async refresh(ticket: string): Promise<void> {
    await this.call('POST', 'presences/refresh', { ticket });
  }

  async show(ticket: string, show: string, status: string | undefined, nick: string): Promise<void> {
    await this.call('POST', 'presences/show', { ticket, show, status, nick });
  }

  async presences(ids: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      Object.assign(out, stringMap(await this.call('GET', 'presences', { ids: ids.slice(i, i + ID_CHUNK).join(',') })));
    }
    return out;
  }

  /** Returns whether a chat receiver had no connection (this mock's `offline` extension). */
  async message(fields: Fields): Promise<{ offline: boolean }> {
    const r = await this.call('POST', 'messages', fields);
    return { offline: r.offline === true };
  }

  async status(ticket: string, to: string, nick: string, show: string): Promise<void> {
    await this.call('POST', 'statuses', { ticket, to, nick, show });
  }

  async members(room: string, ticket?: string): Promise<Record<string, string>> {
    return stringMap(await this.call('GET', `rooms/${encodeURIComponent(room)}/members`, { ticket }));
  }

  async join(room: string, ticket: string, nick: string, silent = false): Promise<void> {
    await this.call('POST', `rooms/${encodeURIComponent(room)}/join`, {
      ticket,
      nick,
      silent: silent ? '1' : undefined,
    });
  }

  async leave(room: string, ticket: string, nick: string, silent = false): Promise<void> {
    await this.call('POST', `rooms/${encodeURIComponent(room)}/leave`, {
      ticket,
      nick,
      silent: silent ? '1' : undefined,
    });
  }

  /** Follows (or with `follow` false, stops following) a channel for the ticket's user. */
  async follow(channel: string, ticket: string, follow: boolean): Promise<void> {
    await this.call('POST', `channels/${encodeURIComponent(channel)}/${follow ? 'subscribe' : 'unsubscribe'}`, {
      ticket,
    });
  }

  /** The site's own push of a post to a channel's followers (all but `except`, the author). */
  async publish(
    channel: string,
    post: { from: string; nick: string; body: string; link?: string; timestamp: number; except?: string },
  ): Promise<void> {
    await this.call('POST', `channels/${encodeURIComponent(channel)}/messages`, {
      ...post,
      timestamp: String(post.timestamp),
    });
  }

  private async call(method: 'GET' | 'POST', path: string, fields: Fields): Promise<Record<string, unknown>> {
    const form = new URLSearchParams({ domain: this.domain });
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.set(k, v);
    const headers: Record<string, string> = {
      authorization: basicAuthHeader(this.domain, this.apikey),
      accept: 'application/json',
    };
    let url = `${this.base}/v5/${path}`;
    let body: string | undefined;
    if (method === 'GET') url += `?${form}`;
    else {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = form.toString();
    }
    let status: number;
    let text: string;
    try {
      const res = await this.fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
      status = res.status;
      text = await res.text();
    } catch {
      throw new ImError(502, 'message server unreachable');
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ImError(502, 'message server sent a malformed reply');
    }
    if (status !== 200 || !isRecord(value)) {
      const message =
        isRecord(value) && typeof value.message === 'string' ? value.message : `message server error ${status}`;
      throw new ImError(status >= 400 && status < 500 ? status : 502, message);
    }
    return value;
  }
}
