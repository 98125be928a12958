// Generated from ring.proto by scripts/gen-proto.ts (protons + tsc). Do not edit; run `npm run gen:proto`.
import type { Codec, DecodeOptions } from 'protons-runtime';
import type { Uint8ArrayList } from 'uint8arraylist';
export interface NodeRef {
    id: Uint8Array<ArrayBuffer>;
    peerId: string;
    addrs: string[];
    zone?: string;
}
export declare namespace NodeRef {
    const codec: () => Codec<NodeRef, NodeRef>;
    interface NodeRefIdFieldEvent {
        field: '$.id';
        value: Uint8Array<ArrayBuffer>;
    }
    interface NodeRefPeerIdFieldEvent {
        field: '$.peerId';
        value: string;
    }
    interface NodeRefAddrsFieldEvent {
        field: '$.addrs[]';
        index: number;
        value: string;
    }
    interface NodeRefZoneFieldEvent {
        field: '$.zone';
        value: string;
    }
    function encode(obj: Partial<NodeRef>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeRef>): NodeRef;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeRef>): Generator<NodeRefIdFieldEvent | NodeRefPeerIdFieldEvent | NodeRefAddrsFieldEvent | NodeRefZoneFieldEvent>;
}
export interface RingRequest {
    ping?: PingRequest;
    vnodes?: VnodesRequest;
    getState?: GetStateRequest;
    notify?: NotifyRequest;
    findSuccessor?: FindSuccessorRequest;
    leaving?: LeavingRequest;
}
export declare namespace RingRequest {
    const codec: () => Codec<RingRequest, RingRequest>;
    interface RingRequestPingTargetFieldEvent {
        field: '$.ping.target';
        value: Uint8Array<ArrayBuffer>;
    }
    interface RingRequestGetStateTargetFieldEvent {
        field: '$.getState.target';
        value: Uint8Array<ArrayBuffer>;
    }
    interface RingRequestNotifyTargetFieldEvent {
        field: '$.notify.target';
        value: Uint8Array<ArrayBuffer>;
    }
    interface RingRequestNotifyCandidateIdFieldEvent {
        field: '$.notify.candidate.id';
        value: Uint8Array<ArrayBuffer>;
    }
    interface RingRequestNotifyCandidatePeerIdFieldEvent {
        field: '$.notify.candidate.peerId';
        value: string;
    }
    interface RingRequestNotifyCandidateAddrsFieldEvent {
        field: '$.notify.candidate.addrs[]';
        index: number;
        value: string;
    }
    interface RingRequestNotifyCandidateZoneFieldEvent {
        field: '$.notify.candidate.zone';
        value: string;
    }
    interface RingRequestFindSuccessorKeyFieldEvent {
        field: '$.findSuccessor.key';
        value: Uint8Array<ArrayBuffer>;
    }
    interface RingRequestFindSuccessorExcludeFieldEvent {
        field: '$.findSuccessor.exclude[]';
        index: number;
        value: string;
    }
    interface RingRequestLeavingTargetFieldEvent {
        field: '$.leaving.target';
        value: Uint8Array<ArrayBuffer>;
    }
    interface RingRequestLeavingLeaverIdFieldEvent {
        field: '$.leaving.leaver.id';
        value: Uint8Array<ArrayBuffer>;
    }
    interface RingRequestLeavingLeaverPeerIdFieldEvent {
        field: '$.leaving.leaver.peerId';
        value: string;
    }
    interface RingRequestLeavingLeaverAddrsFieldEvent {
        field: '$.leaving.leaver.addrs[]';
        index: number;
        value: string;
    }
    interface RingRequestLeavingLeaverZoneFieldEvent {
        field: '$.leaving.leaver.zone';
        value: string;
    }
    interface RingRequestLeavingPredecessorIdFieldEvent {
        field: '$.leaving.predecessor.id';
        value: Uint8Array<ArrayBuffer>;
    }
    interface RingRequestLeavingPredecessorPeerIdFieldEvent {
        field: '$.leaving.predecessor.peerId';
        value: string;
    }
    interface RingRequestLeavingPredecessorAddrsFieldEvent {
        field: '$.leaving.predecessor.addrs[]';
        index: number;
        value: string;
    }
    interface RingRequestLeavingPredecessorZoneFieldEvent {
        field: '$.leaving.predecessor.zone';
        value: string;
    }
    interface RingRequestLeavingSuccessorsIdFieldEvent {
        field: '$.leaving.successors[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface RingRequestLeavingSuccessorsPeerIdFieldEvent {
        field: '$.leaving.successors[].peerId';
        value: string;
        index: number;
    }
    interface RingRequestLeavingSuccessorsAddrsFieldEvent {
        field: '$.leaving.successors[].addrs[]';
        index: number;
        value: string;
    }
    interface RingRequestLeavingSuccessorsZoneFieldEvent {
        field: '$.leaving.successors[].zone';
        value: string;
        index: number;
    }
    function encode(obj: Partial<RingRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RingRequest>): RingRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RingRequest>): Generator<RingRequestPingTargetFieldEvent | RingRequestGetStateTargetFieldEvent | RingRequestNotifyTargetFieldEvent | RingRequestNotifyCandidateIdFieldEvent | RingRequestNotifyCandidatePeerIdFieldEvent | RingRequestNotifyCandidateAddrsFieldEvent | RingRequestNotifyCandidateZoneFieldEvent | RingRequestFindSuccessorKeyFieldEvent | RingRequestFindSuccessorExcludeFieldEvent | RingRequestLeavingTargetFieldEvent | RingRequestLeavingLeaverIdFieldEvent | RingRequestLeavingLeaverPeerIdFieldEvent | RingRequestLeavingLeaverAddrsFieldEvent | RingRequestLeavingLeaverZoneFieldEvent | RingRequestLeavingPredecessorIdFieldEvent | RingRequestLeavingPredecessorPeerIdFieldEvent | RingRequestLeavingPredecessorAddrsFieldEvent | RingRequestLeavingPredecessorZoneFieldEvent | RingRequestLeavingSuccessorsIdFieldEvent | RingRequestLeavingSuccessorsPeerIdFieldEvent | RingRequestLeavingSuccessorsAddrsFieldEvent | RingRequestLeavingSuccessorsZoneFieldEvent>;
}
export interface PingRequest {
    target?: Uint8Array<ArrayBuffer>;
}
export declare namespace PingRequest {
    const codec: () => Codec<PingRequest, PingRequest>;
    interface PingRequestTargetFieldEvent {
        field: '$.target';
        value: Uint8Array<ArrayBuffer>;
    }
    function encode(obj: Partial<PingRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PingRequest>): PingRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PingRequest>): Generator<PingRequestTargetFieldEvent>;
}
export interface VnodesRequest {
}
export declare namespace VnodesRequest {
    const codec: () => Codec<VnodesRequest, VnodesRequest>;
    function encode(obj: Partial<VnodesRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VnodesRequest>): VnodesRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VnodesRequest>): Generator<{}>;
}
export interface GetStateRequest {
    target: Uint8Array<ArrayBuffer>;
}
export declare namespace GetStateRequest {
    const codec: () => Codec<GetStateRequest, GetStateRequest>;
    interface GetStateRequestTargetFieldEvent {
        field: '$.target';
        value: Uint8Array<ArrayBuffer>;
    }
    function encode(obj: Partial<GetStateRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetStateRequest>): GetStateRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetStateRequest>): Generator<GetStateRequestTargetFieldEvent>;
}
export interface NotifyRequest {
    target: Uint8Array<ArrayBuffer>;
    candidate?: NodeRef;
}
export declare namespace NotifyRequest {
    const codec: () => Codec<NotifyRequest, NotifyRequest>;
    interface NotifyRequestTargetFieldEvent {
        field: '$.target';
        value: Uint8Array<ArrayBuffer>;
    }
    interface NotifyRequestCandidateIdFieldEvent {
        field: '$.candidate.id';
        value: Uint8Array<ArrayBuffer>;
    }
    interface NotifyRequestCandidatePeerIdFieldEvent {
        field: '$.candidate.peerId';
        value: string;
    }
    interface NotifyRequestCandidateAddrsFieldEvent {
        field: '$.candidate.addrs[]';
        index: number;
        value: string;
    }
    interface NotifyRequestCandidateZoneFieldEvent {
        field: '$.candidate.zone';
        value: string;
    }
    function encode(obj: Partial<NotifyRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NotifyRequest>): NotifyRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NotifyRequest>): Generator<NotifyRequestTargetFieldEvent | NotifyRequestCandidateIdFieldEvent | NotifyRequestCandidatePeerIdFieldEvent | NotifyRequestCandidateAddrsFieldEvent | NotifyRequestCandidateZoneFieldEvent>;
}
export interface FindSuccessorRequest {
    key: Uint8Array<ArrayBuffer>;
    exclude: string[];
}
export declare namespace FindSuccessorRequest {
    const codec: () => Codec<FindSuccessorRequest, FindSuccessorRequest>;
    interface FindSuccessorRequestKeyFieldEvent {
        field: '$.key';
        value: Uint8Array<ArrayBuffer>;
    }
    interface FindSuccessorRequestExcludeFieldEvent {
        field: '$.exclude[]';
        index: number;
        value: string;
    }
    function encode(obj: Partial<FindSuccessorRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FindSuccessorRequest>): FindSuccessorRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FindSuccessorRequest>): Generator<FindSuccessorRequestKeyFieldEvent | FindSuccessorRequestExcludeFieldEvent>;
}
export interface LeavingRequest {
    target: Uint8Array<ArrayBuffer>;
    leaver?: NodeRef;
    predecessor?: NodeRef;
    successors: NodeRef[];
}
export declare namespace LeavingRequest {
    const codec: () => Codec<LeavingRequest, LeavingRequest>;
    interface LeavingRequestTargetFieldEvent {
        field: '$.target';
        value: Uint8Array<ArrayBuffer>;
    }
    interface LeavingRequestLeaverIdFieldEvent {
        field: '$.leaver.id';
        value: Uint8Array<ArrayBuffer>;
    }
    interface LeavingRequestLeaverPeerIdFieldEvent {
        field: '$.leaver.peerId';
        value: string;
    }
    interface LeavingRequestLeaverAddrsFieldEvent {
        field: '$.leaver.addrs[]';
        index: number;
        value: string;
    }
    interface LeavingRequestLeaverZoneFieldEvent {
        field: '$.leaver.zone';
        value: string;
    }
    interface LeavingRequestPredecessorIdFieldEvent {
        field: '$.predecessor.id';
        value: Uint8Array<ArrayBuffer>;
    }
    interface LeavingRequestPredecessorPeerIdFieldEvent {
        field: '$.predecessor.peerId';
        value: string;
    }
    interface LeavingRequestPredecessorAddrsFieldEvent {
        field: '$.predecessor.addrs[]';
        index: number;
        value: string;
    }
    interface LeavingRequestPredecessorZoneFieldEvent {
        field: '$.predecessor.zone';
        value: string;
    }
    interface LeavingRequestSuccessorsIdFieldEvent {
        field: '$.successors[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface LeavingRequestSuccessorsPeerIdFieldEvent {
        field: '$.successors[].peerId';
        value: string;
        index: number;
    }
    interface LeavingRequestSuccessorsAddrsFieldEvent {
        field: '$.successors[].addrs[]';
        index: number;
        value: string;
    }
    interface LeavingRequestSuccessorsZoneFieldEvent {
        field: '$.successors[].zone';
        value: string;
        index: number;
    }
    function encode(obj: Partial<LeavingRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LeavingRequest>): LeavingRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LeavingRequest>): Generator<LeavingRequestTargetFieldEvent | LeavingRequestLeaverIdFieldEvent | LeavingRequestLeaverPeerIdFieldEvent | LeavingRequestLeaverAddrsFieldEvent | LeavingRequestLeaverZoneFieldEvent | LeavingRequestPredecessorIdFieldEvent | LeavingRequestPredecessorPeerIdFieldEvent | LeavingRequestPredecessorAddrsFieldEvent | LeavingRequestPredecessorZoneFieldEvent | LeavingRequestSuccessorsIdFieldEvent | LeavingRequestSuccessorsPeerIdFieldEvent | LeavingRequestSuccessorsAddrsFieldEvent | LeavingRequestSuccessorsZoneFieldEvent>;
}
export interface RingResponse {
    pong?: PongResponse;
    ok?: OkResponse;
    vnodes?: VnodesResponse;
    state?: StateResponse;
    step?: StepResponse;
}
export declare namespace RingResponse {
    const codec: () => Codec<RingResponse, RingResponse>;
    interface RingResponseVnodesVnodesIdFieldEvent {
        field: '$.vnodes.vnodes[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface RingResponseVnodesVnodesPeerIdFieldEvent {
        field: '$.vnodes.vnodes[].peerId';
        value: string;
        index: number;
    }
    interface RingResponseVnodesVnodesAddrsFieldEvent {
        field: '$.vnodes.vnodes[].addrs[]';
        index: number;
        value: string;
    }
    interface RingResponseVnodesVnodesZoneFieldEvent {
        field: '$.vnodes.vnodes[].zone';
        value: string;
        index: number;
    }
    interface RingResponseStatePredecessorIdFieldEvent {
        field: '$.state.predecessor.id';
        value: Uint8Array<ArrayBuffer>;
    }
    interface RingResponseStatePredecessorPeerIdFieldEvent {
        field: '$.state.predecessor.peerId';
        value: string;
    }
    interface RingResponseStatePredecessorAddrsFieldEvent {
        field: '$.state.predecessor.addrs[]';
        index: number;
        value: string;
    }
    interface RingResponseStatePredecessorZoneFieldEvent {
        field: '$.state.predecessor.zone';
        value: string;
    }
    interface RingResponseStateSuccessorsIdFieldEvent {
        field: '$.state.successors[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface RingResponseStateSuccessorsPeerIdFieldEvent {
        field: '$.state.successors[].peerId';
        value: string;
        index: number;
    }
    interface RingResponseStateSuccessorsAddrsFieldEvent {
        field: '$.state.successors[].addrs[]';
        index: number;
        value: string;
    }
    interface RingResponseStateSuccessorsZoneFieldEvent {
        field: '$.state.successors[].zone';
        value: string;
        index: number;
    }
    interface RingResponseStateMemberFieldEvent {
        field: '$.state.member';
        value: boolean;
    }
    interface RingResponseStepDoneFieldEvent {
        field: '$.step.done';
        value: boolean;
    }
    interface RingResponseStepNodesIdFieldEvent {
        field: '$.step.nodes[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface RingResponseStepNodesPeerIdFieldEvent {
        field: '$.step.nodes[].peerId';
        value: string;
        index: number;
    }
    interface RingResponseStepNodesAddrsFieldEvent {
        field: '$.step.nodes[].addrs[]';
        index: number;
        value: string;
    }
    interface RingResponseStepNodesZoneFieldEvent {
        field: '$.step.nodes[].zone';
        value: string;
        index: number;
    }
    function encode(obj: Partial<RingResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RingResponse>): RingResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RingResponse>): Generator<RingResponseVnodesVnodesIdFieldEvent | RingResponseVnodesVnodesPeerIdFieldEvent | RingResponseVnodesVnodesAddrsFieldEvent | RingResponseVnodesVnodesZoneFieldEvent | RingResponseStatePredecessorIdFieldEvent | RingResponseStatePredecessorPeerIdFieldEvent | RingResponseStatePredecessorAddrsFieldEvent | RingResponseStatePredecessorZoneFieldEvent | RingResponseStateSuccessorsIdFieldEvent | RingResponseStateSuccessorsPeerIdFieldEvent | RingResponseStateSuccessorsAddrsFieldEvent | RingResponseStateSuccessorsZoneFieldEvent | RingResponseStateMemberFieldEvent | RingResponseStepDoneFieldEvent | RingResponseStepNodesIdFieldEvent | RingResponseStepNodesPeerIdFieldEvent | RingResponseStepNodesAddrsFieldEvent | RingResponseStepNodesZoneFieldEvent>;
}
export interface PongResponse {
}
export declare namespace PongResponse {
    const codec: () => Codec<PongResponse, PongResponse>;
    function encode(obj: Partial<PongResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PongResponse>): PongResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PongResponse>): Generator<{}>;
}
export interface OkResponse {
}
export declare namespace OkResponse {
    const codec: () => Codec<OkResponse, OkResponse>;
    function encode(obj: Partial<OkResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OkResponse>): OkResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OkResponse>): Generator<{}>;
}
export interface VnodesResponse {
    vnodes: NodeRef[];
}
export declare namespace VnodesResponse {
    const codec: () => Codec<VnodesResponse, VnodesResponse>;
    interface VnodesResponseVnodesIdFieldEvent {
        field: '$.vnodes[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface VnodesResponseVnodesPeerIdFieldEvent {
        field: '$.vnodes[].peerId';
        value: string;
        index: number;
    }
    interface VnodesResponseVnodesAddrsFieldEvent {
        field: '$.vnodes[].addrs[]';
        index: number;
        value: string;
    }
    interface VnodesResponseVnodesZoneFieldEvent {
        field: '$.vnodes[].zone';
        value: string;
        index: number;
    }
    function encode(obj: Partial<VnodesResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VnodesResponse>): VnodesResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VnodesResponse>): Generator<VnodesResponseVnodesIdFieldEvent | VnodesResponseVnodesPeerIdFieldEvent | VnodesResponseVnodesAddrsFieldEvent | VnodesResponseVnodesZoneFieldEvent>;
}
export interface StateResponse {
    predecessor?: NodeRef;
    successors: NodeRef[];
    member: boolean;
}
export declare namespace StateResponse {
    const codec: () => Codec<StateResponse, StateResponse>;
    interface StateResponsePredecessorIdFieldEvent {
        field: '$.predecessor.id';
        value: Uint8Array<ArrayBuffer>;
    }
    interface StateResponsePredecessorPeerIdFieldEvent {
        field: '$.predecessor.peerId';
        value: string;
    }
    interface StateResponsePredecessorAddrsFieldEvent {
        field: '$.predecessor.addrs[]';
        index: number;
        value: string;
    }
    interface StateResponsePredecessorZoneFieldEvent {
        field: '$.predecessor.zone';
        value: string;
    }
    interface StateResponseSuccessorsIdFieldEvent {
        field: '$.successors[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface StateResponseSuccessorsPeerIdFieldEvent {
        field: '$.successors[].peerId';
        value: string;
        index: number;
    }
    interface StateResponseSuccessorsAddrsFieldEvent {
        field: '$.successors[].addrs[]';
        index: number;
        value: string;
    }
    interface StateResponseSuccessorsZoneFieldEvent {
        field: '$.successors[].zone';
        value: string;
        index: number;
    }
    interface StateResponseMemberFieldEvent {
        field: '$.member';
        value: boolean;
    }
    function encode(obj: Partial<StateResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateResponse>): StateResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateResponse>): Generator<StateResponsePredecessorIdFieldEvent | StateResponsePredecessorPeerIdFieldEvent | StateResponsePredecessorAddrsFieldEvent | StateResponsePredecessorZoneFieldEvent | StateResponseSuccessorsIdFieldEvent | StateResponseSuccessorsPeerIdFieldEvent | StateResponseSuccessorsAddrsFieldEvent | StateResponseSuccessorsZoneFieldEvent | StateResponseMemberFieldEvent>;
}
export interface StepResponse {
    done: boolean;
    nodes: NodeRef[];
}
export declare namespace StepResponse {
    const codec: () => Codec<StepResponse, StepResponse>;
    interface StepResponseDoneFieldEvent {
        field: '$.done';
        value: boolean;
    }
    interface StepResponseNodesIdFieldEvent {
        field: '$.nodes[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface StepResponseNodesPeerIdFieldEvent {
        field: '$.nodes[].peerId';
        value: string;
        index: number;
    }
    interface StepResponseNodesAddrsFieldEvent {
        field: '$.nodes[].addrs[]';
        index: number;
        value: string;
    }
    interface StepResponseNodesZoneFieldEvent {
        field: '$.nodes[].zone';
        value: string;
        index: number;
    }
    function encode(obj: Partial<StepResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StepResponse>): StepResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StepResponse>): Generator<StepResponseDoneFieldEvent | StepResponseNodesIdFieldEvent | StepResponseNodesPeerIdFieldEvent | StepResponseNodesAddrsFieldEvent | StepResponseNodesZoneFieldEvent>;
}
