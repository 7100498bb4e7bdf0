/**
 * A fake WebSocket with the broker's side in the test's hands: it records what the client sends (decoded by a
 * small reader of client packets written here from the spec, independent of the codec under test) and lets the
 * test deliver bytes in any framing.
 */

export interface ClientPacket {
  type: 'connect' | 'subscribe' | 'unsubscribe' | 'publish' | 'puback' | 'pingreq' | 'disconnect' | 'other';
  packetId?: number;
  topics?: string[];
  topic?: string;
  payload?: string;
  qos?: number;
  connect?: { clientId: string; keepalive: number; username?: string; password?: string; will?: string[] };
}

function decodeClientPacket(bytes: Uint8Array): ClientPacket {
  let offset = 1;
  let multiplier = 1;
  let length = 0;
  let byte: number;
  do {
    byte = bytes[offset++];
    length += (byte & 127) * multiplier;
    multiplier *= 128;
  } while (byte & 128);
  const body = bytes.subarray(offset, offset + length);
  let at = 0;
  const u16 = () => ((body[at++] << 8) | body[at++]) >>> 0;
  const str = () => {
    const n = u16();
    const s = new TextDecoder().decode(body.subarray(at, at + n));
    at += n;
    return s;
  };
  const type = bytes[0] >> 4;
  switch (type) {
    case 1: {
      str(); // protocol name
      at++; // level
      const flags = body[at++];
      const keepalive = u16();
      const clientId = str();
      const will = flags & 4 ? [str(), str()] : undefined;
      const username = flags & 0x80 ? str() : undefined;
      const password = flags & 0x40 ? str() : undefined;
      return { type: 'connect', connect: { clientId, keepalive, username, password, will } };
    }
    case 3: {
      const qos = (bytes[0] >> 1) & 3;
      const topic = str();
      const packetId = qos ? u16() : undefined;
      return { type: 'publish', topic, qos, packetId, payload: new TextDecoder().decode(body.subarray(at)) };
    }
    case 4:
      return { type: 'puback', packetId: u16() };
    case 8:
    case 10: {
      const packetId = u16();
      const topics: string[] = [];
      while (at < body.length) {
        topics.push(str());
        if (type === 8) at++;
      }
      return { type: type === 8 ? 'subscribe' : 'unsubscribe', packetId, topics };
    }
    case 12:
      return { type: 'pingreq' };
    case 14:
      return { type: 'disconnect' };
    default:
      return { type: 'other' };
  }
}

export class FakeBrokerSocket {
  static instances: FakeBrokerSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  binaryType = 'blob';
  sent: ClientPacket[] = [];
  closedWith: number | undefined;

  constructor(
    readonly url: string,
    readonly protocol?: string,
  ) {
    FakeBrokerSocket.instances.push(this);
  }

  send(data: Uint8Array): void {
    this.sent.push(decodeClientPacket(data));
  }

  close(code?: number): void {
    this.closedWith = code ?? 1005;
  }

  /* The broker's side. */
  open(): void {
    this.onopen?.();
  }

  /** Delivers bytes as one frame (an ArrayBuffer, as with `binaryType = 'arraybuffer'`). */
  deliver(bytes: number[] | Uint8Array): void {
    this.onmessage?.({ data: Uint8Array.from(bytes).buffer });
  }

  deliverText(text: string): void {
    this.onmessage?.({ data: text });
  }

  hangUp(code: number): void {
    this.onclose?.({ code });
  }

  last(type: ClientPacket['type']): ClientPacket | undefined {
    return this.sent.filter((p) => p.type === type).at(-1);
  }
}

/** The broker's packets the tests send. */
export const connack = (code = 0): number[] => [0x20, 0x02, 0x00, code];
export const suback = (packetId: number, ...granted: number[]): number[] => [
  0x90,
  2 + granted.length,
  packetId >> 8,
  packetId & 255,
  ...granted,
];
export const pingresp = (): number[] => [0xd0, 0x00];
export function publish(topic: string, payload: string, qos: 0 | 1 = 1, packetId = 1, retain = false): number[] {
  const t = [...new TextEncoder().encode(topic)];
  const p = [...new TextEncoder().encode(payload)];
  const body = [t.length >> 8, t.length & 255, ...t, ...(qos ? [packetId >> 8, packetId & 255] : []), ...p];
  const length: number[] = [];
  let n = body.length;
  do {
    length.push((n % 128) | (n >= 128 ? 128 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return [0x30 | (qos << 1) | (retain ? 1 : 0), ...length, ...body];
}
