/**
 * The MQTT 3.1.1 packets a subscribing client needs (OASIS standard, section 3): it writes CONNECT, SUBSCRIBE,
 * UNSUBSCRIBE, PUBLISH (QoS 0/1), PUBACK, PINGREQ and DISCONNECT, and reads CONNACK, SUBACK, UNSUBACK, PUBLISH,
 * PUBACK and PINGRESP. Pure functions over bytes, shared by the browser transport and the mock site's broker client.
 */

/** Control packet types (the high nibble of the first byte, spec 2.2.1). */
export const PacketType = {
  Connect: 1,
  Connack: 2,
  Publish: 3,
  Puback: 4,
  Subscribe: 8,
  Suback: 9,
  Unsubscribe: 10,
  Unsuback: 11,
  Pingreq: 12,
  Pingresp: 13,
  Disconnect: 14,
} as const;

/** The largest Remaining Length four varint bytes can say (spec 2.2.3). */
export const MAX_REMAINING_LENGTH = 268_435_455;

export type QualityOfService = 0 | 1;

export interface ConnectOptions {
  clientId: string;
  username?: string;
  password?: string;
  /** Seconds; 0 turns keep-alive off. */
  keepalive: number;
  /** Clean session: the broker keeps nothing for us between connections. Default true. */
  clean?: boolean;
  will?: { topic: string; payload: string; qos: QualityOfService };
}

export interface PublishOptions {
  topic: string;
  payload: Uint8Array | string;
  qos: QualityOfService;
  /** Required for QoS 1. */
  packetId?: number;
  retain?: boolean;
  dup?: boolean;
}

/** A packet read from the broker. */
export type IncomingPacket =
  | { type: 'connack'; sessionPresent: boolean; returnCode: number }
  | { type: 'publish'; topic: string; payload: Uint8Array; qos: number; packetId?: number; retain: boolean }
  | { type: 'puback'; packetId: number }
  | { type: 'suback'; packetId: number; granted: number[] }
  | { type: 'unsuback'; packetId: number }
  | { type: 'pingresp' };

/** Why bytes from the broker were refused. `framing` errors leave the stream unreadable: the link must close. */
export class MqttDecodeError extends Error {
  override readonly name = 'MqttDecodeError';
  constructor(
    readonly code: 'bad_length' | 'unknown_type' | 'bad_packet' | 'too_large',
    message: string,
    /** The stream can no longer be split into packets. */
    readonly framing: boolean,
  ) {
    super(message);
  }
}

/** Bytes this module writes (always backed by a plain ArrayBuffer, as `WebSocket.send` wants). */
export type Bytes = Uint8Array<ArrayBuffer>;

const textEncoder = new TextEncoder();
// `fatal`: a topic that is not UTF-8 is a malformed packet (spec 1.5.3), not something to guess at.
const textDecoder = new TextDecoder('utf-8', { fatal: true });

const utf8 = (value: Uint8Array | string): Uint8Array =>
  typeof value === 'string' ? textEncoder.encode(value) : value;

/** A length-prefixed field (spec 1.5.3): two bytes of length, then the bytes. */
function field(value: Uint8Array | string): number[] {
  const bytes = utf8(value);
  if (bytes.length > 0xffff) throw new RangeError('MQTT string longer than 65535 bytes');
  return [bytes.length >> 8, bytes.length & 255, ...bytes];
}

const twoBytes = (value: number): number[] => [(value >> 8) & 255, value & 255];

/** The Remaining Length varint (spec 2.2.3): seven bits a byte, least significant first, top bit = more. */
export function encodeRemainingLength(length: number): number[] {
  if (!(length >= 0 && length <= MAX_REMAINING_LENGTH)) throw new RangeError('MQTT packet too large');
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 128;
    bytes.push(byte);
  } while (length > 0);
  return bytes;
}

/** Fixed header + body. `body` may be a plain array or, for a payload, end in a byte array. */
function packet(firstByte: number, ...parts: (number[] | Uint8Array)[]): Bytes {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const header = [firstByte, ...encodeRemainingLength(length)];
  const out = new Uint8Array(header.length + length);
  out.set(header);
  let offset = header.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** CONNECT (spec 3.1): protocol name `MQTT`, level 4, flags, keep-alive, then client id, will, user, password. */
export function encodeConnect(options: ConnectOptions): Bytes {
  const { will, username, password } = options;
  const flags =
    (username !== undefined ? 0x80 : 0) |
    (password !== undefined ? 0x40 : 0) |
    (will ? 0x04 | (will.qos << 3) : 0) |
    (options.clean === false ? 0 : 0x02);
  const body = [...field('MQTT'), 4, flags, ...twoBytes(options.keepalive), ...field(options.clientId)];
  if (will) body.push(...field(will.topic), ...field(will.payload));
  if (username !== undefined) body.push(...field(username));
  if (password !== undefined) body.push(...field(password));
  return packet(PacketType.Connect << 4, body);
}

/** SUBSCRIBE (spec 3.8): fixed-header flags must be 0b0010. */
export const encodeSubscribe = (packetId: number, topics: { topic: string; qos: QualityOfService }[]): Bytes =>
  packet(
    (PacketType.Subscribe << 4) | 2,
    twoBytes(packetId),
    topics.flatMap(({ topic, qos }) => [...field(topic), qos]),
  );

/** UNSUBSCRIBE (spec 3.10): flags 0b0010 as for SUBSCRIBE. */
export const encodeUnsubscribe = (packetId: number, topics: string[]): Bytes =>
  packet((PacketType.Unsubscribe << 4) | 2, twoBytes(packetId), topics.flatMap(field));

/** PUBLISH (spec 3.3): topic, the packet id for QoS 1, and the payload as the rest of the packet. */
export function encodePublish(options: PublishOptions): Bytes {
  const { qos, packetId } = options;
  if (qos && !packetId) throw new RangeError('QoS 1 needs a packet id');
  const flags = (options.dup ? 8 : 0) | (qos << 1) | (options.retain ? 1 : 0);
  return packet(
    (PacketType.Publish << 4) | flags,
    [...field(options.topic), ...(qos ? twoBytes(packetId!) : [])],
    utf8(options.payload),
  );
}

export const encodePuback = (packetId: number): Bytes => packet(PacketType.Puback << 4, twoBytes(packetId));
export const encodePingreq = (): Bytes => packet(PacketType.Pingreq << 4);
export const encodeDisconnect = (): Bytes => packet(PacketType.Disconnect << 4);

/** The body of one complete packet → what it says (throws `MqttDecodeError` with `framing: false`). */
function decodeBody(firstByte: number, body: Uint8Array): IncomingPacket {
  const type = firstByte >> 4;
  const flags = firstByte & 15;
  const bad = (why: string) => new MqttDecodeError('bad_packet', why, false);
  const id = (at: number) => (body[at] << 8) | body[at + 1];
  const exactly = (length: number, name: string) => {
    if (body.length !== length || flags) throw bad(`malformed ${name}`);
  };
  switch (type) {
    case PacketType.Connack:
      exactly(2, 'CONNACK');
      if (body[0] > 1) throw bad('malformed CONNACK');
      return { type: 'connack', sessionPresent: body[0] === 1, returnCode: body[1] };
    case PacketType.Publish: {
      const qos = (flags >> 1) & 3;
      if (qos === 3) throw bad('PUBLISH with QoS 3');
      const topicLength = id(0);
      let offset = 2 + topicLength;
      if (body.length < offset + (qos ? 2 : 0)) throw bad('PUBLISH shorter than its topic');
      let topic: string;
      try {
        topic = textDecoder.decode(body.subarray(2, offset));
      } catch {
        throw bad('PUBLISH topic is not UTF-8');
      }
      let packetId: number | undefined;
      if (qos) {
        packetId = id(offset);
        offset += 2;
        if (!packetId) throw bad('PUBLISH with packet id 0');
      }
      return { type: 'publish', topic, payload: body.subarray(offset), qos, packetId, retain: !!(flags & 1) };
    }
    case PacketType.Puback:
    case PacketType.Unsuback:
      exactly(2, type === PacketType.Puback ? 'PUBACK' : 'UNSUBACK');
      return { type: type === PacketType.Puback ? 'puback' : 'unsuback', packetId: id(0) };
    case PacketType.Suback:
      if (body.length < 3 || flags) throw bad('malformed SUBACK');
      return { type: 'suback', packetId: id(0), granted: [...body.subarray(2)] };
    case PacketType.Pingresp:
      exactly(0, 'PINGRESP');
      return { type: 'pingresp' };
    default:
      throw new MqttDecodeError('unknown_type', `unexpected packet type ${type}`, false);
  }
}

/**
 * Splits a byte stream into packets: WebSocket frames (or TCP reads) may carry several packets, or part of one.
 * `read(chunk)` returns the packets completed by the chunk and the errors met; a packet that is well framed but
 * malformed is skipped (its length is known), while a broken length leaves the rest unreadable (`framing`).
 */
export function createPacketReader(maxPacketBytes = 1 << 20) {
  let buffer = new Uint8Array(0);
  let broken = false;
  return {
    read(chunk: Uint8Array): { packets: IncomingPacket[]; errors: MqttDecodeError[] } {
      const packets: IncomingPacket[] = [];
      const errors: MqttDecodeError[] = [];
      if (broken) return { packets, errors };
      const joined = new Uint8Array(buffer.length + chunk.length);
      joined.set(buffer);
      joined.set(chunk, buffer.length);
      let offset = 0;
      while (offset + 2 <= joined.length) {
        // Remaining Length: at most four bytes; a fifth continuation bit is malformed (spec 2.2.3).
        let length = 0;
        let used = 0;
        let byte: number;
        do {
          if (used === 4) {
            broken = true;
            errors.push(new MqttDecodeError('bad_length', 'Remaining Length longer than four bytes', true));
            return { packets, errors };
          }
          byte = joined[offset + 1 + used];
          if (byte === undefined) break;
          length += (byte & 127) * 128 ** used++;
        } while (byte & 128);
        if (byte === undefined) break;
        if (length > maxPacketBytes) {
          broken = true;
          errors.push(new MqttDecodeError('too_large', `packet of ${length} bytes`, true));
          return { packets, errors };
        }
        const start = offset + 1 + used;
        if (start + length > joined.length) break;
        try {
          packets.push(decodeBody(joined[offset], joined.slice(start, start + length)));
        } catch (error) {
          errors.push(error as MqttDecodeError);
        }
        offset = start + length;
      }
      buffer = joined.slice(offset);
      return { packets, errors };
    },
  };
}

export type PacketReader = ReturnType<typeof createPacketReader>;
