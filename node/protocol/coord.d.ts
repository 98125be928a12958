// Generated from coord.proto by scripts/gen-proto.ts (protons + tsc). Do not edit; run `npm run gen:proto`.
import type { Codec, DecodeOptions } from 'protons-runtime';
import type { Uint8ArrayList } from 'uint8arraylist';
export interface Ballot {
    counter: bigint;
    proposer: string;
}
export declare namespace Ballot {
    const codec: () => Codec<Ballot, Ballot>;
    interface BallotCounterFieldEvent {
        field: '$.counter';
        value: bigint;
    }
    interface BallotProposerFieldEvent {
        field: '$.proposer';
        value: string;
    }
    function encode(obj: Partial<Ballot>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ballot>): Ballot;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ballot>): Generator<BallotCounterFieldEvent | BallotProposerFieldEvent>;
}
export interface RegisterState {
    value?: Uint8Array<ArrayBuffer>;
    version: bigint;
    writeId: string;
}
export declare namespace RegisterState {
    const codec: () => Codec<RegisterState, RegisterState>;
    interface RegisterStateValueFieldEvent {
        field: '$.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface RegisterStateVersionFieldEvent {
        field: '$.version';
        value: bigint;
    }
    interface RegisterStateWriteIdFieldEvent {
        field: '$.writeId';
        value: string;
    }
    function encode(obj: Partial<RegisterState>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegisterState>): RegisterState;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegisterState>): Generator<RegisterStateValueFieldEvent | RegisterStateVersionFieldEvent | RegisterStateWriteIdFieldEvent>;
}
export interface CoordRequest {
    prepare?: PrepareRequest;
    accept?: AcceptRequest;
}
export declare namespace CoordRequest {
    const codec: () => Codec<CoordRequest, CoordRequest>;
    interface CoordRequestPrepareKeyFieldEvent {
        field: '$.prepare.key';
        value: string;
    }
    interface CoordRequestPrepareEpochFieldEvent {
        field: '$.prepare.epoch';
        value: bigint;
    }
    interface CoordRequestPrepareBallotCounterFieldEvent {
        field: '$.prepare.ballot.counter';
        value: bigint;
    }
    interface CoordRequestPrepareBallotProposerFieldEvent {
        field: '$.prepare.ballot.proposer';
        value: string;
    }
    interface CoordRequestAcceptKeyFieldEvent {
        field: '$.accept.key';
        value: string;
    }
    interface CoordRequestAcceptEpochFieldEvent {
        field: '$.accept.epoch';
        value: bigint;
    }
    interface CoordRequestAcceptBallotCounterFieldEvent {
        field: '$.accept.ballot.counter';
        value: bigint;
    }
    interface CoordRequestAcceptBallotProposerFieldEvent {
        field: '$.accept.ballot.proposer';
        value: string;
    }
    interface CoordRequestAcceptStateValueFieldEvent {
        field: '$.accept.state.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface CoordRequestAcceptStateVersionFieldEvent {
        field: '$.accept.state.version';
        value: bigint;
    }
    interface CoordRequestAcceptStateWriteIdFieldEvent {
        field: '$.accept.state.writeId';
        value: string;
    }
    function encode(obj: Partial<CoordRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CoordRequest>): CoordRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CoordRequest>): Generator<CoordRequestPrepareKeyFieldEvent | CoordRequestPrepareEpochFieldEvent | CoordRequestPrepareBallotCounterFieldEvent | CoordRequestPrepareBallotProposerFieldEvent | CoordRequestAcceptKeyFieldEvent | CoordRequestAcceptEpochFieldEvent | CoordRequestAcceptBallotCounterFieldEvent | CoordRequestAcceptBallotProposerFieldEvent | CoordRequestAcceptStateValueFieldEvent | CoordRequestAcceptStateVersionFieldEvent | CoordRequestAcceptStateWriteIdFieldEvent>;
}
export interface PrepareRequest {
    key: string;
    epoch: bigint;
    ballot?: Ballot;
}
export declare namespace PrepareRequest {
    const codec: () => Codec<PrepareRequest, PrepareRequest>;
    interface PrepareRequestKeyFieldEvent {
        field: '$.key';
        value: string;
    }
    interface PrepareRequestEpochFieldEvent {
        field: '$.epoch';
        value: bigint;
    }
    interface PrepareRequestBallotCounterFieldEvent {
        field: '$.ballot.counter';
        value: bigint;
    }
    interface PrepareRequestBallotProposerFieldEvent {
        field: '$.ballot.proposer';
        value: string;
    }
    function encode(obj: Partial<PrepareRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PrepareRequest>): PrepareRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PrepareRequest>): Generator<PrepareRequestKeyFieldEvent | PrepareRequestEpochFieldEvent | PrepareRequestBallotCounterFieldEvent | PrepareRequestBallotProposerFieldEvent>;
}
export interface AcceptRequest {
    key: string;
    epoch: bigint;
    ballot?: Ballot;
    state?: RegisterState;
}
export declare namespace AcceptRequest {
    const codec: () => Codec<AcceptRequest, AcceptRequest>;
    interface AcceptRequestKeyFieldEvent {
        field: '$.key';
        value: string;
    }
    interface AcceptRequestEpochFieldEvent {
        field: '$.epoch';
        value: bigint;
    }
    interface AcceptRequestBallotCounterFieldEvent {
        field: '$.ballot.counter';
        value: bigint;
    }
    interface AcceptRequestBallotProposerFieldEvent {
        field: '$.ballot.proposer';
        value: string;
    }
    interface AcceptRequestStateValueFieldEvent {
        field: '$.state.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface AcceptRequestStateVersionFieldEvent {
        field: '$.state.version';
        value: bigint;
    }
    interface AcceptRequestStateWriteIdFieldEvent {
        field: '$.state.writeId';
        value: string;
    }
    function encode(obj: Partial<AcceptRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AcceptRequest>): AcceptRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AcceptRequest>): Generator<AcceptRequestKeyFieldEvent | AcceptRequestEpochFieldEvent | AcceptRequestBallotCounterFieldEvent | AcceptRequestBallotProposerFieldEvent | AcceptRequestStateValueFieldEvent | AcceptRequestStateVersionFieldEvent | AcceptRequestStateWriteIdFieldEvent>;
}
export interface CoordResponse {
    promise?: PromiseResponse;
    accepted?: AcceptedResponse;
    conflict?: ConflictResponse;
}
export declare namespace CoordResponse {
    const codec: () => Codec<CoordResponse, CoordResponse>;
    interface CoordResponsePromiseAcceptedBallotCounterFieldEvent {
        field: '$.promise.accepted.ballot.counter';
        value: bigint;
    }
    interface CoordResponsePromiseAcceptedBallotProposerFieldEvent {
        field: '$.promise.accepted.ballot.proposer';
        value: string;
    }
    interface CoordResponsePromiseAcceptedStateValueFieldEvent {
        field: '$.promise.accepted.state.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface CoordResponsePromiseAcceptedStateVersionFieldEvent {
        field: '$.promise.accepted.state.version';
        value: bigint;
    }
    interface CoordResponsePromiseAcceptedStateWriteIdFieldEvent {
        field: '$.promise.accepted.state.writeId';
        value: string;
    }
    interface CoordResponseConflictPromisedCounterFieldEvent {
        field: '$.conflict.promised.counter';
        value: bigint;
    }
    interface CoordResponseConflictPromisedProposerFieldEvent {
        field: '$.conflict.promised.proposer';
        value: string;
    }
    function encode(obj: Partial<CoordResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CoordResponse>): CoordResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CoordResponse>): Generator<CoordResponsePromiseAcceptedBallotCounterFieldEvent | CoordResponsePromiseAcceptedBallotProposerFieldEvent | CoordResponsePromiseAcceptedStateValueFieldEvent | CoordResponsePromiseAcceptedStateVersionFieldEvent | CoordResponsePromiseAcceptedStateWriteIdFieldEvent | CoordResponseConflictPromisedCounterFieldEvent | CoordResponseConflictPromisedProposerFieldEvent>;
}
export interface AcceptedState {
    ballot?: Ballot;
    state?: RegisterState;
}
export declare namespace AcceptedState {
    const codec: () => Codec<AcceptedState, AcceptedState>;
    interface AcceptedStateBallotCounterFieldEvent {
        field: '$.ballot.counter';
        value: bigint;
    }
    interface AcceptedStateBallotProposerFieldEvent {
        field: '$.ballot.proposer';
        value: string;
    }
    interface AcceptedStateStateValueFieldEvent {
        field: '$.state.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface AcceptedStateStateVersionFieldEvent {
        field: '$.state.version';
        value: bigint;
    }
    interface AcceptedStateStateWriteIdFieldEvent {
        field: '$.state.writeId';
        value: string;
    }
    function encode(obj: Partial<AcceptedState>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AcceptedState>): AcceptedState;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AcceptedState>): Generator<AcceptedStateBallotCounterFieldEvent | AcceptedStateBallotProposerFieldEvent | AcceptedStateStateValueFieldEvent | AcceptedStateStateVersionFieldEvent | AcceptedStateStateWriteIdFieldEvent>;
}
export interface PromiseResponse {
    accepted?: AcceptedState;
}
export declare namespace PromiseResponse {
    const codec: () => Codec<PromiseResponse, PromiseResponse>;
    interface PromiseResponseAcceptedBallotCounterFieldEvent {
        field: '$.accepted.ballot.counter';
        value: bigint;
    }
    interface PromiseResponseAcceptedBallotProposerFieldEvent {
        field: '$.accepted.ballot.proposer';
        value: string;
    }
    interface PromiseResponseAcceptedStateValueFieldEvent {
        field: '$.accepted.state.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface PromiseResponseAcceptedStateVersionFieldEvent {
        field: '$.accepted.state.version';
        value: bigint;
    }
    interface PromiseResponseAcceptedStateWriteIdFieldEvent {
        field: '$.accepted.state.writeId';
        value: string;
    }
    function encode(obj: Partial<PromiseResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PromiseResponse>): PromiseResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PromiseResponse>): Generator<PromiseResponseAcceptedBallotCounterFieldEvent | PromiseResponseAcceptedBallotProposerFieldEvent | PromiseResponseAcceptedStateValueFieldEvent | PromiseResponseAcceptedStateVersionFieldEvent | PromiseResponseAcceptedStateWriteIdFieldEvent>;
}
export interface AcceptedResponse {
}
export declare namespace AcceptedResponse {
    const codec: () => Codec<AcceptedResponse, AcceptedResponse>;
    function encode(obj: Partial<AcceptedResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AcceptedResponse>): AcceptedResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AcceptedResponse>): Generator<{}>;
}
export interface ConflictResponse {
    promised?: Ballot;
}
export declare namespace ConflictResponse {
    const codec: () => Codec<ConflictResponse, ConflictResponse>;
    interface ConflictResponsePromisedCounterFieldEvent {
        field: '$.promised.counter';
        value: bigint;
    }
    interface ConflictResponsePromisedProposerFieldEvent {
        field: '$.promised.proposer';
        value: string;
    }
    function encode(obj: Partial<ConflictResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConflictResponse>): ConflictResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConflictResponse>): Generator<ConflictResponsePromisedCounterFieldEvent | ConflictResponsePromisedProposerFieldEvent>;
}
