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
    history: HistoryEntry[];
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
    interface RegisterStateHistoryValueFieldEvent {
        field: '$.history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface RegisterStateHistoryVersionFieldEvent {
        field: '$.history[].version';
        value: bigint;
        index: number;
    }
    interface RegisterStateHistoryWriteIdFieldEvent {
        field: '$.history[].writeId';
        value: string;
        index: number;
    }
    function encode(obj: Partial<RegisterState>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegisterState>): RegisterState;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegisterState>): Generator<RegisterStateValueFieldEvent | RegisterStateVersionFieldEvent | RegisterStateWriteIdFieldEvent | RegisterStateHistoryValueFieldEvent | RegisterStateHistoryVersionFieldEvent | RegisterStateHistoryWriteIdFieldEvent>;
}
export interface HistoryEntry {
    value?: Uint8Array<ArrayBuffer>;
    version: bigint;
    writeId: string;
}
export declare namespace HistoryEntry {
    const codec: () => Codec<HistoryEntry, HistoryEntry>;
    interface HistoryEntryValueFieldEvent {
        field: '$.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface HistoryEntryVersionFieldEvent {
        field: '$.version';
        value: bigint;
    }
    interface HistoryEntryWriteIdFieldEvent {
        field: '$.writeId';
        value: string;
    }
    function encode(obj: Partial<HistoryEntry>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HistoryEntry>): HistoryEntry;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HistoryEntry>): Generator<HistoryEntryValueFieldEvent | HistoryEntryVersionFieldEvent | HistoryEntryWriteIdFieldEvent>;
}
export interface Member {
    peerId: string;
    incarnation: string;
    addrs: string[];
}
export declare namespace Member {
    const codec: () => Codec<Member, Member>;
    interface MemberPeerIdFieldEvent {
        field: '$.peerId';
        value: string;
    }
    interface MemberIncarnationFieldEvent {
        field: '$.incarnation';
        value: string;
    }
    interface MemberAddrsFieldEvent {
        field: '$.addrs[]';
        index: number;
        value: string;
    }
    function encode(obj: Partial<Member>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Member>): Member;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Member>): Generator<MemberPeerIdFieldEvent | MemberIncarnationFieldEvent | MemberAddrsFieldEvent>;
}
export interface GroupConfig {
    epoch: bigint;
    members: Member[];
}
export declare namespace GroupConfig {
    const codec: () => Codec<GroupConfig, GroupConfig>;
    interface GroupConfigEpochFieldEvent {
        field: '$.epoch';
        value: bigint;
    }
    interface GroupConfigMembersPeerIdFieldEvent {
        field: '$.members[].peerId';
        value: string;
        index: number;
    }
    interface GroupConfigMembersIncarnationFieldEvent {
        field: '$.members[].incarnation';
        value: string;
        index: number;
    }
    interface GroupConfigMembersAddrsFieldEvent {
        field: '$.members[].addrs[]';
        index: number;
        value: string;
    }
    function encode(obj: Partial<GroupConfig>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupConfig>): GroupConfig;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupConfig>): Generator<GroupConfigEpochFieldEvent | GroupConfigMembersPeerIdFieldEvent | GroupConfigMembersIncarnationFieldEvent | GroupConfigMembersAddrsFieldEvent>;
}
export interface CoordRequest {
    prepare?: PrepareRequest;
    accept?: AcceptRequest;
    adopt?: AdoptRequest;
    status?: StatusRequest;
    listKeys?: ListKeysRequest;
    get?: GetRequest;
    put?: PutRequest;
    watch?: WatchRequest;
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
    interface CoordRequestAcceptStateHistoryValueFieldEvent {
        field: '$.accept.state.history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface CoordRequestAcceptStateHistoryVersionFieldEvent {
        field: '$.accept.state.history[].version';
        value: bigint;
        index: number;
    }
    interface CoordRequestAcceptStateHistoryWriteIdFieldEvent {
        field: '$.accept.state.history[].writeId';
        value: string;
        index: number;
    }
    interface CoordRequestAdoptConfigEpochFieldEvent {
        field: '$.adopt.config.epoch';
        value: bigint;
    }
    interface CoordRequestAdoptConfigMembersPeerIdFieldEvent {
        field: '$.adopt.config.members[].peerId';
        value: string;
        index: number;
    }
    interface CoordRequestAdoptConfigMembersIncarnationFieldEvent {
        field: '$.adopt.config.members[].incarnation';
        value: string;
        index: number;
    }
    interface CoordRequestAdoptConfigMembersAddrsFieldEvent {
        field: '$.adopt.config.members[].addrs[]';
        index: number;
        value: string;
    }
    interface CoordRequestListKeysEpochFieldEvent {
        field: '$.listKeys.epoch';
        value: bigint;
    }
    interface CoordRequestListKeysAfterFieldEvent {
        field: '$.listKeys.after';
        value: string;
    }
    interface CoordRequestListKeysLimitFieldEvent {
        field: '$.listKeys.limit';
        value: number;
    }
    interface CoordRequestGetKeyFieldEvent {
        field: '$.get.key';
        value: string;
    }
    interface CoordRequestGetStaleFieldEvent {
        field: '$.get.stale';
        value: boolean;
    }
    interface CoordRequestPutKeyFieldEvent {
        field: '$.put.key';
        value: string;
    }
    interface CoordRequestPutValueFieldEvent {
        field: '$.put.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface CoordRequestPutIfVersionFieldEvent {
        field: '$.put.ifVersion';
        value: bigint;
    }
    interface CoordRequestPutWriteIdFieldEvent {
        field: '$.put.writeId';
        value: string;
    }
    interface CoordRequestWatchKeyFieldEvent {
        field: '$.watch.key';
        value: string;
    }
    interface CoordRequestWatchAfterFieldEvent {
        field: '$.watch.after';
        value: bigint;
    }
    interface CoordRequestWatchWaitMsFieldEvent {
        field: '$.watch.waitMs';
        value: number;
    }
    function encode(obj: Partial<CoordRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CoordRequest>): CoordRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CoordRequest>): Generator<CoordRequestPrepareKeyFieldEvent | CoordRequestPrepareEpochFieldEvent | CoordRequestPrepareBallotCounterFieldEvent | CoordRequestPrepareBallotProposerFieldEvent | CoordRequestAcceptKeyFieldEvent | CoordRequestAcceptEpochFieldEvent | CoordRequestAcceptBallotCounterFieldEvent | CoordRequestAcceptBallotProposerFieldEvent | CoordRequestAcceptStateValueFieldEvent | CoordRequestAcceptStateVersionFieldEvent | CoordRequestAcceptStateWriteIdFieldEvent | CoordRequestAcceptStateHistoryValueFieldEvent | CoordRequestAcceptStateHistoryVersionFieldEvent | CoordRequestAcceptStateHistoryWriteIdFieldEvent | CoordRequestAdoptConfigEpochFieldEvent | CoordRequestAdoptConfigMembersPeerIdFieldEvent | CoordRequestAdoptConfigMembersIncarnationFieldEvent | CoordRequestAdoptConfigMembersAddrsFieldEvent | CoordRequestListKeysEpochFieldEvent | CoordRequestListKeysAfterFieldEvent | CoordRequestListKeysLimitFieldEvent | CoordRequestGetKeyFieldEvent | CoordRequestGetStaleFieldEvent | CoordRequestPutKeyFieldEvent | CoordRequestPutValueFieldEvent | CoordRequestPutIfVersionFieldEvent | CoordRequestPutWriteIdFieldEvent | CoordRequestWatchKeyFieldEvent | CoordRequestWatchAfterFieldEvent | CoordRequestWatchWaitMsFieldEvent>;
}
export interface AdoptRequest {
    config?: GroupConfig;
}
export declare namespace AdoptRequest {
    const codec: () => Codec<AdoptRequest, AdoptRequest>;
    interface AdoptRequestConfigEpochFieldEvent {
        field: '$.config.epoch';
        value: bigint;
    }
    interface AdoptRequestConfigMembersPeerIdFieldEvent {
        field: '$.config.members[].peerId';
        value: string;
        index: number;
    }
    interface AdoptRequestConfigMembersIncarnationFieldEvent {
        field: '$.config.members[].incarnation';
        value: string;
        index: number;
    }
    interface AdoptRequestConfigMembersAddrsFieldEvent {
        field: '$.config.members[].addrs[]';
        index: number;
        value: string;
    }
    function encode(obj: Partial<AdoptRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdoptRequest>): AdoptRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AdoptRequest>): Generator<AdoptRequestConfigEpochFieldEvent | AdoptRequestConfigMembersPeerIdFieldEvent | AdoptRequestConfigMembersIncarnationFieldEvent | AdoptRequestConfigMembersAddrsFieldEvent>;
}
export interface StatusRequest {
}
export declare namespace StatusRequest {
    const codec: () => Codec<StatusRequest, StatusRequest>;
    function encode(obj: Partial<StatusRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatusRequest>): StatusRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatusRequest>): Generator<{}>;
}
export interface ListKeysRequest {
    epoch: bigint;
    after: string;
    limit: number;
}
export declare namespace ListKeysRequest {
    const codec: () => Codec<ListKeysRequest, ListKeysRequest>;
    interface ListKeysRequestEpochFieldEvent {
        field: '$.epoch';
        value: bigint;
    }
    interface ListKeysRequestAfterFieldEvent {
        field: '$.after';
        value: string;
    }
    interface ListKeysRequestLimitFieldEvent {
        field: '$.limit';
        value: number;
    }
    function encode(obj: Partial<ListKeysRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListKeysRequest>): ListKeysRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListKeysRequest>): Generator<ListKeysRequestEpochFieldEvent | ListKeysRequestAfterFieldEvent | ListKeysRequestLimitFieldEvent>;
}
export interface GetRequest {
    key: string;
    stale: boolean;
}
export declare namespace GetRequest {
    const codec: () => Codec<GetRequest, GetRequest>;
    interface GetRequestKeyFieldEvent {
        field: '$.key';
        value: string;
    }
    interface GetRequestStaleFieldEvent {
        field: '$.stale';
        value: boolean;
    }
    function encode(obj: Partial<GetRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetRequest>): GetRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetRequest>): Generator<GetRequestKeyFieldEvent | GetRequestStaleFieldEvent>;
}
export interface PutRequest {
    key: string;
    value?: Uint8Array<ArrayBuffer>;
    ifVersion?: bigint;
    writeId: string;
}
export declare namespace PutRequest {
    const codec: () => Codec<PutRequest, PutRequest>;
    interface PutRequestKeyFieldEvent {
        field: '$.key';
        value: string;
    }
    interface PutRequestValueFieldEvent {
        field: '$.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface PutRequestIfVersionFieldEvent {
        field: '$.ifVersion';
        value: bigint;
    }
    interface PutRequestWriteIdFieldEvent {
        field: '$.writeId';
        value: string;
    }
    function encode(obj: Partial<PutRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PutRequest>): PutRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PutRequest>): Generator<PutRequestKeyFieldEvent | PutRequestValueFieldEvent | PutRequestIfVersionFieldEvent | PutRequestWriteIdFieldEvent>;
}
export interface WatchRequest {
    key: string;
    after: bigint;
    waitMs: number;
}
export declare namespace WatchRequest {
    const codec: () => Codec<WatchRequest, WatchRequest>;
    interface WatchRequestKeyFieldEvent {
        field: '$.key';
        value: string;
    }
    interface WatchRequestAfterFieldEvent {
        field: '$.after';
        value: bigint;
    }
    interface WatchRequestWaitMsFieldEvent {
        field: '$.waitMs';
        value: number;
    }
    function encode(obj: Partial<WatchRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WatchRequest>): WatchRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WatchRequest>): Generator<WatchRequestKeyFieldEvent | WatchRequestAfterFieldEvent | WatchRequestWaitMsFieldEvent>;
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
    interface AcceptRequestStateHistoryValueFieldEvent {
        field: '$.state.history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface AcceptRequestStateHistoryVersionFieldEvent {
        field: '$.state.history[].version';
        value: bigint;
        index: number;
    }
    interface AcceptRequestStateHistoryWriteIdFieldEvent {
        field: '$.state.history[].writeId';
        value: string;
        index: number;
    }
    function encode(obj: Partial<AcceptRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AcceptRequest>): AcceptRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AcceptRequest>): Generator<AcceptRequestKeyFieldEvent | AcceptRequestEpochFieldEvent | AcceptRequestBallotCounterFieldEvent | AcceptRequestBallotProposerFieldEvent | AcceptRequestStateValueFieldEvent | AcceptRequestStateVersionFieldEvent | AcceptRequestStateWriteIdFieldEvent | AcceptRequestStateHistoryValueFieldEvent | AcceptRequestStateHistoryVersionFieldEvent | AcceptRequestStateHistoryWriteIdFieldEvent>;
}
export interface CoordResponse {
    promise?: PromiseResponse;
    accepted?: AcceptedResponse;
    conflict?: ConflictResponse;
    status?: StatusResponse;
    keys?: KeysResponse;
    entry?: EntryResponse;
    put?: PutResponse;
    watch?: WatchResponse;
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
    interface CoordResponsePromiseAcceptedStateHistoryValueFieldEvent {
        field: '$.promise.accepted.state.history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface CoordResponsePromiseAcceptedStateHistoryVersionFieldEvent {
        field: '$.promise.accepted.state.history[].version';
        value: bigint;
        index: number;
    }
    interface CoordResponsePromiseAcceptedStateHistoryWriteIdFieldEvent {
        field: '$.promise.accepted.state.history[].writeId';
        value: string;
        index: number;
    }
    interface CoordResponseConflictPromisedCounterFieldEvent {
        field: '$.conflict.promised.counter';
        value: bigint;
    }
    interface CoordResponseConflictPromisedProposerFieldEvent {
        field: '$.conflict.promised.proposer';
        value: string;
    }
    interface CoordResponseStatusConfigEpochFieldEvent {
        field: '$.status.config.epoch';
        value: bigint;
    }
    interface CoordResponseStatusConfigMembersPeerIdFieldEvent {
        field: '$.status.config.members[].peerId';
        value: string;
        index: number;
    }
    interface CoordResponseStatusConfigMembersIncarnationFieldEvent {
        field: '$.status.config.members[].incarnation';
        value: string;
        index: number;
    }
    interface CoordResponseStatusConfigMembersAddrsFieldEvent {
        field: '$.status.config.members[].addrs[]';
        index: number;
        value: string;
    }
    interface CoordResponseStatusIncarnationFieldEvent {
        field: '$.status.incarnation';
        value: string;
    }
    interface CoordResponseStatusMismatchFieldEvent {
        field: '$.status.mismatch';
        value: boolean;
    }
    interface CoordResponseKeysKeysFieldEvent {
        field: '$.keys.keys[]';
        index: number;
        value: string;
    }
    interface CoordResponseKeysMoreFieldEvent {
        field: '$.keys.more';
        value: boolean;
    }
    interface CoordResponseEntryStateValueFieldEvent {
        field: '$.entry.state.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface CoordResponseEntryStateVersionFieldEvent {
        field: '$.entry.state.version';
        value: bigint;
    }
    interface CoordResponseEntryStateWriteIdFieldEvent {
        field: '$.entry.state.writeId';
        value: string;
    }
    interface CoordResponseEntryStateHistoryValueFieldEvent {
        field: '$.entry.state.history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface CoordResponseEntryStateHistoryVersionFieldEvent {
        field: '$.entry.state.history[].version';
        value: bigint;
        index: number;
    }
    interface CoordResponseEntryStateHistoryWriteIdFieldEvent {
        field: '$.entry.state.history[].writeId';
        value: string;
        index: number;
    }
    interface CoordResponsePutOkFieldEvent {
        field: '$.put.ok';
        value: boolean;
    }
    interface CoordResponsePutVersionFieldEvent {
        field: '$.put.version';
        value: bigint;
    }
    interface CoordResponsePutCurrentValueFieldEvent {
        field: '$.put.current.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface CoordResponsePutCurrentVersionFieldEvent {
        field: '$.put.current.version';
        value: bigint;
    }
    interface CoordResponsePutCurrentWriteIdFieldEvent {
        field: '$.put.current.writeId';
        value: string;
    }
    interface CoordResponsePutCurrentHistoryValueFieldEvent {
        field: '$.put.current.history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface CoordResponsePutCurrentHistoryVersionFieldEvent {
        field: '$.put.current.history[].version';
        value: bigint;
        index: number;
    }
    interface CoordResponsePutCurrentHistoryWriteIdFieldEvent {
        field: '$.put.current.history[].writeId';
        value: string;
        index: number;
    }
    interface CoordResponseWatchEventsValueFieldEvent {
        field: '$.watch.events[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface CoordResponseWatchEventsVersionFieldEvent {
        field: '$.watch.events[].version';
        value: bigint;
        index: number;
    }
    interface CoordResponseWatchEventsWriteIdFieldEvent {
        field: '$.watch.events[].writeId';
        value: string;
        index: number;
    }
    interface CoordResponseWatchEventsHistoryValueFieldEvent {
        field: '$.watch.events[].history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface CoordResponseWatchEventsHistoryVersionFieldEvent {
        field: '$.watch.events[].history[].version';
        value: bigint;
        index: number;
    }
    interface CoordResponseWatchEventsHistoryWriteIdFieldEvent {
        field: '$.watch.events[].history[].writeId';
        value: string;
        index: number;
    }
    interface CoordResponseWatchResyncFieldEvent {
        field: '$.watch.resync';
        value: boolean;
    }
    function encode(obj: Partial<CoordResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CoordResponse>): CoordResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CoordResponse>): Generator<CoordResponsePromiseAcceptedBallotCounterFieldEvent | CoordResponsePromiseAcceptedBallotProposerFieldEvent | CoordResponsePromiseAcceptedStateValueFieldEvent | CoordResponsePromiseAcceptedStateVersionFieldEvent | CoordResponsePromiseAcceptedStateWriteIdFieldEvent | CoordResponsePromiseAcceptedStateHistoryValueFieldEvent | CoordResponsePromiseAcceptedStateHistoryVersionFieldEvent | CoordResponsePromiseAcceptedStateHistoryWriteIdFieldEvent | CoordResponseConflictPromisedCounterFieldEvent | CoordResponseConflictPromisedProposerFieldEvent | CoordResponseStatusConfigEpochFieldEvent | CoordResponseStatusConfigMembersPeerIdFieldEvent | CoordResponseStatusConfigMembersIncarnationFieldEvent | CoordResponseStatusConfigMembersAddrsFieldEvent | CoordResponseStatusIncarnationFieldEvent | CoordResponseStatusMismatchFieldEvent | CoordResponseKeysKeysFieldEvent | CoordResponseKeysMoreFieldEvent | CoordResponseEntryStateValueFieldEvent | CoordResponseEntryStateVersionFieldEvent | CoordResponseEntryStateWriteIdFieldEvent | CoordResponseEntryStateHistoryValueFieldEvent | CoordResponseEntryStateHistoryVersionFieldEvent | CoordResponseEntryStateHistoryWriteIdFieldEvent | CoordResponsePutOkFieldEvent | CoordResponsePutVersionFieldEvent | CoordResponsePutCurrentValueFieldEvent | CoordResponsePutCurrentVersionFieldEvent | CoordResponsePutCurrentWriteIdFieldEvent | CoordResponsePutCurrentHistoryValueFieldEvent | CoordResponsePutCurrentHistoryVersionFieldEvent | CoordResponsePutCurrentHistoryWriteIdFieldEvent | CoordResponseWatchEventsValueFieldEvent | CoordResponseWatchEventsVersionFieldEvent | CoordResponseWatchEventsWriteIdFieldEvent | CoordResponseWatchEventsHistoryValueFieldEvent | CoordResponseWatchEventsHistoryVersionFieldEvent | CoordResponseWatchEventsHistoryWriteIdFieldEvent | CoordResponseWatchResyncFieldEvent>;
}
export interface StatusResponse {
    config?: GroupConfig;
    incarnation: string;
    mismatch: boolean;
}
export declare namespace StatusResponse {
    const codec: () => Codec<StatusResponse, StatusResponse>;
    interface StatusResponseConfigEpochFieldEvent {
        field: '$.config.epoch';
        value: bigint;
    }
    interface StatusResponseConfigMembersPeerIdFieldEvent {
        field: '$.config.members[].peerId';
        value: string;
        index: number;
    }
    interface StatusResponseConfigMembersIncarnationFieldEvent {
        field: '$.config.members[].incarnation';
        value: string;
        index: number;
    }
    interface StatusResponseConfigMembersAddrsFieldEvent {
        field: '$.config.members[].addrs[]';
        index: number;
        value: string;
    }
    interface StatusResponseIncarnationFieldEvent {
        field: '$.incarnation';
        value: string;
    }
    interface StatusResponseMismatchFieldEvent {
        field: '$.mismatch';
        value: boolean;
    }
    function encode(obj: Partial<StatusResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatusResponse>): StatusResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatusResponse>): Generator<StatusResponseConfigEpochFieldEvent | StatusResponseConfigMembersPeerIdFieldEvent | StatusResponseConfigMembersIncarnationFieldEvent | StatusResponseConfigMembersAddrsFieldEvent | StatusResponseIncarnationFieldEvent | StatusResponseMismatchFieldEvent>;
}
export interface KeysResponse {
    keys: string[];
    more: boolean;
}
export declare namespace KeysResponse {
    const codec: () => Codec<KeysResponse, KeysResponse>;
    interface KeysResponseKeysFieldEvent {
        field: '$.keys[]';
        index: number;
        value: string;
    }
    interface KeysResponseMoreFieldEvent {
        field: '$.more';
        value: boolean;
    }
    function encode(obj: Partial<KeysResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeysResponse>): KeysResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeysResponse>): Generator<KeysResponseKeysFieldEvent | KeysResponseMoreFieldEvent>;
}
export interface EntryResponse {
    state?: RegisterState;
}
export declare namespace EntryResponse {
    const codec: () => Codec<EntryResponse, EntryResponse>;
    interface EntryResponseStateValueFieldEvent {
        field: '$.state.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface EntryResponseStateVersionFieldEvent {
        field: '$.state.version';
        value: bigint;
    }
    interface EntryResponseStateWriteIdFieldEvent {
        field: '$.state.writeId';
        value: string;
    }
    interface EntryResponseStateHistoryValueFieldEvent {
        field: '$.state.history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface EntryResponseStateHistoryVersionFieldEvent {
        field: '$.state.history[].version';
        value: bigint;
        index: number;
    }
    interface EntryResponseStateHistoryWriteIdFieldEvent {
        field: '$.state.history[].writeId';
        value: string;
        index: number;
    }
    function encode(obj: Partial<EntryResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EntryResponse>): EntryResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EntryResponse>): Generator<EntryResponseStateValueFieldEvent | EntryResponseStateVersionFieldEvent | EntryResponseStateWriteIdFieldEvent | EntryResponseStateHistoryValueFieldEvent | EntryResponseStateHistoryVersionFieldEvent | EntryResponseStateHistoryWriteIdFieldEvent>;
}
export interface PutResponse {
    ok: boolean;
    version: bigint;
    current?: RegisterState;
}
export declare namespace PutResponse {
    const codec: () => Codec<PutResponse, PutResponse>;
    interface PutResponseOkFieldEvent {
        field: '$.ok';
        value: boolean;
    }
    interface PutResponseVersionFieldEvent {
        field: '$.version';
        value: bigint;
    }
    interface PutResponseCurrentValueFieldEvent {
        field: '$.current.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface PutResponseCurrentVersionFieldEvent {
        field: '$.current.version';
        value: bigint;
    }
    interface PutResponseCurrentWriteIdFieldEvent {
        field: '$.current.writeId';
        value: string;
    }
    interface PutResponseCurrentHistoryValueFieldEvent {
        field: '$.current.history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface PutResponseCurrentHistoryVersionFieldEvent {
        field: '$.current.history[].version';
        value: bigint;
        index: number;
    }
    interface PutResponseCurrentHistoryWriteIdFieldEvent {
        field: '$.current.history[].writeId';
        value: string;
        index: number;
    }
    function encode(obj: Partial<PutResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PutResponse>): PutResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PutResponse>): Generator<PutResponseOkFieldEvent | PutResponseVersionFieldEvent | PutResponseCurrentValueFieldEvent | PutResponseCurrentVersionFieldEvent | PutResponseCurrentWriteIdFieldEvent | PutResponseCurrentHistoryValueFieldEvent | PutResponseCurrentHistoryVersionFieldEvent | PutResponseCurrentHistoryWriteIdFieldEvent>;
}
export interface WatchResponse {
    events: RegisterState[];
    resync: boolean;
}
export declare namespace WatchResponse {
    const codec: () => Codec<WatchResponse, WatchResponse>;
    interface WatchResponseEventsValueFieldEvent {
        field: '$.events[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface WatchResponseEventsVersionFieldEvent {
        field: '$.events[].version';
        value: bigint;
        index: number;
    }
    interface WatchResponseEventsWriteIdFieldEvent {
        field: '$.events[].writeId';
        value: string;
        index: number;
    }
    interface WatchResponseEventsHistoryValueFieldEvent {
        field: '$.events[].history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface WatchResponseEventsHistoryVersionFieldEvent {
        field: '$.events[].history[].version';
        value: bigint;
        index: number;
    }
    interface WatchResponseEventsHistoryWriteIdFieldEvent {
        field: '$.events[].history[].writeId';
        value: string;
        index: number;
    }
    interface WatchResponseResyncFieldEvent {
        field: '$.resync';
        value: boolean;
    }
    function encode(obj: Partial<WatchResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WatchResponse>): WatchResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WatchResponse>): Generator<WatchResponseEventsValueFieldEvent | WatchResponseEventsVersionFieldEvent | WatchResponseEventsWriteIdFieldEvent | WatchResponseEventsHistoryValueFieldEvent | WatchResponseEventsHistoryVersionFieldEvent | WatchResponseEventsHistoryWriteIdFieldEvent | WatchResponseResyncFieldEvent>;
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
    interface AcceptedStateStateHistoryValueFieldEvent {
        field: '$.state.history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface AcceptedStateStateHistoryVersionFieldEvent {
        field: '$.state.history[].version';
        value: bigint;
        index: number;
    }
    interface AcceptedStateStateHistoryWriteIdFieldEvent {
        field: '$.state.history[].writeId';
        value: string;
        index: number;
    }
    function encode(obj: Partial<AcceptedState>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AcceptedState>): AcceptedState;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AcceptedState>): Generator<AcceptedStateBallotCounterFieldEvent | AcceptedStateBallotProposerFieldEvent | AcceptedStateStateValueFieldEvent | AcceptedStateStateVersionFieldEvent | AcceptedStateStateWriteIdFieldEvent | AcceptedStateStateHistoryValueFieldEvent | AcceptedStateStateHistoryVersionFieldEvent | AcceptedStateStateHistoryWriteIdFieldEvent>;
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
    interface PromiseResponseAcceptedStateHistoryValueFieldEvent {
        field: '$.accepted.state.history[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface PromiseResponseAcceptedStateHistoryVersionFieldEvent {
        field: '$.accepted.state.history[].version';
        value: bigint;
        index: number;
    }
    interface PromiseResponseAcceptedStateHistoryWriteIdFieldEvent {
        field: '$.accepted.state.history[].writeId';
        value: string;
        index: number;
    }
    function encode(obj: Partial<PromiseResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PromiseResponse>): PromiseResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PromiseResponse>): Generator<PromiseResponseAcceptedBallotCounterFieldEvent | PromiseResponseAcceptedBallotProposerFieldEvent | PromiseResponseAcceptedStateValueFieldEvent | PromiseResponseAcceptedStateVersionFieldEvent | PromiseResponseAcceptedStateWriteIdFieldEvent | PromiseResponseAcceptedStateHistoryValueFieldEvent | PromiseResponseAcceptedStateHistoryVersionFieldEvent | PromiseResponseAcceptedStateHistoryWriteIdFieldEvent>;
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
