// Generated from envelope.proto by scripts/gen-proto.ts (protons + tsc). Do not edit; run `npm run gen:proto`.
import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime';
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc';
export var Envelope;
(function (Envelope) {
    let Kind;
    (function (Kind) {
        Kind["REQUEST"] = "REQUEST";
        Kind["RESPONSE"] = "RESPONSE";
        Kind["ERROR"] = "ERROR";
    })(Kind = Envelope.Kind || (Envelope.Kind = {}));
    let __KindValues;
    (function (__KindValues) {
        __KindValues[__KindValues["REQUEST"] = 0] = "REQUEST";
        __KindValues[__KindValues["RESPONSE"] = 1] = "RESPONSE";
        __KindValues[__KindValues["ERROR"] = 2] = "ERROR";
    })(__KindValues || (__KindValues = {}));
    (function (Kind) {
        Kind.codec = () => {
            return enumeration(__KindValues);
        };
    })(Kind = Envelope.Kind || (Envelope.Kind = {}));
    let _codec;
    Envelope.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.id != null && obj.id !== 0)) {
                    w.uint32(8);
                    w.uint64Number(obj.id);
                }
                if (obj.kind != null && __KindValues[obj.kind] !== 0) {
                    w.uint32(16);
                    Envelope.Kind.codec().encode(obj.kind, w);
                }
                if ((obj.payload != null && obj.payload.byteLength > 0)) {
                    w.uint32(26);
                    w.bytes(obj.payload);
                }
                if ((obj.errorCode != null && obj.errorCode !== '')) {
                    w.uint32(34);
                    w.string(obj.errorCode);
                }
                if ((obj.errorMessage != null && obj.errorMessage !== '')) {
                    w.uint32(42);
                    w.string(obj.errorMessage);
                }
                if ((obj.timeoutMs != null && obj.timeoutMs !== 0)) {
                    w.uint32(48);
                    w.uint32(obj.timeoutMs);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    id: 0,
                    kind: Kind.REQUEST,
                    payload: uint8ArrayAlloc(0),
                    errorCode: '',
                    errorMessage: '',
                    timeoutMs: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.id = reader.uint64Number();
                            break;
                        }
                        case 2: {
                            obj.kind = Envelope.Kind.codec().decode(reader);
                            break;
                        }
                        case 3: {
                            obj.payload = reader.bytes();
                            break;
                        }
                        case 4: {
                            obj.errorCode = reader.string();
                            break;
                        }
                        case 5: {
                            obj.errorMessage = reader.string();
                            break;
                        }
                        case 6: {
                            obj.timeoutMs = reader.uint32();
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
                return obj;
            }, function* (reader, length, prefix, opts = {}) {
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.id`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.kind`,
                                value: Envelope.Kind.codec().decode(reader)
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.payload`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.errorCode`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 5: {
                            yield {
                                field: `${prefix}.errorMessage`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 6: {
                            yield {
                                field: `${prefix}.timeoutMs`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
            });
        }
        return _codec;
    };
    function encode(obj) {
        return encodeMessage(obj, Envelope.codec());
    }
    Envelope.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, Envelope.codec(), opts);
    }
    Envelope.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, Envelope.codec(), opts);
    }
    Envelope.stream = stream;
})(Envelope || (Envelope = {}));
