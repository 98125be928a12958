// Generated from coord.proto by scripts/gen-proto.ts (protons + tsc). Do not edit; run `npm run gen:proto`.
/* eslint-disable require-yield */
import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime';
export var Ballot;
(function (Ballot) {
    let _codec;
    Ballot.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.counter != null && obj.counter !== 0n)) {
                    w.uint32(8);
                    w.uint64(obj.counter);
                }
                if ((obj.proposer != null && obj.proposer !== '')) {
                    w.uint32(18);
                    w.string(obj.proposer);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    counter: 0n,
                    proposer: ''
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.counter = reader.uint64();
                            break;
                        }
                        case 2: {
                            obj.proposer = reader.string();
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
                                field: `${prefix}.counter`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.proposer`,
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
        return encodeMessage(obj, Ballot.codec());
    }
    Ballot.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, Ballot.codec(), opts);
    }
    Ballot.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, Ballot.codec(), opts);
    }
    Ballot.stream = stream;
})(Ballot || (Ballot = {}));
export var RegisterState;
(function (RegisterState) {
    let _codec;
    RegisterState.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.value != null) {
                    w.uint32(10);
                    w.bytes(obj.value);
                }
                if ((obj.version != null && obj.version !== 0n)) {
                    w.uint32(16);
                    w.uint64(obj.version);
                }
                if ((obj.writeId != null && obj.writeId !== '')) {
                    w.uint32(26);
                    w.string(obj.writeId);
                }
                if (obj.history != null && obj.history.length > 0) {
                    for (const value of obj.history) {
                        w.uint32(34);
                        HistoryEntry.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    version: 0n,
                    writeId: '',
                    history: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.value = reader.bytes();
                            break;
                        }
                        case 2: {
                            obj.version = reader.uint64();
                            break;
                        }
                        case 3: {
                            obj.writeId = reader.string();
                            break;
                        }
                        case 4: {
                            if (opts.limits?.history != null && obj.history.length === opts.limits.history) {
                                throw new MaxLengthError('Decode error - repeated field "history" had too many elements');
                            }
                            obj.history.push(HistoryEntry.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.history$
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
                    history: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.value`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.version`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.writeId`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 4: {
                            if (opts.limits?.history != null && obj.history === opts.limits.history) {
                                throw new MaxLengthError('Streaming decode error - repeated field "history" had too many elements');
                            }
                            for (const evt of HistoryEntry.codec().stream(reader, reader.uint32(), `${prefix}.history[]`, {
                                limits: opts.limits?.history$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.history
                                };
                            }
                            obj.history++;
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
        return encodeMessage(obj, RegisterState.codec());
    }
    RegisterState.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, RegisterState.codec(), opts);
    }
    RegisterState.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, RegisterState.codec(), opts);
    }
    RegisterState.stream = stream;
})(RegisterState || (RegisterState = {}));
export var HistoryEntry;
(function (HistoryEntry) {
    let _codec;
    HistoryEntry.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.value != null) {
                    w.uint32(10);
                    w.bytes(obj.value);
                }
                if ((obj.version != null && obj.version !== 0n)) {
                    w.uint32(16);
                    w.uint64(obj.version);
                }
                if ((obj.writeId != null && obj.writeId !== '')) {
                    w.uint32(26);
                    w.string(obj.writeId);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    version: 0n,
                    writeId: ''
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.value = reader.bytes();
                            break;
                        }
                        case 2: {
                            obj.version = reader.uint64();
                            break;
                        }
                        case 3: {
                            obj.writeId = reader.string();
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
                                field: `${prefix}.value`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.version`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.writeId`,
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
        return encodeMessage(obj, HistoryEntry.codec());
    }
    HistoryEntry.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, HistoryEntry.codec(), opts);
    }
    HistoryEntry.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, HistoryEntry.codec(), opts);
    }
    HistoryEntry.stream = stream;
})(HistoryEntry || (HistoryEntry = {}));
export var Member;
(function (Member) {
    let _codec;
    Member.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.peerId != null && obj.peerId !== '')) {
                    w.uint32(10);
                    w.string(obj.peerId);
                }
                if ((obj.incarnation != null && obj.incarnation !== '')) {
                    w.uint32(18);
                    w.string(obj.incarnation);
                }
                if (obj.addrs != null && obj.addrs.length > 0) {
                    for (const value of obj.addrs) {
                        w.uint32(26);
                        w.string(value);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    peerId: '',
                    incarnation: '',
                    addrs: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.peerId = reader.string();
                            break;
                        }
                        case 2: {
                            obj.incarnation = reader.string();
                            break;
                        }
                        case 3: {
                            if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements');
                            }
                            obj.addrs.push(reader.string());
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
                                field: `${prefix}.peerId`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.incarnation`,
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
        return encodeMessage(obj, Member.codec());
    }
    Member.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, Member.codec(), opts);
    }
    Member.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, Member.codec(), opts);
    }
    Member.stream = stream;
})(Member || (Member = {}));
export var GroupConfig;
(function (GroupConfig) {
    let _codec;
    GroupConfig.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.epoch != null && obj.epoch !== 0n)) {
                    w.uint32(8);
                    w.uint64(obj.epoch);
                }
                if (obj.members != null && obj.members.length > 0) {
                    for (const value of obj.members) {
                        w.uint32(18);
                        Member.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    epoch: 0n,
                    members: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.epoch = reader.uint64();
                            break;
                        }
                        case 2: {
                            if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                                throw new MaxLengthError('Decode error - repeated field "members" had too many elements');
                            }
                            obj.members.push(Member.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.members$
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
                    members: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.epoch`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 2: {
                            if (opts.limits?.members != null && obj.members === opts.limits.members) {
                                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements');
                            }
                            for (const evt of Member.codec().stream(reader, reader.uint32(), `${prefix}.members[]`, {
                                limits: opts.limits?.members$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.members
                                };
                            }
                            obj.members++;
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
        return encodeMessage(obj, GroupConfig.codec());
    }
    GroupConfig.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, GroupConfig.codec(), opts);
    }
    GroupConfig.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, GroupConfig.codec(), opts);
    }
    GroupConfig.stream = stream;
})(GroupConfig || (GroupConfig = {}));
export var CoordRequest;
(function (CoordRequest) {
    let _codec;
    CoordRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                obj = { ...obj };
                if (obj.watch != null) {
                    obj.put = undefined;
                    obj.get = undefined;
                    obj.listKeys = undefined;
                    obj.status = undefined;
                    obj.adopt = undefined;
                    obj.accept = undefined;
                    obj.prepare = undefined;
                }
                if (obj.put != null) {
                    obj.watch = undefined;
                    obj.get = undefined;
                    obj.listKeys = undefined;
                    obj.status = undefined;
                    obj.adopt = undefined;
                    obj.accept = undefined;
                    obj.prepare = undefined;
                }
                if (obj.get != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.listKeys = undefined;
                    obj.status = undefined;
                    obj.adopt = undefined;
                    obj.accept = undefined;
                    obj.prepare = undefined;
                }
                if (obj.listKeys != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.get = undefined;
                    obj.status = undefined;
                    obj.adopt = undefined;
                    obj.accept = undefined;
                    obj.prepare = undefined;
                }
                if (obj.status != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.get = undefined;
                    obj.listKeys = undefined;
                    obj.adopt = undefined;
                    obj.accept = undefined;
                    obj.prepare = undefined;
                }
                if (obj.adopt != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.get = undefined;
                    obj.listKeys = undefined;
                    obj.status = undefined;
                    obj.accept = undefined;
                    obj.prepare = undefined;
                }
                if (obj.accept != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.get = undefined;
                    obj.listKeys = undefined;
                    obj.status = undefined;
                    obj.adopt = undefined;
                    obj.prepare = undefined;
                }
                if (obj.prepare != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.get = undefined;
                    obj.listKeys = undefined;
                    obj.status = undefined;
                    obj.adopt = undefined;
                    obj.accept = undefined;
                }
                if (obj.prepare != null) {
                    w.uint32(10);
                    PrepareRequest.codec().encode(obj.prepare, w);
                }
                if (obj.accept != null) {
                    w.uint32(18);
                    AcceptRequest.codec().encode(obj.accept, w);
                }
                if (obj.adopt != null) {
                    w.uint32(26);
                    AdoptRequest.codec().encode(obj.adopt, w);
                }
                if (obj.status != null) {
                    w.uint32(34);
                    StatusRequest.codec().encode(obj.status, w);
                }
                if (obj.listKeys != null) {
                    w.uint32(42);
                    ListKeysRequest.codec().encode(obj.listKeys, w);
                }
                if (obj.get != null) {
                    w.uint32(50);
                    GetRequest.codec().encode(obj.get, w);
                }
                if (obj.put != null) {
                    w.uint32(58);
                    PutRequest.codec().encode(obj.put, w);
                }
                if (obj.watch != null) {
                    w.uint32(66);
                    WatchRequest.codec().encode(obj.watch, w);
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
                            obj.prepare = PrepareRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.prepare
                            });
                            break;
                        }
                        case 2: {
                            obj.accept = AcceptRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.accept
                            });
                            break;
                        }
                        case 3: {
                            obj.adopt = AdoptRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.adopt
                            });
                            break;
                        }
                        case 4: {
                            obj.status = StatusRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.status
                            });
                            break;
                        }
                        case 5: {
                            obj.listKeys = ListKeysRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.listKeys
                            });
                            break;
                        }
                        case 6: {
                            obj.get = GetRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.get
                            });
                            break;
                        }
                        case 7: {
                            obj.put = PutRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.put
                            });
                            break;
                        }
                        case 8: {
                            obj.watch = WatchRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.watch
                            });
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
                if (obj.watch != null) {
                    delete obj.put;
                    delete obj.get;
                    delete obj.listKeys;
                    delete obj.status;
                    delete obj.adopt;
                    delete obj.accept;
                    delete obj.prepare;
                }
                if (obj.put != null) {
                    delete obj.watch;
                    delete obj.get;
                    delete obj.listKeys;
                    delete obj.status;
                    delete obj.adopt;
                    delete obj.accept;
                    delete obj.prepare;
                }
                if (obj.get != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.listKeys;
                    delete obj.status;
                    delete obj.adopt;
                    delete obj.accept;
                    delete obj.prepare;
                }
                if (obj.listKeys != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.get;
                    delete obj.status;
                    delete obj.adopt;
                    delete obj.accept;
                    delete obj.prepare;
                }
                if (obj.status != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.get;
                    delete obj.listKeys;
                    delete obj.adopt;
                    delete obj.accept;
                    delete obj.prepare;
                }
                if (obj.adopt != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.get;
                    delete obj.listKeys;
                    delete obj.status;
                    delete obj.accept;
                    delete obj.prepare;
                }
                if (obj.accept != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.get;
                    delete obj.listKeys;
                    delete obj.status;
                    delete obj.adopt;
                    delete obj.prepare;
                }
                if (obj.prepare != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.get;
                    delete obj.listKeys;
                    delete obj.status;
                    delete obj.adopt;
                    delete obj.accept;
                }
                return obj;
            }, function* (reader, length, prefix, opts = {}) {
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield* PrepareRequest.codec().stream(reader, reader.uint32(), `${prefix}.prepare`, {
                                limits: opts.limits?.prepare
                            });
                            break;
                        }
                        case 2: {
                            yield* AcceptRequest.codec().stream(reader, reader.uint32(), `${prefix}.accept`, {
                                limits: opts.limits?.accept
                            });
                            break;
                        }
                        case 3: {
                            yield* AdoptRequest.codec().stream(reader, reader.uint32(), `${prefix}.adopt`, {
                                limits: opts.limits?.adopt
                            });
                            break;
                        }
                        case 4: {
                            yield* StatusRequest.codec().stream(reader, reader.uint32(), `${prefix}.status`, {
                                limits: opts.limits?.status
                            });
                            break;
                        }
                        case 5: {
                            yield* ListKeysRequest.codec().stream(reader, reader.uint32(), `${prefix}.listKeys`, {
                                limits: opts.limits?.listKeys
                            });
                            break;
                        }
                        case 6: {
                            yield* GetRequest.codec().stream(reader, reader.uint32(), `${prefix}.get`, {
                                limits: opts.limits?.get
                            });
                            break;
                        }
                        case 7: {
                            yield* PutRequest.codec().stream(reader, reader.uint32(), `${prefix}.put`, {
                                limits: opts.limits?.put
                            });
                            break;
                        }
                        case 8: {
                            yield* WatchRequest.codec().stream(reader, reader.uint32(), `${prefix}.watch`, {
                                limits: opts.limits?.watch
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
        return encodeMessage(obj, CoordRequest.codec());
    }
    CoordRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, CoordRequest.codec(), opts);
    }
    CoordRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, CoordRequest.codec(), opts);
    }
    CoordRequest.stream = stream;
})(CoordRequest || (CoordRequest = {}));
export var AdoptRequest;
(function (AdoptRequest) {
    let _codec;
    AdoptRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.config != null) {
                    w.uint32(10);
                    GroupConfig.codec().encode(obj.config, w);
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
                            obj.config = GroupConfig.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.config
                            });
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
                            yield* GroupConfig.codec().stream(reader, reader.uint32(), `${prefix}.config`, {
                                limits: opts.limits?.config
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
        return encodeMessage(obj, AdoptRequest.codec());
    }
    AdoptRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, AdoptRequest.codec(), opts);
    }
    AdoptRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, AdoptRequest.codec(), opts);
    }
    AdoptRequest.stream = stream;
})(AdoptRequest || (AdoptRequest = {}));
export var StatusRequest;
(function (StatusRequest) {
    let _codec;
    StatusRequest.codec = () => {
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
        return encodeMessage(obj, StatusRequest.codec());
    }
    StatusRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, StatusRequest.codec(), opts);
    }
    StatusRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, StatusRequest.codec(), opts);
    }
    StatusRequest.stream = stream;
})(StatusRequest || (StatusRequest = {}));
export var ListKeysRequest;
(function (ListKeysRequest) {
    let _codec;
    ListKeysRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.epoch != null && obj.epoch !== 0n)) {
                    w.uint32(8);
                    w.uint64(obj.epoch);
                }
                if ((obj.after != null && obj.after !== '')) {
                    w.uint32(18);
                    w.string(obj.after);
                }
                if ((obj.limit != null && obj.limit !== 0)) {
                    w.uint32(24);
                    w.uint32(obj.limit);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    epoch: 0n,
                    after: '',
                    limit: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.epoch = reader.uint64();
                            break;
                        }
                        case 2: {
                            obj.after = reader.string();
                            break;
                        }
                        case 3: {
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
                                field: `${prefix}.epoch`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.after`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
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
        return encodeMessage(obj, ListKeysRequest.codec());
    }
    ListKeysRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ListKeysRequest.codec(), opts);
    }
    ListKeysRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ListKeysRequest.codec(), opts);
    }
    ListKeysRequest.stream = stream;
})(ListKeysRequest || (ListKeysRequest = {}));
export var GetRequest;
(function (GetRequest) {
    let _codec;
    GetRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.key != null && obj.key !== '')) {
                    w.uint32(10);
                    w.string(obj.key);
                }
                if ((obj.stale != null && obj.stale !== false)) {
                    w.uint32(16);
                    w.bool(obj.stale);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    key: '',
                    stale: false
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
                            obj.stale = reader.bool();
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
                                field: `${prefix}.stale`,
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
export var PutRequest;
(function (PutRequest) {
    let _codec;
    PutRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.key != null && obj.key !== '')) {
                    w.uint32(10);
                    w.string(obj.key);
                }
                if (obj.value != null) {
                    w.uint32(18);
                    w.bytes(obj.value);
                }
                if (obj.ifVersion != null) {
                    w.uint32(24);
                    w.uint64(obj.ifVersion);
                }
                if ((obj.writeId != null && obj.writeId !== '')) {
                    w.uint32(34);
                    w.string(obj.writeId);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    key: '',
                    writeId: ''
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
                            obj.ifVersion = reader.uint64();
                            break;
                        }
                        case 4: {
                            obj.writeId = reader.string();
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
                                field: `${prefix}.ifVersion`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.writeId`,
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
        return encodeMessage(obj, PutRequest.codec());
    }
    PutRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, PutRequest.codec(), opts);
    }
    PutRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, PutRequest.codec(), opts);
    }
    PutRequest.stream = stream;
})(PutRequest || (PutRequest = {}));
export var WatchRequest;
(function (WatchRequest) {
    let _codec;
    WatchRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.key != null && obj.key !== '')) {
                    w.uint32(10);
                    w.string(obj.key);
                }
                if ((obj.after != null && obj.after !== 0n)) {
                    w.uint32(16);
                    w.uint64(obj.after);
                }
                if ((obj.waitMs != null && obj.waitMs !== 0)) {
                    w.uint32(24);
                    w.uint32(obj.waitMs);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    key: '',
                    after: 0n,
                    waitMs: 0
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
                            obj.after = reader.uint64();
                            break;
                        }
                        case 3: {
                            obj.waitMs = reader.uint32();
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
                                field: `${prefix}.after`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.waitMs`,
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
        return encodeMessage(obj, WatchRequest.codec());
    }
    WatchRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, WatchRequest.codec(), opts);
    }
    WatchRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, WatchRequest.codec(), opts);
    }
    WatchRequest.stream = stream;
})(WatchRequest || (WatchRequest = {}));
export var PrepareRequest;
(function (PrepareRequest) {
    let _codec;
    PrepareRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.key != null && obj.key !== '')) {
                    w.uint32(10);
                    w.string(obj.key);
                }
                if ((obj.epoch != null && obj.epoch !== 0n)) {
                    w.uint32(16);
                    w.uint64(obj.epoch);
                }
                if (obj.ballot != null) {
                    w.uint32(26);
                    Ballot.codec().encode(obj.ballot, w);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    key: '',
                    epoch: 0n
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
                            obj.epoch = reader.uint64();
                            break;
                        }
                        case 3: {
                            obj.ballot = Ballot.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.ballot
                            });
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
                                field: `${prefix}.epoch`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 3: {
                            yield* Ballot.codec().stream(reader, reader.uint32(), `${prefix}.ballot`, {
                                limits: opts.limits?.ballot
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
        return encodeMessage(obj, PrepareRequest.codec());
    }
    PrepareRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, PrepareRequest.codec(), opts);
    }
    PrepareRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, PrepareRequest.codec(), opts);
    }
    PrepareRequest.stream = stream;
})(PrepareRequest || (PrepareRequest = {}));
export var AcceptRequest;
(function (AcceptRequest) {
    let _codec;
    AcceptRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.key != null && obj.key !== '')) {
                    w.uint32(10);
                    w.string(obj.key);
                }
                if ((obj.epoch != null && obj.epoch !== 0n)) {
                    w.uint32(16);
                    w.uint64(obj.epoch);
                }
                if (obj.ballot != null) {
                    w.uint32(26);
                    Ballot.codec().encode(obj.ballot, w);
                }
                if (obj.state != null) {
                    w.uint32(34);
                    RegisterState.codec().encode(obj.state, w);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    key: '',
                    epoch: 0n
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
                            obj.epoch = reader.uint64();
                            break;
                        }
                        case 3: {
                            obj.ballot = Ballot.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.ballot
                            });
                            break;
                        }
                        case 4: {
                            obj.state = RegisterState.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.state
                            });
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
                                field: `${prefix}.epoch`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 3: {
                            yield* Ballot.codec().stream(reader, reader.uint32(), `${prefix}.ballot`, {
                                limits: opts.limits?.ballot
                            });
                            break;
                        }
                        case 4: {
                            yield* RegisterState.codec().stream(reader, reader.uint32(), `${prefix}.state`, {
                                limits: opts.limits?.state
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
        return encodeMessage(obj, AcceptRequest.codec());
    }
    AcceptRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, AcceptRequest.codec(), opts);
    }
    AcceptRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, AcceptRequest.codec(), opts);
    }
    AcceptRequest.stream = stream;
})(AcceptRequest || (AcceptRequest = {}));
export var CoordResponse;
(function (CoordResponse) {
    let _codec;
    CoordResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                obj = { ...obj };
                if (obj.watch != null) {
                    obj.put = undefined;
                    obj.entry = undefined;
                    obj.keys = undefined;
                    obj.status = undefined;
                    obj.conflict = undefined;
                    obj.accepted = undefined;
                    obj.promise = undefined;
                }
                if (obj.put != null) {
                    obj.watch = undefined;
                    obj.entry = undefined;
                    obj.keys = undefined;
                    obj.status = undefined;
                    obj.conflict = undefined;
                    obj.accepted = undefined;
                    obj.promise = undefined;
                }
                if (obj.entry != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.keys = undefined;
                    obj.status = undefined;
                    obj.conflict = undefined;
                    obj.accepted = undefined;
                    obj.promise = undefined;
                }
                if (obj.keys != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.entry = undefined;
                    obj.status = undefined;
                    obj.conflict = undefined;
                    obj.accepted = undefined;
                    obj.promise = undefined;
                }
                if (obj.status != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.entry = undefined;
                    obj.keys = undefined;
                    obj.conflict = undefined;
                    obj.accepted = undefined;
                    obj.promise = undefined;
                }
                if (obj.conflict != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.entry = undefined;
                    obj.keys = undefined;
                    obj.status = undefined;
                    obj.accepted = undefined;
                    obj.promise = undefined;
                }
                if (obj.accepted != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.entry = undefined;
                    obj.keys = undefined;
                    obj.status = undefined;
                    obj.conflict = undefined;
                    obj.promise = undefined;
                }
                if (obj.promise != null) {
                    obj.watch = undefined;
                    obj.put = undefined;
                    obj.entry = undefined;
                    obj.keys = undefined;
                    obj.status = undefined;
                    obj.conflict = undefined;
                    obj.accepted = undefined;
                }
                if (obj.promise != null) {
                    w.uint32(10);
                    PromiseResponse.codec().encode(obj.promise, w);
                }
                if (obj.accepted != null) {
                    w.uint32(18);
                    AcceptedResponse.codec().encode(obj.accepted, w);
                }
                if (obj.conflict != null) {
                    w.uint32(26);
                    ConflictResponse.codec().encode(obj.conflict, w);
                }
                if (obj.status != null) {
                    w.uint32(34);
                    StatusResponse.codec().encode(obj.status, w);
                }
                if (obj.keys != null) {
                    w.uint32(42);
                    KeysResponse.codec().encode(obj.keys, w);
                }
                if (obj.entry != null) {
                    w.uint32(50);
                    EntryResponse.codec().encode(obj.entry, w);
                }
                if (obj.put != null) {
                    w.uint32(58);
                    PutResponse.codec().encode(obj.put, w);
                }
                if (obj.watch != null) {
                    w.uint32(66);
                    WatchResponse.codec().encode(obj.watch, w);
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
                            obj.promise = PromiseResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.promise
                            });
                            break;
                        }
                        case 2: {
                            obj.accepted = AcceptedResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.accepted
                            });
                            break;
                        }
                        case 3: {
                            obj.conflict = ConflictResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.conflict
                            });
                            break;
                        }
                        case 4: {
                            obj.status = StatusResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.status
                            });
                            break;
                        }
                        case 5: {
                            obj.keys = KeysResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.keys
                            });
                            break;
                        }
                        case 6: {
                            obj.entry = EntryResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.entry
                            });
                            break;
                        }
                        case 7: {
                            obj.put = PutResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.put
                            });
                            break;
                        }
                        case 8: {
                            obj.watch = WatchResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.watch
                            });
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
                if (obj.watch != null) {
                    delete obj.put;
                    delete obj.entry;
                    delete obj.keys;
                    delete obj.status;
                    delete obj.conflict;
                    delete obj.accepted;
                    delete obj.promise;
                }
                if (obj.put != null) {
                    delete obj.watch;
                    delete obj.entry;
                    delete obj.keys;
                    delete obj.status;
                    delete obj.conflict;
                    delete obj.accepted;
                    delete obj.promise;
                }
                if (obj.entry != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.keys;
                    delete obj.status;
                    delete obj.conflict;
                    delete obj.accepted;
                    delete obj.promise;
                }
                if (obj.keys != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.entry;
                    delete obj.status;
                    delete obj.conflict;
                    delete obj.accepted;
                    delete obj.promise;
                }
                if (obj.status != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.entry;
                    delete obj.keys;
                    delete obj.conflict;
                    delete obj.accepted;
                    delete obj.promise;
                }
                if (obj.conflict != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.entry;
                    delete obj.keys;
                    delete obj.status;
                    delete obj.accepted;
                    delete obj.promise;
                }
                if (obj.accepted != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.entry;
                    delete obj.keys;
                    delete obj.status;
                    delete obj.conflict;
                    delete obj.promise;
                }
                if (obj.promise != null) {
                    delete obj.watch;
                    delete obj.put;
                    delete obj.entry;
                    delete obj.keys;
                    delete obj.status;
                    delete obj.conflict;
                    delete obj.accepted;
                }
                return obj;
            }, function* (reader, length, prefix, opts = {}) {
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield* PromiseResponse.codec().stream(reader, reader.uint32(), `${prefix}.promise`, {
                                limits: opts.limits?.promise
                            });
                            break;
                        }
                        case 2: {
                            yield* AcceptedResponse.codec().stream(reader, reader.uint32(), `${prefix}.accepted`, {
                                limits: opts.limits?.accepted
                            });
                            break;
                        }
                        case 3: {
                            yield* ConflictResponse.codec().stream(reader, reader.uint32(), `${prefix}.conflict`, {
                                limits: opts.limits?.conflict
                            });
                            break;
                        }
                        case 4: {
                            yield* StatusResponse.codec().stream(reader, reader.uint32(), `${prefix}.status`, {
                                limits: opts.limits?.status
                            });
                            break;
                        }
                        case 5: {
                            yield* KeysResponse.codec().stream(reader, reader.uint32(), `${prefix}.keys`, {
                                limits: opts.limits?.keys
                            });
                            break;
                        }
                        case 6: {
                            yield* EntryResponse.codec().stream(reader, reader.uint32(), `${prefix}.entry`, {
                                limits: opts.limits?.entry
                            });
                            break;
                        }
                        case 7: {
                            yield* PutResponse.codec().stream(reader, reader.uint32(), `${prefix}.put`, {
                                limits: opts.limits?.put
                            });
                            break;
                        }
                        case 8: {
                            yield* WatchResponse.codec().stream(reader, reader.uint32(), `${prefix}.watch`, {
                                limits: opts.limits?.watch
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
        return encodeMessage(obj, CoordResponse.codec());
    }
    CoordResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, CoordResponse.codec(), opts);
    }
    CoordResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, CoordResponse.codec(), opts);
    }
    CoordResponse.stream = stream;
})(CoordResponse || (CoordResponse = {}));
export var StatusResponse;
(function (StatusResponse) {
    let _codec;
    StatusResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.config != null) {
                    w.uint32(10);
                    GroupConfig.codec().encode(obj.config, w);
                }
                if ((obj.incarnation != null && obj.incarnation !== '')) {
                    w.uint32(18);
                    w.string(obj.incarnation);
                }
                if ((obj.mismatch != null && obj.mismatch !== false)) {
                    w.uint32(24);
                    w.bool(obj.mismatch);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    incarnation: '',
                    mismatch: false
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.config = GroupConfig.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.config
                            });
                            break;
                        }
                        case 2: {
                            obj.incarnation = reader.string();
                            break;
                        }
                        case 3: {
                            obj.mismatch = reader.bool();
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
                            yield* GroupConfig.codec().stream(reader, reader.uint32(), `${prefix}.config`, {
                                limits: opts.limits?.config
                            });
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.incarnation`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.mismatch`,
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
        return encodeMessage(obj, StatusResponse.codec());
    }
    StatusResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, StatusResponse.codec(), opts);
    }
    StatusResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, StatusResponse.codec(), opts);
    }
    StatusResponse.stream = stream;
})(StatusResponse || (StatusResponse = {}));
export var KeysResponse;
(function (KeysResponse) {
    let _codec;
    KeysResponse.codec = () => {
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
                if ((obj.more != null && obj.more !== false)) {
                    w.uint32(16);
                    w.bool(obj.more);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    keys: [],
                    more: false
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
        return encodeMessage(obj, KeysResponse.codec());
    }
    KeysResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, KeysResponse.codec(), opts);
    }
    KeysResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, KeysResponse.codec(), opts);
    }
    KeysResponse.stream = stream;
})(KeysResponse || (KeysResponse = {}));
export var EntryResponse;
(function (EntryResponse) {
    let _codec;
    EntryResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.state != null) {
                    w.uint32(10);
                    RegisterState.codec().encode(obj.state, w);
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
                            obj.state = RegisterState.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.state
                            });
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
                            yield* RegisterState.codec().stream(reader, reader.uint32(), `${prefix}.state`, {
                                limits: opts.limits?.state
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
        return encodeMessage(obj, EntryResponse.codec());
    }
    EntryResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, EntryResponse.codec(), opts);
    }
    EntryResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, EntryResponse.codec(), opts);
    }
    EntryResponse.stream = stream;
})(EntryResponse || (EntryResponse = {}));
export var PutResponse;
(function (PutResponse) {
    let _codec;
    PutResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.ok != null && obj.ok !== false)) {
                    w.uint32(8);
                    w.bool(obj.ok);
                }
                if ((obj.version != null && obj.version !== 0n)) {
                    w.uint32(16);
                    w.uint64(obj.version);
                }
                if (obj.current != null) {
                    w.uint32(26);
                    RegisterState.codec().encode(obj.current, w);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    ok: false,
                    version: 0n
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.ok = reader.bool();
                            break;
                        }
                        case 2: {
                            obj.version = reader.uint64();
                            break;
                        }
                        case 3: {
                            obj.current = RegisterState.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.current
                            });
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
                                field: `${prefix}.ok`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.version`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 3: {
                            yield* RegisterState.codec().stream(reader, reader.uint32(), `${prefix}.current`, {
                                limits: opts.limits?.current
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
        return encodeMessage(obj, PutResponse.codec());
    }
    PutResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, PutResponse.codec(), opts);
    }
    PutResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, PutResponse.codec(), opts);
    }
    PutResponse.stream = stream;
})(PutResponse || (PutResponse = {}));
export var WatchResponse;
(function (WatchResponse) {
    let _codec;
    WatchResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.events != null && obj.events.length > 0) {
                    for (const value of obj.events) {
                        w.uint32(10);
                        RegisterState.codec().encode(value, w);
                    }
                }
                if ((obj.resync != null && obj.resync !== false)) {
                    w.uint32(16);
                    w.bool(obj.resync);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    events: [],
                    resync: false
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.events != null && obj.events.length === opts.limits.events) {
                                throw new MaxLengthError('Decode error - repeated field "events" had too many elements');
                            }
                            obj.events.push(RegisterState.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.events$
                            }));
                            break;
                        }
                        case 2: {
                            obj.resync = reader.bool();
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
                    events: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.events != null && obj.events === opts.limits.events) {
                                throw new MaxLengthError('Streaming decode error - repeated field "events" had too many elements');
                            }
                            for (const evt of RegisterState.codec().stream(reader, reader.uint32(), `${prefix}.events[]`, {
                                limits: opts.limits?.events$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.events
                                };
                            }
                            obj.events++;
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.resync`,
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
        return encodeMessage(obj, WatchResponse.codec());
    }
    WatchResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, WatchResponse.codec(), opts);
    }
    WatchResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, WatchResponse.codec(), opts);
    }
    WatchResponse.stream = stream;
})(WatchResponse || (WatchResponse = {}));
export var AcceptedState;
(function (AcceptedState) {
    let _codec;
    AcceptedState.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.ballot != null) {
                    w.uint32(10);
                    Ballot.codec().encode(obj.ballot, w);
                }
                if (obj.state != null) {
                    w.uint32(18);
                    RegisterState.codec().encode(obj.state, w);
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
                            obj.ballot = Ballot.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.ballot
                            });
                            break;
                        }
                        case 2: {
                            obj.state = RegisterState.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.state
                            });
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
                            yield* Ballot.codec().stream(reader, reader.uint32(), `${prefix}.ballot`, {
                                limits: opts.limits?.ballot
                            });
                            break;
                        }
                        case 2: {
                            yield* RegisterState.codec().stream(reader, reader.uint32(), `${prefix}.state`, {
                                limits: opts.limits?.state
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
        return encodeMessage(obj, AcceptedState.codec());
    }
    AcceptedState.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, AcceptedState.codec(), opts);
    }
    AcceptedState.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, AcceptedState.codec(), opts);
    }
    AcceptedState.stream = stream;
})(AcceptedState || (AcceptedState = {}));
export var PromiseResponse;
(function (PromiseResponse) {
    let _codec;
    PromiseResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.accepted != null) {
                    w.uint32(10);
                    AcceptedState.codec().encode(obj.accepted, w);
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
                            obj.accepted = AcceptedState.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.accepted
                            });
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
                            yield* AcceptedState.codec().stream(reader, reader.uint32(), `${prefix}.accepted`, {
                                limits: opts.limits?.accepted
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
        return encodeMessage(obj, PromiseResponse.codec());
    }
    PromiseResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, PromiseResponse.codec(), opts);
    }
    PromiseResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, PromiseResponse.codec(), opts);
    }
    PromiseResponse.stream = stream;
})(PromiseResponse || (PromiseResponse = {}));
export var AcceptedResponse;
(function (AcceptedResponse) {
    let _codec;
    AcceptedResponse.codec = () => {
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
        return encodeMessage(obj, AcceptedResponse.codec());
    }
    AcceptedResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, AcceptedResponse.codec(), opts);
    }
    AcceptedResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, AcceptedResponse.codec(), opts);
    }
    AcceptedResponse.stream = stream;
})(AcceptedResponse || (AcceptedResponse = {}));
export var ConflictResponse;
(function (ConflictResponse) {
    let _codec;
    ConflictResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.promised != null) {
                    w.uint32(10);
                    Ballot.codec().encode(obj.promised, w);
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
                            obj.promised = Ballot.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.promised
                            });
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
                            yield* Ballot.codec().stream(reader, reader.uint32(), `${prefix}.promised`, {
                                limits: opts.limits?.promised
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
        return encodeMessage(obj, ConflictResponse.codec());
    }
    ConflictResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ConflictResponse.codec(), opts);
    }
    ConflictResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ConflictResponse.codec(), opts);
    }
    ConflictResponse.stream = stream;
})(ConflictResponse || (ConflictResponse = {}));
