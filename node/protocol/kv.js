// Generated from kv.proto by scripts/gen-proto.ts (protons + tsc). Do not edit; run `npm run gen:proto`.
/* eslint-disable require-yield */
import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime';
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc';
export var Version;
(function (Version) {
    let _codec;
    Version.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.hlc != null && obj.hlc !== 0n)) {
                    w.uint32(8);
                    w.uint64(obj.hlc);
                }
                if ((obj.writer != null && obj.writer !== 0)) {
                    w.uint32(16);
                    w.uint32(obj.writer);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    hlc: 0n,
                    writer: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.hlc = reader.uint64();
                            break;
                        }
                        case 2: {
                            obj.writer = reader.uint32();
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
                                field: `${prefix}.hlc`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.writer`,
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
        return encodeMessage(obj, Version.codec());
    }
    Version.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, Version.codec(), opts);
    }
    Version.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, Version.codec(), opts);
    }
    Version.stream = stream;
})(Version || (Version = {}));
export var Item;
(function (Item) {
    let _codec;
    Item.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.key != null && obj.key !== '')) {
                    w.uint32(10);
                    w.string(obj.key);
                }
                if ((obj.value != null && obj.value.byteLength > 0)) {
                    w.uint32(18);
                    w.bytes(obj.value);
                }
                if ((obj.flags != null && obj.flags !== 0)) {
                    w.uint32(24);
                    w.uint32(obj.flags);
                }
                if ((obj.expiresAtMs != null && obj.expiresAtMs !== 0n)) {
                    w.uint32(32);
                    w.uint64(obj.expiresAtMs);
                }
                if (obj.version != null) {
                    w.uint32(42);
                    Version.codec().encode(obj.version, w);
                }
                if ((obj.deleted != null && obj.deleted !== false)) {
                    w.uint32(48);
                    w.bool(obj.deleted);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    key: '',
                    value: uint8ArrayAlloc(0),
                    flags: 0,
                    expiresAtMs: 0n,
                    deleted: false
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.key = reader.string();
                            break;
                        }
                        case 2: {
                            obj.value = reader.bytes();
                            break;
                        }
                        case 3: {
                            obj.flags = reader.uint32();
                            break;
                        }
                        case 4: {
                            obj.expiresAtMs = reader.uint64();
                            break;
                        }
                        case 5: {
                            obj.version = Version.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.version
                            });
                            break;
                        }
                        case 6: {
                            obj.deleted = reader.bool();
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
                                field: `${prefix}.key`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.value`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.flags`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.expiresAtMs`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 5: {
                            yield* Version.codec().stream(reader, reader.uint32(), `${prefix}.version`, {
                                limits: opts.limits?.version
                            });
                            break;
                        }
                        case 6: {
                            yield {
                                field: `${prefix}.deleted`,
                                value: reader.bool()
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
        return encodeMessage(obj, Item.codec());
    }
    Item.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, Item.codec(), opts);
    }
    Item.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, Item.codec(), opts);
    }
    Item.stream = stream;
})(Item || (Item = {}));
export var KvRequest;
(function (KvRequest) {
    let _codec;
    KvRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                obj = { ...obj };
                if (obj.flush != null) {
                    obj.ringView = undefined;
                    obj.fetchBuckets = undefined;
                    obj.digest = undefined;
                    obj.fetchRange = undefined;
                    obj.replicate = undefined;
                    obj.get = undefined;
                    obj.mutate = undefined;
                }
                if (obj.ringView != null) {
                    obj.flush = undefined;
                    obj.fetchBuckets = undefined;
                    obj.digest = undefined;
                    obj.fetchRange = undefined;
                    obj.replicate = undefined;
                    obj.get = undefined;
                    obj.mutate = undefined;
                }
                if (obj.fetchBuckets != null) {
                    obj.flush = undefined;
                    obj.ringView = undefined;
                    obj.digest = undefined;
                    obj.fetchRange = undefined;
                    obj.replicate = undefined;
                    obj.get = undefined;
                    obj.mutate = undefined;
                }
                if (obj.digest != null) {
                    obj.flush = undefined;
                    obj.ringView = undefined;
                    obj.fetchBuckets = undefined;
                    obj.fetchRange = undefined;
                    obj.replicate = undefined;
                    obj.get = undefined;
                    obj.mutate = undefined;
                }
                if (obj.fetchRange != null) {
                    obj.flush = undefined;
                    obj.ringView = undefined;
                    obj.fetchBuckets = undefined;
                    obj.digest = undefined;
                    obj.replicate = undefined;
                    obj.get = undefined;
                    obj.mutate = undefined;
                }
                if (obj.replicate != null) {
                    obj.flush = undefined;
                    obj.ringView = undefined;
                    obj.fetchBuckets = undefined;
                    obj.digest = undefined;
                    obj.fetchRange = undefined;
                    obj.get = undefined;
                    obj.mutate = undefined;
                }
                if (obj.get != null) {
                    obj.flush = undefined;
                    obj.ringView = undefined;
                    obj.fetchBuckets = undefined;
                    obj.digest = undefined;
                    obj.fetchRange = undefined;
                    obj.replicate = undefined;
                    obj.mutate = undefined;
                }
                if (obj.mutate != null) {
                    obj.flush = undefined;
                    obj.ringView = undefined;
                    obj.fetchBuckets = undefined;
                    obj.digest = undefined;
                    obj.fetchRange = undefined;
                    obj.replicate = undefined;
                    obj.get = undefined;
                }
                if (obj.mutate != null) {
                    w.uint32(10);
                    MutateRequest.codec().encode(obj.mutate, w);
                }
                if (obj.get != null) {
                    w.uint32(18);
                    GetRequest.codec().encode(obj.get, w);
                }
                if (obj.replicate != null) {
                    w.uint32(26);
                    ReplicateRequest.codec().encode(obj.replicate, w);
                }
                if (obj.fetchRange != null) {
                    w.uint32(34);
                    FetchRangeRequest.codec().encode(obj.fetchRange, w);
                }
                if (obj.digest != null) {
                    w.uint32(42);
                    DigestRequest.codec().encode(obj.digest, w);
                }
                if (obj.fetchBuckets != null) {
                    w.uint32(50);
                    FetchBucketsRequest.codec().encode(obj.fetchBuckets, w);
                }
                if (obj.ringView != null) {
                    w.uint32(58);
                    RingViewRequest.codec().encode(obj.ringView, w);
                }
                if (obj.flush != null) {
                    w.uint32(66);
                    FlushRequest.codec().encode(obj.flush, w);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {};
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.mutate = MutateRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.mutate
                            });
                            break;
                        }
                        case 2: {
                            obj.get = GetRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.get
                            });
                            break;
                        }
                        case 3: {
                            obj.replicate = ReplicateRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.replicate
                            });
                            break;
                        }
                        case 4: {
                            obj.fetchRange = FetchRangeRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.fetchRange
                            });
                            break;
                        }
                        case 5: {
                            obj.digest = DigestRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.digest
                            });
                            break;
                        }
                        case 6: {
                            obj.fetchBuckets = FetchBucketsRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.fetchBuckets
                            });
                            break;
                        }
                        case 7: {
                            obj.ringView = RingViewRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.ringView
                            });
                            break;
                        }
                        case 8: {
                            obj.flush = FlushRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.flush
                            });
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
                if (obj.flush != null) {
                    delete obj.ringView;
                    delete obj.fetchBuckets;
                    delete obj.digest;
                    delete obj.fetchRange;
                    delete obj.replicate;
                    delete obj.get;
                    delete obj.mutate;
                }
                if (obj.ringView != null) {
                    delete obj.flush;
                    delete obj.fetchBuckets;
                    delete obj.digest;
                    delete obj.fetchRange;
                    delete obj.replicate;
                    delete obj.get;
                    delete obj.mutate;
                }
                if (obj.fetchBuckets != null) {
                    delete obj.flush;
                    delete obj.ringView;
                    delete obj.digest;
                    delete obj.fetchRange;
                    delete obj.replicate;
                    delete obj.get;
                    delete obj.mutate;
                }
                if (obj.digest != null) {
                    delete obj.flush;
                    delete obj.ringView;
                    delete obj.fetchBuckets;
                    delete obj.fetchRange;
                    delete obj.replicate;
                    delete obj.get;
                    delete obj.mutate;
                }
                if (obj.fetchRange != null) {
                    delete obj.flush;
                    delete obj.ringView;
                    delete obj.fetchBuckets;
                    delete obj.digest;
                    delete obj.replicate;
                    delete obj.get;
                    delete obj.mutate;
                }
                if (obj.replicate != null) {
                    delete obj.flush;
                    delete obj.ringView;
                    delete obj.fetchBuckets;
                    delete obj.digest;
                    delete obj.fetchRange;
                    delete obj.get;
                    delete obj.mutate;
                }
                if (obj.get != null) {
                    delete obj.flush;
                    delete obj.ringView;
                    delete obj.fetchBuckets;
                    delete obj.digest;
                    delete obj.fetchRange;
                    delete obj.replicate;
                    delete obj.mutate;
                }
                if (obj.mutate != null) {
                    delete obj.flush;
                    delete obj.ringView;
                    delete obj.fetchBuckets;
                    delete obj.digest;
                    delete obj.fetchRange;
                    delete obj.replicate;
                    delete obj.get;
                }
                return obj;
            }, function* (reader, length, prefix, opts = {}) {
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield* MutateRequest.codec().stream(reader, reader.uint32(), `${prefix}.mutate`, {
                                limits: opts.limits?.mutate
                            });
                            break;
                        }
                        case 2: {
                            yield* GetRequest.codec().stream(reader, reader.uint32(), `${prefix}.get`, {
                                limits: opts.limits?.get
                            });
                            break;
                        }
                        case 3: {
                            yield* ReplicateRequest.codec().stream(reader, reader.uint32(), `${prefix}.replicate`, {
                                limits: opts.limits?.replicate
                            });
                            break;
                        }
                        case 4: {
                            yield* FetchRangeRequest.codec().stream(reader, reader.uint32(), `${prefix}.fetchRange`, {
                                limits: opts.limits?.fetchRange
                            });
                            break;
                        }
                        case 5: {
                            yield* DigestRequest.codec().stream(reader, reader.uint32(), `${prefix}.digest`, {
                                limits: opts.limits?.digest
                            });
                            break;
                        }
                        case 6: {
                            yield* FetchBucketsRequest.codec().stream(reader, reader.uint32(), `${prefix}.fetchBuckets`, {
                                limits: opts.limits?.fetchBuckets
                            });
                            break;
                        }
                        case 7: {
                            yield* RingViewRequest.codec().stream(reader, reader.uint32(), `${prefix}.ringView`, {
                                limits: opts.limits?.ringView
                            });
                            break;
                        }
                        case 8: {
                            yield* FlushRequest.codec().stream(reader, reader.uint32(), `${prefix}.flush`, {
                                limits: opts.limits?.flush
                            });
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
        return encodeMessage(obj, KvRequest.codec());
    }
    KvRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, KvRequest.codec(), opts);
    }
    KvRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, KvRequest.codec(), opts);
    }
    KvRequest.stream = stream;
})(KvRequest || (KvRequest = {}));
export var MutateRequest;
(function (MutateRequest) {
    let _codec;
    MutateRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.op != null && obj.op !== '')) {
                    w.uint32(10);
                    w.string(obj.op);
                }
                if ((obj.key != null && obj.key !== '')) {
                    w.uint32(18);
                    w.string(obj.key);
                }
                if (obj.value != null) {
                    w.uint32(26);
                    w.bytes(obj.value);
                }
                if (obj.flags != null) {
                    w.uint32(32);
                    w.uint32(obj.flags);
                }
                if (obj.exptime != null) {
                    w.uint32(40);
                    w.sint64(obj.exptime);
                }
                if (obj.cas != null) {
                    w.uint32(48);
                    w.uint64(obj.cas);
                }
                if (obj.delta != null) {
                    w.uint32(56);
                    w.uint64(obj.delta);
                }
                if ((obj.hops != null && obj.hops !== 0)) {
                    w.uint32(64);
                    w.uint32(obj.hops);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    op: '',
                    key: '',
                    hops: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.op = reader.string();
                            break;
                        }
                        case 2: {
                            obj.key = reader.string();
                            break;
                        }
                        case 3: {
                            obj.value = reader.bytes();
                            break;
                        }
                        case 4: {
                            obj.flags = reader.uint32();
                            break;
                        }
                        case 5: {
                            obj.exptime = reader.sint64();
                            break;
                        }
                        case 6: {
                            obj.cas = reader.uint64();
                            break;
                        }
                        case 7: {
                            obj.delta = reader.uint64();
                            break;
                        }
                        case 8: {
                            obj.hops = reader.uint32();
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
                                field: `${prefix}.op`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.key`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.value`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.flags`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 5: {
                            yield {
                                field: `${prefix}.exptime`,
                                value: reader.sint64()
                            };
                            break;
                        }
                        case 6: {
                            yield {
                                field: `${prefix}.cas`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 7: {
                            yield {
                                field: `${prefix}.delta`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 8: {
                            yield {
                                field: `${prefix}.hops`,
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
        return encodeMessage(obj, MutateRequest.codec());
    }
    MutateRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, MutateRequest.codec(), opts);
    }
    MutateRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, MutateRequest.codec(), opts);
    }
    MutateRequest.stream = stream;
})(MutateRequest || (MutateRequest = {}));
export var GetRequest;
(function (GetRequest) {
    let _codec;
    GetRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.keys != null && obj.keys.length > 0) {
                    for (const value of obj.keys) {
                        w.uint32(10);
                        w.string(value);
                    }
                }
                if (obj.touchExptime != null) {
                    w.uint32(16);
                    w.sint64(obj.touchExptime);
                }
                if ((obj.hops != null && obj.hops !== 0)) {
                    w.uint32(24);
                    w.uint32(obj.hops);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    keys: [],
                    hops: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.keys != null && obj.keys.length === opts.limits.keys) {
                                throw new MaxLengthError('Decode error - repeated field "keys" had too many elements');
                            }
                            obj.keys.push(reader.string());
                            break;
                        }
                        case 2: {
                            obj.touchExptime = reader.sint64();
                            break;
                        }
                        case 3: {
                            obj.hops = reader.uint32();
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
                const obj = {
                    keys: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.keys != null && obj.keys === opts.limits.keys) {
                                throw new MaxLengthError('Streaming decode error - repeated field "keys" had too many elements');
                            }
                            yield {
                                field: `${prefix}.keys[]`,
                                index: obj.keys,
                                value: reader.string()
                            };
                            obj.keys++;
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.touchExptime`,
                                value: reader.sint64()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.hops`,
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
        return encodeMessage(obj, GetRequest.codec());
    }
    GetRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, GetRequest.codec(), opts);
    }
    GetRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, GetRequest.codec(), opts);
    }
    GetRequest.stream = stream;
})(GetRequest || (GetRequest = {}));
export var ReplicateRequest;
(function (ReplicateRequest) {
    let _codec;
    ReplicateRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.items != null && obj.items.length > 0) {
                    for (const value of obj.items) {
                        w.uint32(10);
                        Item.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    items: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.items != null && obj.items.length === opts.limits.items) {
                                throw new MaxLengthError('Decode error - repeated field "items" had too many elements');
                            }
                            obj.items.push(Item.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.items$
                            }));
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
                const obj = {
                    items: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.items != null && obj.items === opts.limits.items) {
                                throw new MaxLengthError('Streaming decode error - repeated field "items" had too many elements');
                            }
                            for (const evt of Item.codec().stream(reader, reader.uint32(), `${prefix}.items[]`, {
                                limits: opts.limits?.items$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.items
                                };
                            }
                            obj.items++;
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
        return encodeMessage(obj, ReplicateRequest.codec());
    }
    ReplicateRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ReplicateRequest.codec(), opts);
    }
    ReplicateRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ReplicateRequest.codec(), opts);
    }
    ReplicateRequest.stream = stream;
})(ReplicateRequest || (ReplicateRequest = {}));
export var FetchRangeRequest;
(function (FetchRangeRequest) {
    let _codec;
    FetchRangeRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.from != null && obj.from.byteLength > 0)) {
                    w.uint32(10);
                    w.bytes(obj.from);
                }
                if ((obj.to != null && obj.to.byteLength > 0)) {
                    w.uint32(18);
                    w.bytes(obj.to);
                }
                if (obj.afterKey != null) {
                    w.uint32(26);
                    w.string(obj.afterKey);
                }
                if ((obj.limit != null && obj.limit !== 0)) {
                    w.uint32(32);
                    w.uint32(obj.limit);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    from: uint8ArrayAlloc(0),
                    to: uint8ArrayAlloc(0),
                    limit: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.from = reader.bytes();
                            break;
                        }
                        case 2: {
                            obj.to = reader.bytes();
                            break;
                        }
                        case 3: {
                            obj.afterKey = reader.string();
                            break;
                        }
                        case 4: {
                            obj.limit = reader.uint32();
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
                                field: `${prefix}.from`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.to`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.afterKey`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.limit`,
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
        return encodeMessage(obj, FetchRangeRequest.codec());
    }
    FetchRangeRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, FetchRangeRequest.codec(), opts);
    }
    FetchRangeRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, FetchRangeRequest.codec(), opts);
    }
    FetchRangeRequest.stream = stream;
})(FetchRangeRequest || (FetchRangeRequest = {}));
export var DigestRequest;
(function (DigestRequest) {
    let _codec;
    DigestRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.from != null && obj.from.byteLength > 0)) {
                    w.uint32(10);
                    w.bytes(obj.from);
                }
                if ((obj.to != null && obj.to.byteLength > 0)) {
                    w.uint32(18);
                    w.bytes(obj.to);
                }
                if ((obj.buckets != null && obj.buckets !== 0)) {
                    w.uint32(24);
                    w.uint32(obj.buckets);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    from: uint8ArrayAlloc(0),
                    to: uint8ArrayAlloc(0),
                    buckets: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.from = reader.bytes();
                            break;
                        }
                        case 2: {
                            obj.to = reader.bytes();
                            break;
                        }
                        case 3: {
                            obj.buckets = reader.uint32();
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
                                field: `${prefix}.from`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.to`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.buckets`,
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
        return encodeMessage(obj, DigestRequest.codec());
    }
    DigestRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, DigestRequest.codec(), opts);
    }
    DigestRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, DigestRequest.codec(), opts);
    }
    DigestRequest.stream = stream;
})(DigestRequest || (DigestRequest = {}));
export var FetchBucketsRequest;
(function (FetchBucketsRequest) {
    let _codec;
    FetchBucketsRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.from != null && obj.from.byteLength > 0)) {
                    w.uint32(10);
                    w.bytes(obj.from);
                }
                if ((obj.to != null && obj.to.byteLength > 0)) {
                    w.uint32(18);
                    w.bytes(obj.to);
                }
                if ((obj.buckets != null && obj.buckets !== 0)) {
                    w.uint32(24);
                    w.uint32(obj.buckets);
                }
                if (obj.indexes != null && obj.indexes.length > 0) {
                    for (const value of obj.indexes) {
                        w.uint32(32);
                        w.uint32(value);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    from: uint8ArrayAlloc(0),
                    to: uint8ArrayAlloc(0),
                    buckets: 0,
                    indexes: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.from = reader.bytes();
                            break;
                        }
                        case 2: {
                            obj.to = reader.bytes();
                            break;
                        }
                        case 3: {
                            obj.buckets = reader.uint32();
                            break;
                        }
                        case 4: {
                            if (opts.limits?.indexes != null && obj.indexes.length === opts.limits.indexes) {
                                throw new MaxLengthError('Decode error - repeated field "indexes" had too many elements');
                            }
                            obj.indexes.push(reader.uint32());
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
                const obj = {
                    indexes: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.from`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.to`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.buckets`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 4: {
                            if (opts.limits?.indexes != null && obj.indexes === opts.limits.indexes) {
                                throw new MaxLengthError('Streaming decode error - repeated field "indexes" had too many elements');
                            }
                            yield {
                                field: `${prefix}.indexes[]`,
                                index: obj.indexes,
                                value: reader.uint32()
                            };
                            obj.indexes++;
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
        return encodeMessage(obj, FetchBucketsRequest.codec());
    }
    FetchBucketsRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, FetchBucketsRequest.codec(), opts);
    }
    FetchBucketsRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, FetchBucketsRequest.codec(), opts);
    }
    FetchBucketsRequest.stream = stream;
})(FetchBucketsRequest || (FetchBucketsRequest = {}));
export var RingViewRequest;
(function (RingViewRequest) {
    let _codec;
    RingViewRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {};
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
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
        return encodeMessage(obj, RingViewRequest.codec());
    }
    RingViewRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, RingViewRequest.codec(), opts);
    }
    RingViewRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, RingViewRequest.codec(), opts);
    }
    RingViewRequest.stream = stream;
})(RingViewRequest || (RingViewRequest = {}));
export var FlushRequest;
(function (FlushRequest) {
    let _codec;
    FlushRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {};
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
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
        return encodeMessage(obj, FlushRequest.codec());
    }
    FlushRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, FlushRequest.codec(), opts);
    }
    FlushRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, FlushRequest.codec(), opts);
    }
    FlushRequest.stream = stream;
})(FlushRequest || (FlushRequest = {}));
export var KvResponse;
(function (KvResponse) {
    let _codec;
    KvResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                obj = { ...obj };
                if (obj.ringView != null) {
                    obj.digests = undefined;
                    obj.items = undefined;
                    obj.ok = undefined;
                    obj.values = undefined;
                    obj.mutated = undefined;
                }
                if (obj.digests != null) {
                    obj.ringView = undefined;
                    obj.items = undefined;
                    obj.ok = undefined;
                    obj.values = undefined;
                    obj.mutated = undefined;
                }
                if (obj.items != null) {
                    obj.ringView = undefined;
                    obj.digests = undefined;
                    obj.ok = undefined;
                    obj.values = undefined;
                    obj.mutated = undefined;
                }
                if (obj.ok != null) {
                    obj.ringView = undefined;
                    obj.digests = undefined;
                    obj.items = undefined;
                    obj.values = undefined;
                    obj.mutated = undefined;
                }
                if (obj.values != null) {
                    obj.ringView = undefined;
                    obj.digests = undefined;
                    obj.items = undefined;
                    obj.ok = undefined;
                    obj.mutated = undefined;
                }
                if (obj.mutated != null) {
                    obj.ringView = undefined;
                    obj.digests = undefined;
                    obj.items = undefined;
                    obj.ok = undefined;
                    obj.values = undefined;
                }
                if (obj.mutated != null) {
                    w.uint32(10);
                    MutatedResponse.codec().encode(obj.mutated, w);
                }
                if (obj.values != null) {
                    w.uint32(18);
                    ValuesResponse.codec().encode(obj.values, w);
                }
                if (obj.ok != null) {
                    w.uint32(26);
                    OkResponse.codec().encode(obj.ok, w);
                }
                if (obj.items != null) {
                    w.uint32(34);
                    ItemsResponse.codec().encode(obj.items, w);
                }
                if (obj.digests != null) {
                    w.uint32(42);
                    DigestsResponse.codec().encode(obj.digests, w);
                }
                if (obj.ringView != null) {
                    w.uint32(50);
                    RingViewResponse.codec().encode(obj.ringView, w);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {};
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.mutated = MutatedResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.mutated
                            });
                            break;
                        }
                        case 2: {
                            obj.values = ValuesResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.values
                            });
                            break;
                        }
                        case 3: {
                            obj.ok = OkResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.ok
                            });
                            break;
                        }
                        case 4: {
                            obj.items = ItemsResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.items
                            });
                            break;
                        }
                        case 5: {
                            obj.digests = DigestsResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.digests
                            });
                            break;
                        }
                        case 6: {
                            obj.ringView = RingViewResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.ringView
                            });
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
                if (obj.ringView != null) {
                    delete obj.digests;
                    delete obj.items;
                    delete obj.ok;
                    delete obj.values;
                    delete obj.mutated;
                }
                if (obj.digests != null) {
                    delete obj.ringView;
                    delete obj.items;
                    delete obj.ok;
                    delete obj.values;
                    delete obj.mutated;
                }
                if (obj.items != null) {
                    delete obj.ringView;
                    delete obj.digests;
                    delete obj.ok;
                    delete obj.values;
                    delete obj.mutated;
                }
                if (obj.ok != null) {
                    delete obj.ringView;
                    delete obj.digests;
                    delete obj.items;
                    delete obj.values;
                    delete obj.mutated;
                }
                if (obj.values != null) {
                    delete obj.ringView;
                    delete obj.digests;
                    delete obj.items;
                    delete obj.ok;
                    delete obj.mutated;
                }
                if (obj.mutated != null) {
                    delete obj.ringView;
                    delete obj.digests;
                    delete obj.items;
                    delete obj.ok;
                    delete obj.values;
                }
                return obj;
            }, function* (reader, length, prefix, opts = {}) {
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield* MutatedResponse.codec().stream(reader, reader.uint32(), `${prefix}.mutated`, {
                                limits: opts.limits?.mutated
                            });
                            break;
                        }
                        case 2: {
                            yield* ValuesResponse.codec().stream(reader, reader.uint32(), `${prefix}.values`, {
                                limits: opts.limits?.values
                            });
                            break;
                        }
                        case 3: {
                            yield* OkResponse.codec().stream(reader, reader.uint32(), `${prefix}.ok`, {
                                limits: opts.limits?.ok
                            });
                            break;
                        }
                        case 4: {
                            yield* ItemsResponse.codec().stream(reader, reader.uint32(), `${prefix}.items`, {
                                limits: opts.limits?.items
                            });
                            break;
                        }
                        case 5: {
                            yield* DigestsResponse.codec().stream(reader, reader.uint32(), `${prefix}.digests`, {
                                limits: opts.limits?.digests
                            });
                            break;
                        }
                        case 6: {
                            yield* RingViewResponse.codec().stream(reader, reader.uint32(), `${prefix}.ringView`, {
                                limits: opts.limits?.ringView
                            });
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
        return encodeMessage(obj, KvResponse.codec());
    }
    KvResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, KvResponse.codec(), opts);
    }
    KvResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, KvResponse.codec(), opts);
    }
    KvResponse.stream = stream;
})(KvResponse || (KvResponse = {}));
export var MutatedResponse;
(function (MutatedResponse) {
    let _codec;
    MutatedResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.status != null && obj.status !== '')) {
                    w.uint32(10);
                    w.string(obj.status);
                }
                if (obj.cas != null) {
                    w.uint32(16);
                    w.uint64(obj.cas);
                }
                if (obj.value != null) {
                    w.uint32(24);
                    w.uint64(obj.value);
                }
                if ((obj.copies != null && obj.copies !== 0)) {
                    w.uint32(32);
                    w.uint32(obj.copies);
                }
                if ((obj.owner != null && obj.owner !== '')) {
                    w.uint32(42);
                    w.string(obj.owner);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    status: '',
                    copies: 0,
                    owner: ''
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.status = reader.string();
                            break;
                        }
                        case 2: {
                            obj.cas = reader.uint64();
                            break;
                        }
                        case 3: {
                            obj.value = reader.uint64();
                            break;
                        }
                        case 4: {
                            obj.copies = reader.uint32();
                            break;
                        }
                        case 5: {
                            obj.owner = reader.string();
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
                                field: `${prefix}.status`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.cas`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.value`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.copies`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 5: {
                            yield {
                                field: `${prefix}.owner`,
                                value: reader.string()
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
        return encodeMessage(obj, MutatedResponse.codec());
    }
    MutatedResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, MutatedResponse.codec(), opts);
    }
    MutatedResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, MutatedResponse.codec(), opts);
    }
    MutatedResponse.stream = stream;
})(MutatedResponse || (MutatedResponse = {}));
export var GetHit;
(function (GetHit) {
    let _codec;
    GetHit.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.key != null && obj.key !== '')) {
                    w.uint32(10);
                    w.string(obj.key);
                }
                if ((obj.value != null && obj.value.byteLength > 0)) {
                    w.uint32(18);
                    w.bytes(obj.value);
                }
                if ((obj.flags != null && obj.flags !== 0)) {
                    w.uint32(24);
                    w.uint32(obj.flags);
                }
                if ((obj.cas != null && obj.cas !== 0n)) {
                    w.uint32(32);
                    w.uint64(obj.cas);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    key: '',
                    value: uint8ArrayAlloc(0),
                    flags: 0,
                    cas: 0n
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.key = reader.string();
                            break;
                        }
                        case 2: {
                            obj.value = reader.bytes();
                            break;
                        }
                        case 3: {
                            obj.flags = reader.uint32();
                            break;
                        }
                        case 4: {
                            obj.cas = reader.uint64();
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
                                field: `${prefix}.key`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.value`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.flags`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.cas`,
                                value: reader.uint64()
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
        return encodeMessage(obj, GetHit.codec());
    }
    GetHit.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, GetHit.codec(), opts);
    }
    GetHit.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, GetHit.codec(), opts);
    }
    GetHit.stream = stream;
})(GetHit || (GetHit = {}));
export var ValuesResponse;
(function (ValuesResponse) {
    let _codec;
    ValuesResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.hits != null && obj.hits.length > 0) {
                    for (const value of obj.hits) {
                        w.uint32(10);
                        GetHit.codec().encode(value, w);
                    }
                }
                if ((obj.owner != null && obj.owner !== '')) {
                    w.uint32(18);
                    w.string(obj.owner);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    hits: [],
                    owner: ''
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.hits != null && obj.hits.length === opts.limits.hits) {
                                throw new MaxLengthError('Decode error - repeated field "hits" had too many elements');
                            }
                            obj.hits.push(GetHit.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.hits$
                            }));
                            break;
                        }
                        case 2: {
                            obj.owner = reader.string();
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
                const obj = {
                    hits: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.hits != null && obj.hits === opts.limits.hits) {
                                throw new MaxLengthError('Streaming decode error - repeated field "hits" had too many elements');
                            }
                            for (const evt of GetHit.codec().stream(reader, reader.uint32(), `${prefix}.hits[]`, {
                                limits: opts.limits?.hits$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.hits
                                };
                            }
                            obj.hits++;
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.owner`,
                                value: reader.string()
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
        return encodeMessage(obj, ValuesResponse.codec());
    }
    ValuesResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ValuesResponse.codec(), opts);
    }
    ValuesResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ValuesResponse.codec(), opts);
    }
    ValuesResponse.stream = stream;
})(ValuesResponse || (ValuesResponse = {}));
export var OkResponse;
(function (OkResponse) {
    let _codec;
    OkResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.applied != null && obj.applied !== 0)) {
                    w.uint32(8);
                    w.uint32(obj.applied);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    applied: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.applied = reader.uint32();
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
                                field: `${prefix}.applied`,
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
        return encodeMessage(obj, OkResponse.codec());
    }
    OkResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, OkResponse.codec(), opts);
    }
    OkResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, OkResponse.codec(), opts);
    }
    OkResponse.stream = stream;
})(OkResponse || (OkResponse = {}));
export var ItemsResponse;
(function (ItemsResponse) {
    let _codec;
    ItemsResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.items != null && obj.items.length > 0) {
                    for (const value of obj.items) {
                        w.uint32(10);
                        Item.codec().encode(value, w);
                    }
                }
                if ((obj.more != null && obj.more !== false)) {
                    w.uint32(16);
                    w.bool(obj.more);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    items: [],
                    more: false
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.items != null && obj.items.length === opts.limits.items) {
                                throw new MaxLengthError('Decode error - repeated field "items" had too many elements');
                            }
                            obj.items.push(Item.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.items$
                            }));
                            break;
                        }
                        case 2: {
                            obj.more = reader.bool();
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
                const obj = {
                    items: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.items != null && obj.items === opts.limits.items) {
                                throw new MaxLengthError('Streaming decode error - repeated field "items" had too many elements');
                            }
                            for (const evt of Item.codec().stream(reader, reader.uint32(), `${prefix}.items[]`, {
                                limits: opts.limits?.items$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.items
                                };
                            }
                            obj.items++;
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.more`,
                                value: reader.bool()
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
        return encodeMessage(obj, ItemsResponse.codec());
    }
    ItemsResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ItemsResponse.codec(), opts);
    }
    ItemsResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ItemsResponse.codec(), opts);
    }
    ItemsResponse.stream = stream;
})(ItemsResponse || (ItemsResponse = {}));
export var DigestsResponse;
(function (DigestsResponse) {
    let _codec;
    DigestsResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.digests != null && obj.digests.length > 0) {
                    for (const value of obj.digests) {
                        w.uint32(10);
                        w.bytes(value);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    digests: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.digests != null && obj.digests.length === opts.limits.digests) {
                                throw new MaxLengthError('Decode error - repeated field "digests" had too many elements');
                            }
                            obj.digests.push(reader.bytes());
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
                const obj = {
                    digests: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.digests != null && obj.digests === opts.limits.digests) {
                                throw new MaxLengthError('Streaming decode error - repeated field "digests" had too many elements');
                            }
                            yield {
                                field: `${prefix}.digests[]`,
                                index: obj.digests,
                                value: reader.bytes()
                            };
                            obj.digests++;
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
        return encodeMessage(obj, DigestsResponse.codec());
    }
    DigestsResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, DigestsResponse.codec(), opts);
    }
    DigestsResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, DigestsResponse.codec(), opts);
    }
    DigestsResponse.stream = stream;
})(DigestsResponse || (DigestsResponse = {}));
export var ViewVnode;
(function (ViewVnode) {
    let _codec;
    ViewVnode.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.id != null && obj.id.byteLength > 0)) {
                    w.uint32(10);
                    w.bytes(obj.id);
                }
                if ((obj.peerId != null && obj.peerId !== '')) {
                    w.uint32(18);
                    w.string(obj.peerId);
                }
                if (obj.addrs != null && obj.addrs.length > 0) {
                    for (const value of obj.addrs) {
                        w.uint32(26);
                        w.string(value);
                    }
                }
                if (obj.zone != null) {
                    w.uint32(34);
                    w.string(obj.zone);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    id: uint8ArrayAlloc(0),
                    peerId: '',
                    addrs: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.id = reader.bytes();
                            break;
                        }
                        case 2: {
                            obj.peerId = reader.string();
                            break;
                        }
                        case 3: {
                            if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements');
                            }
                            obj.addrs.push(reader.string());
                            break;
                        }
                        case 4: {
                            obj.zone = reader.string();
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
                const obj = {
                    addrs: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.id`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.peerId`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            if (opts.limits?.addrs != null && obj.addrs === opts.limits.addrs) {
                                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements');
                            }
                            yield {
                                field: `${prefix}.addrs[]`,
                                index: obj.addrs,
                                value: reader.string()
                            };
                            obj.addrs++;
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.zone`,
                                value: reader.string()
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
        return encodeMessage(obj, ViewVnode.codec());
    }
    ViewVnode.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ViewVnode.codec(), opts);
    }
    ViewVnode.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ViewVnode.codec(), opts);
    }
    ViewVnode.stream = stream;
})(ViewVnode || (ViewVnode = {}));
export var RingViewResponse;
(function (RingViewResponse) {
    let _codec;
    RingViewResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.m != null && obj.m !== 0)) {
                    w.uint32(8);
                    w.uint32(obj.m);
                }
                if ((obj.replicas != null && obj.replicas !== 0)) {
                    w.uint32(16);
                    w.uint32(obj.replicas);
                }
                if (obj.vnodes != null && obj.vnodes.length > 0) {
                    for (const value of obj.vnodes) {
                        w.uint32(26);
                        ViewVnode.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    m: 0,
                    replicas: 0,
                    vnodes: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.m = reader.uint32();
                            break;
                        }
                        case 2: {
                            obj.replicas = reader.uint32();
                            break;
                        }
                        case 3: {
                            if (opts.limits?.vnodes != null && obj.vnodes.length === opts.limits.vnodes) {
                                throw new MaxLengthError('Decode error - repeated field "vnodes" had too many elements');
                            }
                            obj.vnodes.push(ViewVnode.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.vnodes$
                            }));
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
                const obj = {
                    vnodes: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.m`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.replicas`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 3: {
                            if (opts.limits?.vnodes != null && obj.vnodes === opts.limits.vnodes) {
                                throw new MaxLengthError('Streaming decode error - repeated field "vnodes" had too many elements');
                            }
                            for (const evt of ViewVnode.codec().stream(reader, reader.uint32(), `${prefix}.vnodes[]`, {
                                limits: opts.limits?.vnodes$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.vnodes
                                };
                            }
                            obj.vnodes++;
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
        return encodeMessage(obj, RingViewResponse.codec());
    }
    RingViewResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, RingViewResponse.codec(), opts);
    }
    RingViewResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, RingViewResponse.codec(), opts);
    }
    RingViewResponse.stream = stream;
})(RingViewResponse || (RingViewResponse = {}));
