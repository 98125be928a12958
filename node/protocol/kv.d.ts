// Generated from kv.proto by scripts/gen-proto.ts (protons + tsc). Do not edit; run `npm run gen:proto`.
import type { Codec, DecodeOptions } from 'protons-runtime';
import type { Uint8ArrayList } from 'uint8arraylist';
export interface Version {
    hlc: bigint;
    writer: number;
}
export declare namespace Version {
    const codec: () => Codec<Version, Version>;
    interface VersionHlcFieldEvent {
        field: '$.hlc';
        value: bigint;
    }
    interface VersionWriterFieldEvent {
        field: '$.writer';
        value: number;
    }
    function encode(obj: Partial<Version>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Version>): Version;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Version>): Generator<VersionHlcFieldEvent | VersionWriterFieldEvent>;
}
export interface Item {
    key: string;
    value: Uint8Array<ArrayBuffer>;
    flags: number;
    expiresAtMs: bigint;
    version?: Version;
    deleted: boolean;
}
export declare namespace Item {
    const codec: () => Codec<Item, Item>;
    interface ItemKeyFieldEvent {
        field: '$.key';
        value: string;
    }
    interface ItemValueFieldEvent {
        field: '$.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface ItemFlagsFieldEvent {
        field: '$.flags';
        value: number;
    }
    interface ItemExpiresAtMsFieldEvent {
        field: '$.expiresAtMs';
        value: bigint;
    }
    interface ItemVersionHlcFieldEvent {
        field: '$.version.hlc';
        value: bigint;
    }
    interface ItemVersionWriterFieldEvent {
        field: '$.version.writer';
        value: number;
    }
    interface ItemDeletedFieldEvent {
        field: '$.deleted';
        value: boolean;
    }
    function encode(obj: Partial<Item>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Item>): Item;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Item>): Generator<ItemKeyFieldEvent | ItemValueFieldEvent | ItemFlagsFieldEvent | ItemExpiresAtMsFieldEvent | ItemVersionHlcFieldEvent | ItemVersionWriterFieldEvent | ItemDeletedFieldEvent>;
}
export interface KvRequest {
    mutate?: MutateRequest;
    get?: GetRequest;
    replicate?: ReplicateRequest;
    fetchRange?: FetchRangeRequest;
    digest?: DigestRequest;
    fetchBuckets?: FetchBucketsRequest;
    ringView?: RingViewRequest;
    flush?: FlushRequest;
}
export declare namespace KvRequest {
    const codec: () => Codec<KvRequest, KvRequest>;
    interface KvRequestMutateOpFieldEvent {
        field: '$.mutate.op';
        value: string;
    }
    interface KvRequestMutateKeyFieldEvent {
        field: '$.mutate.key';
        value: string;
    }
    interface KvRequestMutateValueFieldEvent {
        field: '$.mutate.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface KvRequestMutateFlagsFieldEvent {
        field: '$.mutate.flags';
        value: number;
    }
    interface KvRequestMutateExptimeFieldEvent {
        field: '$.mutate.exptime';
        value: bigint;
    }
    interface KvRequestMutateCasFieldEvent {
        field: '$.mutate.cas';
        value: bigint;
    }
    interface KvRequestMutateDeltaFieldEvent {
        field: '$.mutate.delta';
        value: bigint;
    }
    interface KvRequestMutateHopsFieldEvent {
        field: '$.mutate.hops';
        value: number;
    }
    interface KvRequestGetKeysFieldEvent {
        field: '$.get.keys[]';
        index: number;
        value: string;
    }
    interface KvRequestGetTouchExptimeFieldEvent {
        field: '$.get.touchExptime';
        value: bigint;
    }
    interface KvRequestGetHopsFieldEvent {
        field: '$.get.hops';
        value: number;
    }
    interface KvRequestReplicateItemsKeyFieldEvent {
        field: '$.replicate.items[].key';
        value: string;
        index: number;
    }
    interface KvRequestReplicateItemsValueFieldEvent {
        field: '$.replicate.items[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface KvRequestReplicateItemsFlagsFieldEvent {
        field: '$.replicate.items[].flags';
        value: number;
        index: number;
    }
    interface KvRequestReplicateItemsExpiresAtMsFieldEvent {
        field: '$.replicate.items[].expiresAtMs';
        value: bigint;
        index: number;
    }
    interface KvRequestReplicateItemsVersionHlcFieldEvent {
        field: '$.replicate.items[].version.hlc';
        value: bigint;
        index: number;
    }
    interface KvRequestReplicateItemsVersionWriterFieldEvent {
        field: '$.replicate.items[].version.writer';
        value: number;
        index: number;
    }
    interface KvRequestReplicateItemsDeletedFieldEvent {
        field: '$.replicate.items[].deleted';
        value: boolean;
        index: number;
    }
    interface KvRequestFetchRangeFromFieldEvent {
        field: '$.fetchRange.from';
        value: Uint8Array<ArrayBuffer>;
    }
    interface KvRequestFetchRangeToFieldEvent {
        field: '$.fetchRange.to';
        value: Uint8Array<ArrayBuffer>;
    }
    interface KvRequestFetchRangeAfterKeyFieldEvent {
        field: '$.fetchRange.afterKey';
        value: string;
    }
    interface KvRequestFetchRangeLimitFieldEvent {
        field: '$.fetchRange.limit';
        value: number;
    }
    interface KvRequestDigestFromFieldEvent {
        field: '$.digest.from';
        value: Uint8Array<ArrayBuffer>;
    }
    interface KvRequestDigestToFieldEvent {
        field: '$.digest.to';
        value: Uint8Array<ArrayBuffer>;
    }
    interface KvRequestDigestBucketsFieldEvent {
        field: '$.digest.buckets';
        value: number;
    }
    interface KvRequestFetchBucketsFromFieldEvent {
        field: '$.fetchBuckets.from';
        value: Uint8Array<ArrayBuffer>;
    }
    interface KvRequestFetchBucketsToFieldEvent {
        field: '$.fetchBuckets.to';
        value: Uint8Array<ArrayBuffer>;
    }
    interface KvRequestFetchBucketsBucketsFieldEvent {
        field: '$.fetchBuckets.buckets';
        value: number;
    }
    interface KvRequestFetchBucketsIndexesFieldEvent {
        field: '$.fetchBuckets.indexes[]';
        index: number;
        value: number;
    }
    function encode(obj: Partial<KvRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KvRequest>): KvRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KvRequest>): Generator<KvRequestMutateOpFieldEvent | KvRequestMutateKeyFieldEvent | KvRequestMutateValueFieldEvent | KvRequestMutateFlagsFieldEvent | KvRequestMutateExptimeFieldEvent | KvRequestMutateCasFieldEvent | KvRequestMutateDeltaFieldEvent | KvRequestMutateHopsFieldEvent | KvRequestGetKeysFieldEvent | KvRequestGetTouchExptimeFieldEvent | KvRequestGetHopsFieldEvent | KvRequestReplicateItemsKeyFieldEvent | KvRequestReplicateItemsValueFieldEvent | KvRequestReplicateItemsFlagsFieldEvent | KvRequestReplicateItemsExpiresAtMsFieldEvent | KvRequestReplicateItemsVersionHlcFieldEvent | KvRequestReplicateItemsVersionWriterFieldEvent | KvRequestReplicateItemsDeletedFieldEvent | KvRequestFetchRangeFromFieldEvent | KvRequestFetchRangeToFieldEvent | KvRequestFetchRangeAfterKeyFieldEvent | KvRequestFetchRangeLimitFieldEvent | KvRequestDigestFromFieldEvent | KvRequestDigestToFieldEvent | KvRequestDigestBucketsFieldEvent | KvRequestFetchBucketsFromFieldEvent | KvRequestFetchBucketsToFieldEvent | KvRequestFetchBucketsBucketsFieldEvent | KvRequestFetchBucketsIndexesFieldEvent>;
}
export interface MutateRequest {
    op: string;
    key: string;
    value?: Uint8Array<ArrayBuffer>;
    flags?: number;
    exptime?: bigint;
    cas?: bigint;
    delta?: bigint;
    hops: number;
}
export declare namespace MutateRequest {
    const codec: () => Codec<MutateRequest, MutateRequest>;
    interface MutateRequestOpFieldEvent {
        field: '$.op';
        value: string;
    }
    interface MutateRequestKeyFieldEvent {
        field: '$.key';
        value: string;
    }
    interface MutateRequestValueFieldEvent {
        field: '$.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface MutateRequestFlagsFieldEvent {
        field: '$.flags';
        value: number;
    }
    interface MutateRequestExptimeFieldEvent {
        field: '$.exptime';
        value: bigint;
    }
    interface MutateRequestCasFieldEvent {
        field: '$.cas';
        value: bigint;
    }
    interface MutateRequestDeltaFieldEvent {
        field: '$.delta';
        value: bigint;
    }
    interface MutateRequestHopsFieldEvent {
        field: '$.hops';
        value: number;
    }
    function encode(obj: Partial<MutateRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MutateRequest>): MutateRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MutateRequest>): Generator<MutateRequestOpFieldEvent | MutateRequestKeyFieldEvent | MutateRequestValueFieldEvent | MutateRequestFlagsFieldEvent | MutateRequestExptimeFieldEvent | MutateRequestCasFieldEvent | MutateRequestDeltaFieldEvent | MutateRequestHopsFieldEvent>;
}
export interface GetRequest {
    keys: string[];
    touchExptime?: bigint;
    hops: number;
}
export declare namespace GetRequest {
    const codec: () => Codec<GetRequest, GetRequest>;
    interface GetRequestKeysFieldEvent {
        field: '$.keys[]';
        index: number;
        value: string;
    }
    interface GetRequestTouchExptimeFieldEvent {
        field: '$.touchExptime';
        value: bigint;
    }
    interface GetRequestHopsFieldEvent {
        field: '$.hops';
        value: number;
    }
    function encode(obj: Partial<GetRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetRequest>): GetRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetRequest>): Generator<GetRequestKeysFieldEvent | GetRequestTouchExptimeFieldEvent | GetRequestHopsFieldEvent>;
}
export interface ReplicateRequest {
    items: Item[];
}
export declare namespace ReplicateRequest {
    const codec: () => Codec<ReplicateRequest, ReplicateRequest>;
    interface ReplicateRequestItemsKeyFieldEvent {
        field: '$.items[].key';
        value: string;
        index: number;
    }
    interface ReplicateRequestItemsValueFieldEvent {
        field: '$.items[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface ReplicateRequestItemsFlagsFieldEvent {
        field: '$.items[].flags';
        value: number;
        index: number;
    }
    interface ReplicateRequestItemsExpiresAtMsFieldEvent {
        field: '$.items[].expiresAtMs';
        value: bigint;
        index: number;
    }
    interface ReplicateRequestItemsVersionHlcFieldEvent {
        field: '$.items[].version.hlc';
        value: bigint;
        index: number;
    }
    interface ReplicateRequestItemsVersionWriterFieldEvent {
        field: '$.items[].version.writer';
        value: number;
        index: number;
    }
    interface ReplicateRequestItemsDeletedFieldEvent {
        field: '$.items[].deleted';
        value: boolean;
        index: number;
    }
    function encode(obj: Partial<ReplicateRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReplicateRequest>): ReplicateRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReplicateRequest>): Generator<ReplicateRequestItemsKeyFieldEvent | ReplicateRequestItemsValueFieldEvent | ReplicateRequestItemsFlagsFieldEvent | ReplicateRequestItemsExpiresAtMsFieldEvent | ReplicateRequestItemsVersionHlcFieldEvent | ReplicateRequestItemsVersionWriterFieldEvent | ReplicateRequestItemsDeletedFieldEvent>;
}
export interface FetchRangeRequest {
    from: Uint8Array<ArrayBuffer>;
    to: Uint8Array<ArrayBuffer>;
    afterKey?: string;
    limit: number;
}
export declare namespace FetchRangeRequest {
    const codec: () => Codec<FetchRangeRequest, FetchRangeRequest>;
    interface FetchRangeRequestFromFieldEvent {
        field: '$.from';
        value: Uint8Array<ArrayBuffer>;
    }
    interface FetchRangeRequestToFieldEvent {
        field: '$.to';
        value: Uint8Array<ArrayBuffer>;
    }
    interface FetchRangeRequestAfterKeyFieldEvent {
        field: '$.afterKey';
        value: string;
    }
    interface FetchRangeRequestLimitFieldEvent {
        field: '$.limit';
        value: number;
    }
    function encode(obj: Partial<FetchRangeRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchRangeRequest>): FetchRangeRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchRangeRequest>): Generator<FetchRangeRequestFromFieldEvent | FetchRangeRequestToFieldEvent | FetchRangeRequestAfterKeyFieldEvent | FetchRangeRequestLimitFieldEvent>;
}
export interface DigestRequest {
    from: Uint8Array<ArrayBuffer>;
    to: Uint8Array<ArrayBuffer>;
    buckets: number;
}
export declare namespace DigestRequest {
    const codec: () => Codec<DigestRequest, DigestRequest>;
    interface DigestRequestFromFieldEvent {
        field: '$.from';
        value: Uint8Array<ArrayBuffer>;
    }
    interface DigestRequestToFieldEvent {
        field: '$.to';
        value: Uint8Array<ArrayBuffer>;
    }
    interface DigestRequestBucketsFieldEvent {
        field: '$.buckets';
        value: number;
    }
    function encode(obj: Partial<DigestRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DigestRequest>): DigestRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DigestRequest>): Generator<DigestRequestFromFieldEvent | DigestRequestToFieldEvent | DigestRequestBucketsFieldEvent>;
}
export interface FetchBucketsRequest {
    from: Uint8Array<ArrayBuffer>;
    to: Uint8Array<ArrayBuffer>;
    buckets: number;
    indexes: number[];
}
export declare namespace FetchBucketsRequest {
    const codec: () => Codec<FetchBucketsRequest, FetchBucketsRequest>;
    interface FetchBucketsRequestFromFieldEvent {
        field: '$.from';
        value: Uint8Array<ArrayBuffer>;
    }
    interface FetchBucketsRequestToFieldEvent {
        field: '$.to';
        value: Uint8Array<ArrayBuffer>;
    }
    interface FetchBucketsRequestBucketsFieldEvent {
        field: '$.buckets';
        value: number;
    }
    interface FetchBucketsRequestIndexesFieldEvent {
        field: '$.indexes[]';
        index: number;
        value: number;
    }
    function encode(obj: Partial<FetchBucketsRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchBucketsRequest>): FetchBucketsRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchBucketsRequest>): Generator<FetchBucketsRequestFromFieldEvent | FetchBucketsRequestToFieldEvent | FetchBucketsRequestBucketsFieldEvent | FetchBucketsRequestIndexesFieldEvent>;
}
export interface RingViewRequest {
}
export declare namespace RingViewRequest {
    const codec: () => Codec<RingViewRequest, RingViewRequest>;
    function encode(obj: Partial<RingViewRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RingViewRequest>): RingViewRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RingViewRequest>): Generator<{}>;
}
export interface FlushRequest {
}
export declare namespace FlushRequest {
    const codec: () => Codec<FlushRequest, FlushRequest>;
    function encode(obj: Partial<FlushRequest>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FlushRequest>): FlushRequest;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FlushRequest>): Generator<{}>;
}
export interface KvResponse {
    mutated?: MutatedResponse;
    values?: ValuesResponse;
    ok?: OkResponse;
    items?: ItemsResponse;
    digests?: DigestsResponse;
    ringView?: RingViewResponse;
}
export declare namespace KvResponse {
    const codec: () => Codec<KvResponse, KvResponse>;
    interface KvResponseMutatedStatusFieldEvent {
        field: '$.mutated.status';
        value: string;
    }
    interface KvResponseMutatedCasFieldEvent {
        field: '$.mutated.cas';
        value: bigint;
    }
    interface KvResponseMutatedValueFieldEvent {
        field: '$.mutated.value';
        value: bigint;
    }
    interface KvResponseMutatedCopiesFieldEvent {
        field: '$.mutated.copies';
        value: number;
    }
    interface KvResponseMutatedOwnerFieldEvent {
        field: '$.mutated.owner';
        value: string;
    }
    interface KvResponseValuesHitsKeyFieldEvent {
        field: '$.values.hits[].key';
        value: string;
        index: number;
    }
    interface KvResponseValuesHitsValueFieldEvent {
        field: '$.values.hits[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface KvResponseValuesHitsFlagsFieldEvent {
        field: '$.values.hits[].flags';
        value: number;
        index: number;
    }
    interface KvResponseValuesHitsCasFieldEvent {
        field: '$.values.hits[].cas';
        value: bigint;
        index: number;
    }
    interface KvResponseValuesOwnerFieldEvent {
        field: '$.values.owner';
        value: string;
    }
    interface KvResponseOkAppliedFieldEvent {
        field: '$.ok.applied';
        value: number;
    }
    interface KvResponseItemsItemsKeyFieldEvent {
        field: '$.items.items[].key';
        value: string;
        index: number;
    }
    interface KvResponseItemsItemsValueFieldEvent {
        field: '$.items.items[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface KvResponseItemsItemsFlagsFieldEvent {
        field: '$.items.items[].flags';
        value: number;
        index: number;
    }
    interface KvResponseItemsItemsExpiresAtMsFieldEvent {
        field: '$.items.items[].expiresAtMs';
        value: bigint;
        index: number;
    }
    interface KvResponseItemsItemsVersionHlcFieldEvent {
        field: '$.items.items[].version.hlc';
        value: bigint;
        index: number;
    }
    interface KvResponseItemsItemsVersionWriterFieldEvent {
        field: '$.items.items[].version.writer';
        value: number;
        index: number;
    }
    interface KvResponseItemsItemsDeletedFieldEvent {
        field: '$.items.items[].deleted';
        value: boolean;
        index: number;
    }
    interface KvResponseItemsMoreFieldEvent {
        field: '$.items.more';
        value: boolean;
    }
    interface KvResponseDigestsDigestsFieldEvent {
        field: '$.digests.digests[]';
        index: number;
        value: Uint8Array<ArrayBuffer>;
    }
    interface KvResponseRingViewMFieldEvent {
        field: '$.ringView.m';
        value: number;
    }
    interface KvResponseRingViewReplicasFieldEvent {
        field: '$.ringView.replicas';
        value: number;
    }
    interface KvResponseRingViewVnodesIdFieldEvent {
        field: '$.ringView.vnodes[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface KvResponseRingViewVnodesPeerIdFieldEvent {
        field: '$.ringView.vnodes[].peerId';
        value: string;
        index: number;
    }
    interface KvResponseRingViewVnodesAddrsFieldEvent {
        field: '$.ringView.vnodes[].addrs[]';
        index: number;
        value: string;
    }
    interface KvResponseRingViewVnodesZoneFieldEvent {
        field: '$.ringView.vnodes[].zone';
        value: string;
        index: number;
    }
    function encode(obj: Partial<KvResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KvResponse>): KvResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KvResponse>): Generator<KvResponseMutatedStatusFieldEvent | KvResponseMutatedCasFieldEvent | KvResponseMutatedValueFieldEvent | KvResponseMutatedCopiesFieldEvent | KvResponseMutatedOwnerFieldEvent | KvResponseValuesHitsKeyFieldEvent | KvResponseValuesHitsValueFieldEvent | KvResponseValuesHitsFlagsFieldEvent | KvResponseValuesHitsCasFieldEvent | KvResponseValuesOwnerFieldEvent | KvResponseOkAppliedFieldEvent | KvResponseItemsItemsKeyFieldEvent | KvResponseItemsItemsValueFieldEvent | KvResponseItemsItemsFlagsFieldEvent | KvResponseItemsItemsExpiresAtMsFieldEvent | KvResponseItemsItemsVersionHlcFieldEvent | KvResponseItemsItemsVersionWriterFieldEvent | KvResponseItemsItemsDeletedFieldEvent | KvResponseItemsMoreFieldEvent | KvResponseDigestsDigestsFieldEvent | KvResponseRingViewMFieldEvent | KvResponseRingViewReplicasFieldEvent | KvResponseRingViewVnodesIdFieldEvent | KvResponseRingViewVnodesPeerIdFieldEvent | KvResponseRingViewVnodesAddrsFieldEvent | KvResponseRingViewVnodesZoneFieldEvent>;
}
export interface MutatedResponse {
    status: string;
    cas?: bigint;
    value?: bigint;
    copies: number;
    owner: string;
}
export declare namespace MutatedResponse {
    const codec: () => Codec<MutatedResponse, MutatedResponse>;
    interface MutatedResponseStatusFieldEvent {
        field: '$.status';
        value: string;
    }
    interface MutatedResponseCasFieldEvent {
        field: '$.cas';
        value: bigint;
    }
    interface MutatedResponseValueFieldEvent {
        field: '$.value';
        value: bigint;
    }
    interface MutatedResponseCopiesFieldEvent {
        field: '$.copies';
        value: number;
    }
    interface MutatedResponseOwnerFieldEvent {
        field: '$.owner';
        value: string;
    }
    function encode(obj: Partial<MutatedResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MutatedResponse>): MutatedResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MutatedResponse>): Generator<MutatedResponseStatusFieldEvent | MutatedResponseCasFieldEvent | MutatedResponseValueFieldEvent | MutatedResponseCopiesFieldEvent | MutatedResponseOwnerFieldEvent>;
}
export interface GetHit {
    key: string;
    value: Uint8Array<ArrayBuffer>;
    flags: number;
    cas: bigint;
}
export declare namespace GetHit {
    const codec: () => Codec<GetHit, GetHit>;
    interface GetHitKeyFieldEvent {
        field: '$.key';
        value: string;
    }
    interface GetHitValueFieldEvent {
        field: '$.value';
        value: Uint8Array<ArrayBuffer>;
    }
    interface GetHitFlagsFieldEvent {
        field: '$.flags';
        value: number;
    }
    interface GetHitCasFieldEvent {
        field: '$.cas';
        value: bigint;
    }
    function encode(obj: Partial<GetHit>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetHit>): GetHit;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetHit>): Generator<GetHitKeyFieldEvent | GetHitValueFieldEvent | GetHitFlagsFieldEvent | GetHitCasFieldEvent>;
}
export interface ValuesResponse {
    hits: GetHit[];
    owner: string;
}
export declare namespace ValuesResponse {
    const codec: () => Codec<ValuesResponse, ValuesResponse>;
    interface ValuesResponseHitsKeyFieldEvent {
        field: '$.hits[].key';
        value: string;
        index: number;
    }
    interface ValuesResponseHitsValueFieldEvent {
        field: '$.hits[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface ValuesResponseHitsFlagsFieldEvent {
        field: '$.hits[].flags';
        value: number;
        index: number;
    }
    interface ValuesResponseHitsCasFieldEvent {
        field: '$.hits[].cas';
        value: bigint;
        index: number;
    }
    interface ValuesResponseOwnerFieldEvent {
        field: '$.owner';
        value: string;
    }
    function encode(obj: Partial<ValuesResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ValuesResponse>): ValuesResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ValuesResponse>): Generator<ValuesResponseHitsKeyFieldEvent | ValuesResponseHitsValueFieldEvent | ValuesResponseHitsFlagsFieldEvent | ValuesResponseHitsCasFieldEvent | ValuesResponseOwnerFieldEvent>;
}
export interface OkResponse {
    applied: number;
}
export declare namespace OkResponse {
    const codec: () => Codec<OkResponse, OkResponse>;
    interface OkResponseAppliedFieldEvent {
        field: '$.applied';
        value: number;
    }
    function encode(obj: Partial<OkResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OkResponse>): OkResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OkResponse>): Generator<OkResponseAppliedFieldEvent>;
}
export interface ItemsResponse {
    items: Item[];
    more: boolean;
}
export declare namespace ItemsResponse {
    const codec: () => Codec<ItemsResponse, ItemsResponse>;
    interface ItemsResponseItemsKeyFieldEvent {
        field: '$.items[].key';
        value: string;
        index: number;
    }
    interface ItemsResponseItemsValueFieldEvent {
        field: '$.items[].value';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface ItemsResponseItemsFlagsFieldEvent {
        field: '$.items[].flags';
        value: number;
        index: number;
    }
    interface ItemsResponseItemsExpiresAtMsFieldEvent {
        field: '$.items[].expiresAtMs';
        value: bigint;
        index: number;
    }
    interface ItemsResponseItemsVersionHlcFieldEvent {
        field: '$.items[].version.hlc';
        value: bigint;
        index: number;
    }
    interface ItemsResponseItemsVersionWriterFieldEvent {
        field: '$.items[].version.writer';
        value: number;
        index: number;
    }
    interface ItemsResponseItemsDeletedFieldEvent {
        field: '$.items[].deleted';
        value: boolean;
        index: number;
    }
    interface ItemsResponseMoreFieldEvent {
        field: '$.more';
        value: boolean;
    }
    function encode(obj: Partial<ItemsResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ItemsResponse>): ItemsResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ItemsResponse>): Generator<ItemsResponseItemsKeyFieldEvent | ItemsResponseItemsValueFieldEvent | ItemsResponseItemsFlagsFieldEvent | ItemsResponseItemsExpiresAtMsFieldEvent | ItemsResponseItemsVersionHlcFieldEvent | ItemsResponseItemsVersionWriterFieldEvent | ItemsResponseItemsDeletedFieldEvent | ItemsResponseMoreFieldEvent>;
}
export interface DigestsResponse {
    digests: Uint8Array<ArrayBuffer>[];
}
export declare namespace DigestsResponse {
    const codec: () => Codec<DigestsResponse, DigestsResponse>;
    interface DigestsResponseDigestsFieldEvent {
        field: '$.digests[]';
        index: number;
        value: Uint8Array<ArrayBuffer>;
    }
    function encode(obj: Partial<DigestsResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DigestsResponse>): DigestsResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DigestsResponse>): Generator<DigestsResponseDigestsFieldEvent>;
}
export interface ViewVnode {
    id: Uint8Array<ArrayBuffer>;
    peerId: string;
    addrs: string[];
    zone?: string;
}
export declare namespace ViewVnode {
    const codec: () => Codec<ViewVnode, ViewVnode>;
    interface ViewVnodeIdFieldEvent {
        field: '$.id';
        value: Uint8Array<ArrayBuffer>;
    }
    interface ViewVnodePeerIdFieldEvent {
        field: '$.peerId';
        value: string;
    }
    interface ViewVnodeAddrsFieldEvent {
        field: '$.addrs[]';
        index: number;
        value: string;
    }
    interface ViewVnodeZoneFieldEvent {
        field: '$.zone';
        value: string;
    }
    function encode(obj: Partial<ViewVnode>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ViewVnode>): ViewVnode;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ViewVnode>): Generator<ViewVnodeIdFieldEvent | ViewVnodePeerIdFieldEvent | ViewVnodeAddrsFieldEvent | ViewVnodeZoneFieldEvent>;
}
export interface RingViewResponse {
    m: number;
    replicas: number;
    vnodes: ViewVnode[];
}
export declare namespace RingViewResponse {
    const codec: () => Codec<RingViewResponse, RingViewResponse>;
    interface RingViewResponseMFieldEvent {
        field: '$.m';
        value: number;
    }
    interface RingViewResponseReplicasFieldEvent {
        field: '$.replicas';
        value: number;
    }
    interface RingViewResponseVnodesIdFieldEvent {
        field: '$.vnodes[].id';
        value: Uint8Array<ArrayBuffer>;
        index: number;
    }
    interface RingViewResponseVnodesPeerIdFieldEvent {
        field: '$.vnodes[].peerId';
        value: string;
        index: number;
    }
    interface RingViewResponseVnodesAddrsFieldEvent {
        field: '$.vnodes[].addrs[]';
        index: number;
        value: string;
    }
    interface RingViewResponseVnodesZoneFieldEvent {
        field: '$.vnodes[].zone';
        value: string;
        index: number;
    }
    function encode(obj: Partial<RingViewResponse>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RingViewResponse>): RingViewResponse;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RingViewResponse>): Generator<RingViewResponseMFieldEvent | RingViewResponseReplicasFieldEvent | RingViewResponseVnodesIdFieldEvent | RingViewResponseVnodesPeerIdFieldEvent | RingViewResponseVnodesAddrsFieldEvent | RingViewResponseVnodesZoneFieldEvent>;
}
