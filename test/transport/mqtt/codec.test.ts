import { describe, expect, it } from 'vitest';
import {
  createPacketReader,
  encodeConnect,
  encodeDisconnect,
  encodePingreq,
  encodePuback,
  encodePublish,
  encodeRemainingLength,
  encodeSubscribe,
  encodeUnsubscribe,
} from '../../../src/transport/mqtt/codec';

// Byte sequences written from the OASIS MQTT 3.1.1 specification (section numbers in the test names).
const bytes = (...parts: (number | string)[]): number[] =>
  parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : [part]));
const list = (array: Uint8Array): number[] => [...array];

describe('MQTT 3.1.1 codec: writing', () => {
  it('2.2.3 Remaining Length: the table of one- to four-byte encodings', () => {
    expect(encodeRemainingLength(0)).toEqual([0x00]);
    expect(encodeRemainingLength(127)).toEqual([0x7f]);
    expect(encodeRemainingLength(128)).toEqual([0x80, 0x01]);
    expect(encodeRemainingLength(16_383)).toEqual([0xff, 0x7f]);
    expect(encodeRemainingLength(16_384)).toEqual([0x80, 0x80, 0x01]);
    expect(encodeRemainingLength(2_097_151)).toEqual([0xff, 0xff, 0x7f]);
    expect(encodeRemainingLength(2_097_152)).toEqual([0x80, 0x80, 0x80, 0x01]);
    expect(encodeRemainingLength(268_435_455)).toEqual([0xff, 0xff, 0xff, 0x7f]);
    expect(() => encodeRemainingLength(268_435_456)).toThrow(RangeError);
  });

  it('3.1 CONNECT: protocol name, level 4, clean session, keep-alive, client id', () => {
    expect(list(encodeConnect({ clientId: 'c', keepalive: 60 }))).toEqual(
      bytes(0x10, 13, 0, 4, 'MQTT', 4, 0x02, 0, 60, 0, 1, 'c'),
    );
  });

  it('3.1.2 CONNECT flags 0xCE: user name, password, will QoS 1, will flag, clean session; payload order', () => {
    const packet = encodeConnect({
      clientId: 'id',
      username: 'u',
      password: 'pw',
      keepalive: 10,
      will: { topic: 'w/t', payload: 'gone', qos: 1 },
    });
    expect(list(packet)).toEqual(
      bytes(0x10, 32, 0, 4, 'MQTT', 4, 0xce, 0, 10, 0, 2, 'id', 0, 3, 'w/t', 0, 4, 'gone', 0, 1, 'u', 0, 2, 'pw'),
    );
  });

  it('3.8 SUBSCRIBE: flags 0010, packet id, topic filters with requested QoS (the spec example)', () => {
    expect(
      list(
        encodeSubscribe(10, [
          { topic: 'a/b', qos: 1 },
          { topic: 'c/d', qos: 0 },
        ]),
      ),
    ).toEqual([0x82, 0x0e, 0x00, 0x0a, 0x00, 0x03, 0x61, 0x2f, 0x62, 0x01, 0x00, 0x03, 0x63, 0x2f, 0x64, 0x00]);
  });

  it('3.10 UNSUBSCRIBE: flags 0010, packet id, topic filters (the spec example)', () => {
    expect(list(encodeUnsubscribe(10, ['a/b', 'c/d']))).toEqual([
      0xa2, 0x0c, 0x00, 0x0a, 0x00, 0x03, 0x61, 0x2f, 0x62, 0x00, 0x03, 0x63, 0x2f, 0x64,
    ]);
  });

  it('3.3 PUBLISH: QoS 1 carries the packet id after the topic (the spec example), QoS 0 does not', () => {
    expect(list(encodePublish({ topic: 'a/b', payload: 'hi', qos: 1, packetId: 10 }))).toEqual(
      bytes(0x32, 9, 0, 3, 'a/b', 0, 10, 'hi'),
    );
    expect(list(encodePublish({ topic: 'a/b', payload: 'hi', qos: 0, retain: true }))).toEqual(
      bytes(0x31, 7, 0, 3, 'a/b', 'hi'),
    );
    expect(() => encodePublish({ topic: 'a/b', payload: '', qos: 1 })).toThrow(RangeError);
  });

  it('3.4, 3.12, 3.14: PUBACK, PINGREQ, DISCONNECT', () => {
    expect(list(encodePuback(0x1234))).toEqual([0x40, 0x02, 0x12, 0x34]);
    expect(list(encodePingreq())).toEqual([0xc0, 0x00]);
    expect(list(encodeDisconnect())).toEqual([0xe0, 0x00]);
  });

  it('1.5.3 strings are UTF-8 with a two-byte length; a payload of 200 bytes takes a two-byte Remaining Length', () => {
    expect(list(encodePublish({ topic: 'ü', payload: '', qos: 0 }))).toEqual([0x30, 0x04, 0x00, 0x02, 0xc3, 0xbc]);
    const long = encodePublish({ topic: 't', payload: 'x'.repeat(200), qos: 0 });
    expect(list(long.subarray(0, 3))).toEqual([0x30, 0xcb, 0x01]); // 203 = 0x4b + 1·128
    expect(long.length).toBe(206);
  });
});

describe('MQTT 3.1.1 codec: reading', () => {
  const read = (...chunks: number[][]) => {
    const reader = createPacketReader();
    const out = chunks.map((chunk) => reader.read(Uint8Array.from(chunk)));
    return {
      packets: out.flatMap((o) => o.packets),
      errors: out.flatMap((o) => o.errors),
    };
  };

  it('3.2 CONNACK: session present and return code', () => {
    expect(read([0x20, 0x02, 0x00, 0x00]).packets).toEqual([{ type: 'connack', sessionPresent: false, returnCode: 0 }]);
    expect(read([0x20, 0x02, 0x01, 0x05]).packets).toEqual([{ type: 'connack', sessionPresent: true, returnCode: 5 }]);
  });

  it('3.9 SUBACK: granted QoS per filter, 0x80 for a refusal (the spec example)', () => {
    expect(read([0x90, 0x05, 0x00, 0x0a, 0x00, 0x02, 0x80]).packets).toEqual([
      { type: 'suback', packetId: 10, granted: [0, 2, 0x80] },
    ]);
  });

  it('3.3 PUBLISH QoS 1 and 0, retain flag; 3.4 PUBACK; 3.11 UNSUBACK; 3.13 PINGRESP', () => {
    const { packets, errors } = read(
      bytes(0x32, 9, 0, 3, 'a/b', 0, 10, 'hi'),
      bytes(0x31, 5, 0, 1, 't', 'ok'),
      [0x40, 0x02, 0x00, 0x07],
      [0xb0, 0x02, 0x00, 0x08],
      [0xd0, 0x00],
    );
    expect(errors).toEqual([]);
    expect(
      packets.map((p) => (p.type === 'publish' ? { ...p, payload: new TextDecoder().decode(p.payload) } : p)),
    ).toEqual([
      { type: 'publish', topic: 'a/b', payload: 'hi', qos: 1, packetId: 10, retain: false },
      { type: 'publish', topic: 't', payload: 'ok', qos: 0, packetId: undefined, retain: true },
      { type: 'puback', packetId: 7 },
      { type: 'unsuback', packetId: 8 },
      { type: 'pingresp' },
    ]);
  });

  it('several packets in one chunk, and one packet split over many chunks (byte by byte)', () => {
    const publish = bytes(0x30, 7, 0, 3, 'a/b', 'hi');
    const together = read([...publish, 0xd0, 0x00, ...publish]);
    expect(together.packets.map((p) => p.type)).toEqual(['publish', 'pingresp', 'publish']);

    const long = [...encodePublish({ topic: 'x', payload: 'y'.repeat(300), qos: 0 })];
    const split = read(...long.map((byte) => [byte]));
    expect(split.errors).toEqual([]);
    expect(split.packets).toHaveLength(1);
    expect(split.packets[0]).toMatchObject({ type: 'publish', topic: 'x' });
    const first = split.packets[0];
    expect(first.type === 'publish' && first.payload.length).toBe(300);
  });

  it('a Remaining Length of five bytes is malformed: reported as a framing error, nothing more is read', () => {
    const reader = createPacketReader();
    const { packets, errors } = reader.read(Uint8Array.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01, 0xd0, 0x00]));
    expect(packets).toEqual([]);
    expect(errors).toMatchObject([{ code: 'bad_length', framing: true }]);
    expect(reader.read(Uint8Array.from([0xd0, 0x00]))).toEqual({ packets: [], errors: [] });
  });

  it('a well-framed packet of an unknown or unexpected type is dropped and reported; the next still parses', () => {
    const { packets, errors } = read([0x00, 0x01, 0xaa, 0xf0, 0x00, 0x10, 0x00, 0xd0, 0x00]);
    expect(errors.map((e) => [e.code, e.framing])).toEqual([
      ['unknown_type', false],
      ['unknown_type', false],
      ['unknown_type', false],
    ]);
    expect(packets).toEqual([{ type: 'pingresp' }]);
  });

  it('malformed bodies are dropped with an error: short CONNACK, PUBLISH QoS 3, packet id 0, topic past the end, bad UTF-8', () => {
    const { packets, errors } = read(
      [0x20, 0x01, 0x00],
      [0x36, 0x03, 0x00, 0x01, 0x61],
      [0x32, 0x05, 0x00, 0x01, 0x61, 0x00, 0x00],
      [0x30, 0x02, 0x00, 0x09],
      [0x30, 0x03, 0x00, 0x01, 0xff],
      [0xd0, 0x00],
    );
    expect(errors.map((e) => e.code)).toEqual(['bad_packet', 'bad_packet', 'bad_packet', 'bad_packet', 'bad_packet']);
    expect(packets).toEqual([{ type: 'pingresp' }]);
  });

  it('a packet larger than the reader accepts is refused before it is buffered', () => {
    const reader = createPacketReader(1024);
    const { errors } = reader.read(Uint8Array.from([0x30, 0x80, 0x80, 0x01]));
    expect(errors).toMatchObject([{ code: 'too_large', framing: true }]);
  });
});
