// Generated from coord.proto by scripts/gen-proto.ts (protons + tsc). Do not edit; run `npm run gen:proto`.
/* eslint-disable require-yield */
import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime';
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
                if (obj.accept != null) {
                    obj.prepare = undefined;
                }
                if (obj.prepare != null) {
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
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
                if (obj.accept != null) {
                    delete obj.prepare;
                }
                if (obj.prepare != null) {
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
                if (obj.conflict != null) {
                    obj.accepted = undefined;
                    obj.promise = undefined;
                }
                if (obj.accepted != null) {
                    obj.conflict = undefined;
                    obj.promise = undefined;
                }
                if (obj.promise != null) {
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
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
                if (obj.conflict != null) {
                    delete obj.accepted;
                    delete obj.promise;
                }
                if (obj.accepted != null) {
                    delete obj.conflict;
                    delete obj.promise;
                }
                if (obj.promise != null) {
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
