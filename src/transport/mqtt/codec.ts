// The MQTT codec is pure bytes, so it lives in protocol/ where the mock server's broker link may share it; the
// transport reads it from here.
export * from '../../protocol/mqtt/codec';
