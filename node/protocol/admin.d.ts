// Generated from admin.proto by scripts/gen-proto.ts (protons + tsc). Do not edit; run `npm run gen:proto`.
import type { Codec, DecodeOptions } from 'protons-runtime';
import type { Uint8ArrayList } from 'uint8arraylist';
export interface AdminRequest {
    describe?: DescribeRequest;
}
export declare namespace AdminRequest {
    const codec: () => Codec<AdminRequest, AdminRequest>;
    function encode(obj: Partial<AdminRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdminRequest>): AdminRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdminRequest>): Generator<{}>;
}
export interface DescribeRequest {
}
export declare namespace DescribeRequest {
    const codec: () => Codec<DescribeRequest, DescribeRequest>;
    function encode(obj: Partial<DescribeRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DescribeRequest>): DescribeRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DescribeRequest>): Generator<{}>;
}
export interface AdminResponse {
    describe?: DescribeResponse;
}
export declare namespace AdminResponse {
    const codec: () => Codec<AdminResponse, AdminResponse>;
    interface AdminResponseDescribeVnodesIdFieldEvent {
        field: '$.describe.vnodes[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface AdminResponseDescribeVnodesIndexFieldEvent {
        field: '$.describe.vnodes[].index';
        value: number;
        index: number;
    }
    interface AdminResponseDescribeVnodesMemberFieldEvent {
        field: '$.describe.vnodes[].member';
        value: boolean;
        index: number;
    }
    interface AdminResponseDescribeVnodesKeysFieldEvent {
        field: '$.describe.vnodes[].keys';
        value: bigint;
        index: number;
    }
    interface AdminResponseDescribeVnodesFingersFieldEvent {
        field: '$.describe.vnodes[].fingers[]';
        index: number;
        value: Uint8Array<ArrayBuffer>;
    }
    interface AdminResponseDescribeHttpFieldEvent {
        field: '$.describe.http';
        value: string;
    }
    function encode(obj: Partial<AdminResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdminResponse>): AdminResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdminResponse>): Generator<AdminResponseDescribeVnodesIdFieldEvent | AdminResponseDescribeVnodesIndexFieldEvent | AdminResponseDescribeVnodesMemberFieldEvent | AdminResponseDescribeVnodesKeysFieldEvent | AdminResponseDescribeVnodesFingersFieldEvent | AdminResponseDescribeHttpFieldEvent>;
}
export interface DescribeResponse {
    vnodes: VnodeInfo[];
    http: string;
}
export declare namespace DescribeResponse {
    const codec: () => Codec<DescribeResponse, DescribeResponse>;
    interface DescribeResponseVnodesIdFieldEvent {
        field: '$.vnodes[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface DescribeResponseVnodesIndexFieldEvent {
        field: '$.vnodes[].index';
        value: number;
        index: number;
    }
    interface DescribeResponseVnodesMemberFieldEvent {
        field: '$.vnodes[].member';
        value: boolean;
        index: number;
    }
    interface DescribeResponseVnodesKeysFieldEvent {
        field: '$.vnodes[].keys';
        value: bigint;
        index: number;
    }
    interface DescribeResponseVnodesFingersFieldEvent {
        field: '$.vnodes[].fingers[]';
        index: number;
        value: Uint8Array<ArrayBuffer>;
    }
    interface DescribeResponseHttpFieldEvent {
        field: '$.http';
        value: string;
    }
    function encode(obj: Partial<DescribeResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DescribeResponse>): DescribeResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DescribeResponse>): Generator<DescribeResponseVnodesIdFieldEvent | DescribeResponseVnodesIndexFieldEvent | DescribeResponseVnodesMemberFieldEvent | DescribeResponseVnodesKeysFieldEvent | DescribeResponseVnodesFingersFieldEvent | DescribeResponseHttpFieldEvent>;
}
export interface VnodeInfo {
    id: Uint8Array<ArrayBuffer>;
    index: number;
    member: boolean;
    keys: bigint;
    fingers: Uint8Array<ArrayBuffer>[];
}
export declare namespace VnodeInfo {
    const codec: () => Codec<VnodeInfo, VnodeInfo>;
    interface VnodeInfoIdFieldEvent {
        field: '$.id';
        value: Uint8Array<ArrayBuffer>;
    }
    interface VnodeInfoIndexFieldEvent {
        field: '$.index';
        value: number;
    }
    interface VnodeInfoMemberFieldEvent {
        field: '$.member';
        value: boolean;
    }
    interface VnodeInfoKeysFieldEvent {
        field: '$.keys';
        value: bigint;
    }
    interface VnodeInfoFingersFieldEvent {
        field: '$.fingers[]';
        index: number;
        value: Uint8Array<ArrayBuffer>;
    }
    function encode(obj: Partial<VnodeInfo>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VnodeInfo>): VnodeInfo;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VnodeInfo>): Generator<VnodeInfoIdFieldEvent | VnodeInfoIndexFieldEvent | VnodeInfoMemberFieldEvent | VnodeInfoKeysFieldEvent | VnodeInfoFingersFieldEvent>;
}
