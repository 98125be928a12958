// Generated from envelope.proto by scripts/gen-proto.ts (protons + tsc). Do not edit; run `npm run gen:proto`.
import type { Codec, DecodeOptions } from 'protons-runtime';
import type { Uint8ArrayList } from 'uint8arraylist';
export interface Envelope {
    id: number;
    kind: Envelope.Kind;
    payload: Uint8Array<ArrayBuffer>;
    errorCode: string;
    errorMessage: string;
    timeoutMs: number;
}
export declare namespace Envelope {
    enum Kind {
        REQUEST = "REQUEST",
        RESPONSE = "RESPONSE",
        ERROR = "ERROR"
    }
    namespace Kind {
        const codec: () => Codec<Kind, Kind>;
    }
    const codec: () => Codec<Envelope, Envelope>;
    interface EnvelopeIdFieldEvent {
        field: '$.id';
        value: number;
    }
    interface EnvelopeKindFieldEvent {
        field: '$.kind';
        value: Envelope.Kind;
    }
    interface EnvelopePayloadFieldEvent {
        field: '$.payload';
        value: Uint8Array<ArrayBuffer>;
    }
    interface EnvelopeErrorCodeFieldEvent {
        field: '$.errorCode';
        value: string;
    }
    interface EnvelopeErrorMessageFieldEvent {
        field: '$.errorMessage';
        value: string;
    }
    interface EnvelopeTimeoutMsFieldEvent {
        field: '$.timeoutMs';
        value: number;
    }
    function encode(obj: Partial<Envelope>): Uint8Array<ArrayBuffer>;
    function decode(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Envelope;
    function stream(buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Generator<EnvelopeIdFieldEvent | EnvelopeKindFieldEvent | EnvelopePayloadFieldEvent | EnvelopeErrorCodeFieldEvent | EnvelopeErrorMessageFieldEvent | EnvelopeTimeoutMsFieldEvent>;
}
