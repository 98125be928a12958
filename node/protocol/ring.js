// Generated from ring.proto by scripts/gen-proto.ts (protons + tsc). Do not edit; run `npm run gen:proto`.
/* eslint-disable require-yield */
import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime';
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc';
export var NodeRef;
(function (NodeRef) {
    let _codec;
    NodeRef.codec = () => {
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
        return encodeMessage(obj, NodeRef.codec());
    }
    NodeRef.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, NodeRef.codec(), opts);
    }
    NodeRef.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, NodeRef.codec(), opts);
    }
    NodeRef.stream = stream;
})(NodeRef || (NodeRef = {}));
export var RingRequest;
(function (RingRequest) {
    let _codec;
    RingRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                obj = { ...obj };
                if (obj.leaving != null) {
                    obj.findSuccessor = undefined;
                    obj.notify = undefined;
                    obj.getState = undefined;
                    obj.vnodes = undefined;
                    obj.ping = undefined;
                }
                if (obj.findSuccessor != null) {
                    obj.leaving = undefined;
                    obj.notify = undefined;
                    obj.getState = undefined;
                    obj.vnodes = undefined;
                    obj.ping = undefined;
                }
                if (obj.notify != null) {
                    obj.leaving = undefined;
                    obj.findSuccessor = undefined;
                    obj.getState = undefined;
                    obj.vnodes = undefined;
                    obj.ping = undefined;
                }
                if (obj.getState != null) {
                    obj.leaving = undefined;
                    obj.findSuccessor = undefined;
                    obj.notify = undefined;
                    obj.vnodes = undefined;
                    obj.ping = undefined;
                }
                if (obj.vnodes != null) {
                    obj.leaving = undefined;
                    obj.findSuccessor = undefined;
                    obj.notify = undefined;
                    obj.getState = undefined;
                    obj.ping = undefined;
                }
                if (obj.ping != null) {
                    obj.leaving = undefined;
                    obj.findSuccessor = undefined;
                    obj.notify = undefined;
                    obj.getState = undefined;
                    obj.vnodes = undefined;
                }
                if (obj.ping != null) {
                    w.uint32(10);
                    PingRequest.codec().encode(obj.ping, w);
                }
                if (obj.vnodes != null) {
                    w.uint32(18);
                    VnodesRequest.codec().encode(obj.vnodes, w);
                }
                if (obj.getState != null) {
                    w.uint32(26);
                    GetStateRequest.codec().encode(obj.getState, w);
                }
                if (obj.notify != null) {
                    w.uint32(34);
                    NotifyRequest.codec().encode(obj.notify, w);
                }
                if (obj.findSuccessor != null) {
                    w.uint32(42);
                    FindSuccessorRequest.codec().encode(obj.findSuccessor, w);
                }
                if (obj.leaving != null) {
                    w.uint32(50);
                    LeavingRequest.codec().encode(obj.leaving, w);
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
                            obj.ping = PingRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.ping
                            });
                            break;
                        }
                        case 2: {
                            obj.vnodes = VnodesRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.vnodes
                            });
                            break;
                        }
                        case 3: {
                            obj.getState = GetStateRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.getState
                            });
                            break;
                        }
                        case 4: {
                            obj.notify = NotifyRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.notify
                            });
                            break;
                        }
                        case 5: {
                            obj.findSuccessor = FindSuccessorRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.findSuccessor
                            });
                            break;
                        }
                        case 6: {
                            obj.leaving = LeavingRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.leaving
                            });
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
                if (obj.leaving != null) {
                    delete obj.findSuccessor;
                    delete obj.notify;
                    delete obj.getState;
                    delete obj.vnodes;
                    delete obj.ping;
                }
                if (obj.findSuccessor != null) {
                    delete obj.leaving;
                    delete obj.notify;
                    delete obj.getState;
                    delete obj.vnodes;
                    delete obj.ping;
                }
                if (obj.notify != null) {
                    delete obj.leaving;
                    delete obj.findSuccessor;
                    delete obj.getState;
                    delete obj.vnodes;
                    delete obj.ping;
                }
                if (obj.getState != null) {
                    delete obj.leaving;
                    delete obj.findSuccessor;
                    delete obj.notify;
                    delete obj.vnodes;
                    delete obj.ping;
                }
                if (obj.vnodes != null) {
                    delete obj.leaving;
                    delete obj.findSuccessor;
                    delete obj.notify;
                    delete obj.getState;
                    delete obj.ping;
                }
                if (obj.ping != null) {
                    delete obj.leaving;
                    delete obj.findSuccessor;
                    delete obj.notify;
                    delete obj.getState;
                    delete obj.vnodes;
                }
                return obj;
            }, function* (reader, length, prefix, opts = {}) {
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield* PingRequest.codec().stream(reader, reader.uint32(), `${prefix}.ping`, {
                                limits: opts.limits?.ping
                            });
                            break;
                        }
                        case 2: {
                            yield* VnodesRequest.codec().stream(reader, reader.uint32(), `${prefix}.vnodes`, {
                                limits: opts.limits?.vnodes
                            });
                            break;
                        }
                        case 3: {
                            yield* GetStateRequest.codec().stream(reader, reader.uint32(), `${prefix}.getState`, {
                                limits: opts.limits?.getState
                            });
                            break;
                        }
                        case 4: {
                            yield* NotifyRequest.codec().stream(reader, reader.uint32(), `${prefix}.notify`, {
                                limits: opts.limits?.notify
                            });
                            break;
                        }
                        case 5: {
                            yield* FindSuccessorRequest.codec().stream(reader, reader.uint32(), `${prefix}.findSuccessor`, {
                                limits: opts.limits?.findSuccessor
                            });
                            break;
                        }
                        case 6: {
                            yield* LeavingRequest.codec().stream(reader, reader.uint32(), `${prefix}.leaving`, {
                                limits: opts.limits?.leaving
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
        return encodeMessage(obj, RingRequest.codec());
    }
    RingRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, RingRequest.codec(), opts);
    }
    RingRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, RingRequest.codec(), opts);
    }
    RingRequest.stream = stream;
})(RingRequest || (RingRequest = {}));
export var PingRequest;
(function (PingRequest) {
    let _codec;
    PingRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.target != null) {
                    w.uint32(10);
                    w.bytes(obj.target);
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
                            obj.target = reader.bytes();
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
                                field: `${prefix}.target`,
                                value: reader.bytes()
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
        return encodeMessage(obj, PingRequest.codec());
    }
    PingRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, PingRequest.codec(), opts);
    }
    PingRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, PingRequest.codec(), opts);
    }
    PingRequest.stream = stream;
})(PingRequest || (PingRequest = {}));
export var VnodesRequest;
(function (VnodesRequest) {
    let _codec;
    VnodesRequest.codec = () => {
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
        return encodeMessage(obj, VnodesRequest.codec());
    }
    VnodesRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, VnodesRequest.codec(), opts);
    }
    VnodesRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, VnodesRequest.codec(), opts);
    }
    VnodesRequest.stream = stream;
})(VnodesRequest || (VnodesRequest = {}));
export var GetStateRequest;
(function (GetStateRequest) {
    let _codec;
    GetStateRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.target != null && obj.target.byteLength > 0)) {
                    w.uint32(10);
                    w.bytes(obj.target);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    target: uint8ArrayAlloc(0)
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.target = reader.bytes();
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
                                field: `${prefix}.target`,
                                value: reader.bytes()
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
        return encodeMessage(obj, GetStateRequest.codec());
    }
    GetStateRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, GetStateRequest.codec(), opts);
    }
    GetStateRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, GetStateRequest.codec(), opts);
    }
    GetStateRequest.stream = stream;
})(GetStateRequest || (GetStateRequest = {}));
export var NotifyRequest;
(function (NotifyRequest) {
    let _codec;
    NotifyRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.target != null && obj.target.byteLength > 0)) {
                    w.uint32(10);
                    w.bytes(obj.target);
                }
                if (obj.candidate != null) {
                    w.uint32(18);
                    NodeRef.codec().encode(obj.candidate, w);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    target: uint8ArrayAlloc(0)
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.target = reader.bytes();
                            break;
                        }
                        case 2: {
                            obj.candidate = NodeRef.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.candidate
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
                                field: `${prefix}.target`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 2: {
                            yield* NodeRef.codec().stream(reader, reader.uint32(), `${prefix}.candidate`, {
                                limits: opts.limits?.candidate
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
        return encodeMessage(obj, NotifyRequest.codec());
    }
    NotifyRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, NotifyRequest.codec(), opts);
    }
    NotifyRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, NotifyRequest.codec(), opts);
    }
    NotifyRequest.stream = stream;
})(NotifyRequest || (NotifyRequest = {}));
export var FindSuccessorRequest;
(function (FindSuccessorRequest) {
    let _codec;
    FindSuccessorRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.key != null && obj.key.byteLength > 0)) {
                    w.uint32(10);
                    w.bytes(obj.key);
                }
                if (obj.exclude != null && obj.exclude.length > 0) {
                    for (const value of obj.exclude) {
                        w.uint32(18);
                        w.string(value);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    key: uint8ArrayAlloc(0),
                    exclude: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.key = reader.bytes();
                            break;
                        }
                        case 2: {
                            if (opts.limits?.exclude != null && obj.exclude.length === opts.limits.exclude) {
                                throw new MaxLengthError('Decode error - repeated field "exclude" had too many elements');
                            }
                            obj.exclude.push(reader.string());
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
                    exclude: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.key`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 2: {
                            if (opts.limits?.exclude != null && obj.exclude === opts.limits.exclude) {
                                throw new MaxLengthError('Streaming decode error - repeated field "exclude" had too many elements');
                            }
                            yield {
                                field: `${prefix}.exclude[]`,
                                index: obj.exclude,
                                value: reader.string()
                            };
                            obj.exclude++;
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
        return encodeMessage(obj, FindSuccessorRequest.codec());
    }
    FindSuccessorRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, FindSuccessorRequest.codec(), opts);
    }
    FindSuccessorRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, FindSuccessorRequest.codec(), opts);
    }
    FindSuccessorRequest.stream = stream;
})(FindSuccessorRequest || (FindSuccessorRequest = {}));
export var LeavingRequest;
(function (LeavingRequest) {
    let _codec;
    LeavingRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.target != null && obj.target.byteLength > 0)) {
                    w.uint32(10);
                    w.bytes(obj.target);
                }
                if (obj.leaver != null) {
                    w.uint32(18);
                    NodeRef.codec().encode(obj.leaver, w);
                }
                if (obj.predecessor != null) {
                    w.uint32(26);
                    NodeRef.codec().encode(obj.predecessor, w);
                }
                if (obj.successors != null && obj.successors.length > 0) {
                    for (const value of obj.successors) {
                        w.uint32(34);
                        NodeRef.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    target: uint8ArrayAlloc(0),
                    successors: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.target = reader.bytes();
                            break;
                        }
                        case 2: {
                            obj.leaver = NodeRef.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.leaver
                            });
                            break;
                        }
                        case 3: {
                            obj.predecessor = NodeRef.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.predecessor
                            });
                            break;
                        }
                        case 4: {
                            if (opts.limits?.successors != null && obj.successors.length === opts.limits.successors) {
                                throw new MaxLengthError('Decode error - repeated field "successors" had too many elements');
                            }
                            obj.successors.push(NodeRef.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.successors$
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
                    successors: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.target`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 2: {
                            yield* NodeRef.codec().stream(reader, reader.uint32(), `${prefix}.leaver`, {
                                limits: opts.limits?.leaver
                            });
                            break;
                        }
                        case 3: {
                            yield* NodeRef.codec().stream(reader, reader.uint32(), `${prefix}.predecessor`, {
                                limits: opts.limits?.predecessor
                            });
                            break;
                        }
                        case 4: {
                            if (opts.limits?.successors != null && obj.successors === opts.limits.successors) {
                                throw new MaxLengthError('Streaming decode error - repeated field "successors" had too many elements');
                            }
                            for (const evt of NodeRef.codec().stream(reader, reader.uint32(), `${prefix}.successors[]`, {
                                limits: opts.limits?.successors$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.successors
                                };
                            }
                            obj.successors++;
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
        return encodeMessage(obj, LeavingRequest.codec());
    }
    LeavingRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, LeavingRequest.codec(), opts);
    }
    LeavingRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, LeavingRequest.codec(), opts);
    }
    LeavingRequest.stream = stream;
})(LeavingRequest || (LeavingRequest = {}));
export var RingResponse;
(function (RingResponse) {
    let _codec;
    RingResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                obj = { ...obj };
                if (obj.step != null) {
                    obj.state = undefined;
                    obj.vnodes = undefined;
                    obj.ok = undefined;
                    obj.pong = undefined;
                }
                if (obj.state != null) {
                    obj.step = undefined;
                    obj.vnodes = undefined;
                    obj.ok = undefined;
                    obj.pong = undefined;
                }
                if (obj.vnodes != null) {
                    obj.step = undefined;
                    obj.state = undefined;
                    obj.ok = undefined;
                    obj.pong = undefined;
                }
                if (obj.ok != null) {
                    obj.step = undefined;
                    obj.state = undefined;
                    obj.vnodes = undefined;
                    obj.pong = undefined;
                }
                if (obj.pong != null) {
                    obj.step = undefined;
                    obj.state = undefined;
                    obj.vnodes = undefined;
                    obj.ok = undefined;
                }
                if (obj.pong != null) {
                    w.uint32(10);
                    PongResponse.codec().encode(obj.pong, w);
                }
                if (obj.ok != null) {
                    w.uint32(18);
                    OkResponse.codec().encode(obj.ok, w);
                }
                if (obj.vnodes != null) {
                    w.uint32(26);
                    VnodesResponse.codec().encode(obj.vnodes, w);
                }
                if (obj.state != null) {
                    w.uint32(34);
                    StateResponse.codec().encode(obj.state, w);
                }
                if (obj.step != null) {
                    w.uint32(42);
                    StepResponse.codec().encode(obj.step, w);
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
                            obj.pong = PongResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.pong
                            });
                            break;
                        }
                        case 2: {
                            obj.ok = OkResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.ok
                            });
                            break;
                        }
                        case 3: {
                            obj.vnodes = VnodesResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.vnodes
                            });
                            break;
                        }
                        case 4: {
                            obj.state = StateResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.state
                            });
                            break;
                        }
                        case 5: {
                            obj.step = StepResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.step
                            });
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
                if (obj.step != null) {
                    delete obj.state;
                    delete obj.vnodes;
                    delete obj.ok;
                    delete obj.pong;
                }
                if (obj.state != null) {
                    delete obj.step;
                    delete obj.vnodes;
                    delete obj.ok;
                    delete obj.pong;
                }
                if (obj.vnodes != null) {
                    delete obj.step;
                    delete obj.state;
                    delete obj.ok;
                    delete obj.pong;
                }
                if (obj.ok != null) {
                    delete obj.step;
                    delete obj.state;
                    delete obj.vnodes;
                    delete obj.pong;
                }
                if (obj.pong != null) {
                    delete obj.step;
                    delete obj.state;
                    delete obj.vnodes;
                    delete obj.ok;
                }
                return obj;
            }, function* (reader, length, prefix, opts = {}) {
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield* PongResponse.codec().stream(reader, reader.uint32(), `${prefix}.pong`, {
                                limits: opts.limits?.pong
                            });
                            break;
                        }
                        case 2: {
                            yield* OkResponse.codec().stream(reader, reader.uint32(), `${prefix}.ok`, {
                                limits: opts.limits?.ok
                            });
                            break;
                        }
                        case 3: {
                            yield* VnodesResponse.codec().stream(reader, reader.uint32(), `${prefix}.vnodes`, {
                                limits: opts.limits?.vnodes
                            });
                            break;
                        }
                        case 4: {
                            yield* StateResponse.codec().stream(reader, reader.uint32(), `${prefix}.state`, {
                                limits: opts.limits?.state
                            });
                            break;
                        }
                        case 5: {
                            yield* StepResponse.codec().stream(reader, reader.uint32(), `${prefix}.step`, {
                                limits: opts.limits?.step
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
        return encodeMessage(obj, RingResponse.codec());
    }
    RingResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, RingResponse.codec(), opts);
    }
    RingResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, RingResponse.codec(), opts);
    }
    RingResponse.stream = stream;
})(RingResponse || (RingResponse = {}));
export var PongResponse;
(function (PongResponse) {
    let _codec;
    PongResponse.codec = () => {
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
        return encodeMessage(obj, PongResponse.codec());
    }
    PongResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, PongResponse.codec(), opts);
    }
    PongResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, PongResponse.codec(), opts);
    }
    PongResponse.stream = stream;
})(PongResponse || (PongResponse = {}));
export var OkResponse;
(function (OkResponse) {
    let _codec;
    OkResponse.codec = () => {
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
export var VnodesResponse;
(function (VnodesResponse) {
    let _codec;
    VnodesResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.vnodes != null && obj.vnodes.length > 0) {
                    for (const value of obj.vnodes) {
                        w.uint32(10);
                        NodeRef.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    vnodes: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.vnodes != null && obj.vnodes.length === opts.limits.vnodes) {
                                throw new MaxLengthError('Decode error - repeated field "vnodes" had too many elements');
                            }
                            obj.vnodes.push(NodeRef.codec().decode(reader, reader.uint32(), {
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
                            if (opts.limits?.vnodes != null && obj.vnodes === opts.limits.vnodes) {
                                throw new MaxLengthError('Streaming decode error - repeated field "vnodes" had too many elements');
                            }
                            for (const evt of NodeRef.codec().stream(reader, reader.uint32(), `${prefix}.vnodes[]`, {
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
        return encodeMessage(obj, VnodesResponse.codec());
    }
    VnodesResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, VnodesResponse.codec(), opts);
    }
    VnodesResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, VnodesResponse.codec(), opts);
    }
    VnodesResponse.stream = stream;
})(VnodesResponse || (VnodesResponse = {}));
export var StateResponse;
(function (StateResponse) {
    let _codec;
    StateResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.predecessor != null) {
                    w.uint32(10);
                    NodeRef.codec().encode(obj.predecessor, w);
                }
                if (obj.successors != null && obj.successors.length > 0) {
                    for (const value of obj.successors) {
                        w.uint32(18);
                        NodeRef.codec().encode(value, w);
                    }
                }
                if ((obj.member != null && obj.member !== false)) {
                    w.uint32(24);
                    w.bool(obj.member);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    successors: [],
                    member: false
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.predecessor = NodeRef.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.predecessor
                            });
                            break;
                        }
                        case 2: {
                            if (opts.limits?.successors != null && obj.successors.length === opts.limits.successors) {
                                throw new MaxLengthError('Decode error - repeated field "successors" had too many elements');
                            }
                            obj.successors.push(NodeRef.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.successors$
                            }));
                            break;
                        }
                        case 3: {
                            obj.member = reader.bool();
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
                    successors: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield* NodeRef.codec().stream(reader, reader.uint32(), `${prefix}.predecessor`, {
                                limits: opts.limits?.predecessor
                            });
                            break;
                        }
                        case 2: {
                            if (opts.limits?.successors != null && obj.successors === opts.limits.successors) {
                                throw new MaxLengthError('Streaming decode error - repeated field "successors" had too many elements');
                            }
                            for (const evt of NodeRef.codec().stream(reader, reader.uint32(), `${prefix}.successors[]`, {
                                limits: opts.limits?.successors$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.successors
                                };
                            }
                            obj.successors++;
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.member`,
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
        return encodeMessage(obj, StateResponse.codec());
    }
    StateResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, StateResponse.codec(), opts);
    }
    StateResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, StateResponse.codec(), opts);
    }
    StateResponse.stream = stream;
})(StateResponse || (StateResponse = {}));
export var StepResponse;
(function (StepResponse) {
    let _codec;
    StepResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.done != null && obj.done !== false)) {
                    w.uint32(8);
                    w.bool(obj.done);
                }
                if (obj.nodes != null && obj.nodes.length > 0) {
                    for (const value of obj.nodes) {
                        w.uint32(18);
                        NodeRef.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    done: false,
                    nodes: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.done = reader.bool();
                            break;
                        }
                        case 2: {
                            if (opts.limits?.nodes != null && obj.nodes.length === opts.limits.nodes) {
                                throw new MaxLengthError('Decode error - repeated field "nodes" had too many elements');
                            }
                            obj.nodes.push(NodeRef.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.nodes$
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
                    nodes: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.done`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 2: {
                            if (opts.limits?.nodes != null && obj.nodes === opts.limits.nodes) {
                                throw new MaxLengthError('Streaming decode error - repeated field "nodes" had too many elements');
                            }
                            for (const evt of NodeRef.codec().stream(reader, reader.uint32(), `${prefix}.nodes[]`, {
                                limits: opts.limits?.nodes$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.nodes
                                };
                            }
                            obj.nodes++;
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
        return encodeMessage(obj, StepResponse.codec());
    }
    StepResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, StepResponse.codec(), opts);
    }
    StepResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, StepResponse.codec(), opts);
    }
    StepResponse.stream = stream;
})(StepResponse || (StepResponse = {}));
