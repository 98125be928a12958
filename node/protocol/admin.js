// Generated from admin.proto by scripts/gen-proto.ts (protons + tsc). Do not edit; run `npm run gen:proto`.
/* eslint-disable require-yield */
import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime';
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc';
export var AdminRequest;
(function (AdminRequest) {
    let _codec;
    AdminRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.describe != null) {
                    w.uint32(10);
                    DescribeRequest.codec().encode(obj.describe, w);
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
                            obj.describe = DescribeRequest.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.describe
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
                            yield* DescribeRequest.codec().stream(reader, reader.uint32(), `${prefix}.describe`, {
                                limits: opts.limits?.describe
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
        return encodeMessage(obj, AdminRequest.codec());
    }
    AdminRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, AdminRequest.codec(), opts);
    }
    AdminRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, AdminRequest.codec(), opts);
    }
    AdminRequest.stream = stream;
})(AdminRequest || (AdminRequest = {}));
export var DescribeRequest;
(function (DescribeRequest) {
    let _codec;
    DescribeRequest.codec = () => {
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
        return encodeMessage(obj, DescribeRequest.codec());
    }
    DescribeRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, DescribeRequest.codec(), opts);
    }
    DescribeRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, DescribeRequest.codec(), opts);
    }
    DescribeRequest.stream = stream;
})(DescribeRequest || (DescribeRequest = {}));
export var AdminResponse;
(function (AdminResponse) {
    let _codec;
    AdminResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.describe != null) {
                    w.uint32(10);
                    DescribeResponse.codec().encode(obj.describe, w);
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
                            obj.describe = DescribeResponse.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.describe
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
                            yield* DescribeResponse.codec().stream(reader, reader.uint32(), `${prefix}.describe`, {
                                limits: opts.limits?.describe
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
        return encodeMessage(obj, AdminResponse.codec());
    }
    AdminResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, AdminResponse.codec(), opts);
    }
    AdminResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, AdminResponse.codec(), opts);
    }
    AdminResponse.stream = stream;
})(AdminResponse || (AdminResponse = {}));
export var DescribeResponse;
(function (DescribeResponse) {
    let _codec;
    DescribeResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.vnodes != null && obj.vnodes.length > 0) {
                    for (const value of obj.vnodes) {
                        w.uint32(10);
                        VnodeInfo.codec().encode(value, w);
                    }
                }
                if ((obj.http != null && obj.http !== '')) {
                    w.uint32(18);
                    w.string(obj.http);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    vnodes: [],
                    http: ''
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.vnodes != null && obj.vnodes.length === opts.limits.vnodes) {
                                throw new MaxLengthError('Decode error - repeated field "vnodes" had too many elements');
                            }
                            obj.vnodes.push(VnodeInfo.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.vnodes$
                            }));
                            break;
                        }
                        case 2: {
                            obj.http = reader.string();
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
                            for (const evt of VnodeInfo.codec().stream(reader, reader.uint32(), `${prefix}.vnodes[]`, {
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
                        case 2: {
                            yield {
                                field: `${prefix}.http`,
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
        return encodeMessage(obj, DescribeResponse.codec());
    }
    DescribeResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, DescribeResponse.codec(), opts);
    }
    DescribeResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, DescribeResponse.codec(), opts);
    }
    DescribeResponse.stream = stream;
})(DescribeResponse || (DescribeResponse = {}));
export var VnodeInfo;
(function (VnodeInfo) {
    let _codec;
    VnodeInfo.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.id != null && obj.id.byteLength > 0)) {
                    w.uint32(10);
                    w.bytes(obj.id);
                }
                if ((obj.index != null && obj.index !== 0)) {
                    w.uint32(16);
                    w.uint32(obj.index);
                }
                if ((obj.member != null && obj.member !== false)) {
                    w.uint32(24);
                    w.bool(obj.member);
                }
                if ((obj.keys != null && obj.keys !== 0n)) {
                    w.uint32(32);
                    w.uint64(obj.keys);
                }
                if (obj.fingers != null && obj.fingers.length > 0) {
                    for (const value of obj.fingers) {
                        w.uint32(42);
                        w.bytes(value);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    id: uint8ArrayAlloc(0),
                    index: 0,
                    member: false,
                    keys: 0n,
                    fingers: []
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
                            obj.index = reader.uint32();
                            break;
                        }
                        case 3: {
                            obj.member = reader.bool();
                            break;
                        }
                        case 4: {
                            obj.keys = reader.uint64();
                            break;
                        }
                        case 5: {
                            if (opts.limits?.fingers != null && obj.fingers.length === opts.limits.fingers) {
                                throw new MaxLengthError('Decode error - repeated field "fingers" had too many elements');
                            }
                            obj.fingers.push(reader.bytes());
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
                    fingers: 0
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
                                field: `${prefix}.index`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.member`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.keys`,
                                value: reader.uint64()
                            };
                            break;
                        }
                        case 5: {
                            if (opts.limits?.fingers != null && obj.fingers === opts.limits.fingers) {
                                throw new MaxLengthError('Streaming decode error - repeated field "fingers" had too many elements');
                            }
                            yield {
                                field: `${prefix}.fingers[]`,
                                index: obj.fingers,
                                value: reader.bytes()
                            };
                            obj.fingers++;
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
        return encodeMessage(obj, VnodeInfo.codec());
    }
    VnodeInfo.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, VnodeInfo.codec(), opts);
    }
    VnodeInfo.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, VnodeInfo.codec(), opts);
    }
    VnodeInfo.stream = stream;
})(VnodeInfo || (VnodeInfo = {}));
