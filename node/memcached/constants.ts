/** Tunables and limits of the memcached front end. Every number says its unit. */
import { MAX_GET_KEYS, MAX_KEY_BYTES, MAX_VALUE_BYTES } from '../kv/messages.ts'

/** Largest key, in bytes (protocol.txt: 250 characters). */
export const MAX_MEMCACHED_KEY_BYTES = MAX_KEY_BYTES

/**
 * Largest data block a storage command may announce, in bytes (the KV layer's value limit,
 * 1 MiB). Larger ones are answered `SERVER_ERROR object too large for cache` and swallowed.
 */
export const DEFAULT_MAX_VALUE_BYTES = MAX_VALUE_BYTES

/**
 * Longest command line, in bytes, "\r\n" excluded. memcached 1.6 closes a connection whose
 * buffered input holds 2048 bytes without a newline, unless the line is a get/gets (multi-gets
 * are unbounded there). We apply the rule to every line, so that the outcome does not depend on
 * how the bytes were split into packets.
 */
export const MAX_LINE_BYTES = 2048

/** Longest get/gets line, in bytes (memcached: unbounded; here about 4000 keys of 250 bytes). */
export const MAX_GET_LINE_BYTES = 1024 * 1024

/** Most keys per kv.get call; a longer multi-get is split into several. */
export const GET_BATCH_KEYS = MAX_GET_KEYS

/**
 * Back-pressure: a connection stops reading once this many of its commands wait for their
 * reply to be written (or for their noreply operation to finish), and reads again below half.
 */
export const MAX_PENDING_COMMANDS = 256

/**
 * Back-pressure: a connection stops reading while more than this many reply bytes wait in its
 * socket's write buffer (a client that does not read), and reads again on 'drain'.
 */
export const MAX_BUFFERED_REPLY_BYTES = 4 * 1024 * 1024

/** Open connections at most (memcached -c, default 1024); more are told so and closed. */
export const DEFAULT_MAX_CONNECTIONS = 1024

/** Longest text of a SERVER_ERROR / CLIENT_ERROR line we make from an error message, in characters. */
export const MAX_ERROR_TEXT_CHARS = 512

/**
 * The version we answer `version` with: the memcached release whose text protocol this front
 * end follows (and whose replies the conformance suite checks). Nothing may follow it: clients
 * parse it (the npm `memcached` client throws on "VERSION 1.6.18-chordkv"). `stats` says
 * chordkv in its chordkv_* lines.
 */
export const SERVER_VERSION = '1.6.18'

/** memcached: exptime values up to 30 days are relative; larger ones are absolute unix seconds. */
export const MAX_RELATIVE_EXPTIME_S = 60 * 60 * 24 * 30
