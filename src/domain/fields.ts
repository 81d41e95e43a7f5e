/**
 * 전문 필드: the field schemas every wire schema is built from, so each kind of value is checked
 * the same way at every edge. Bounds are part of the contract: an instant far outside any real
 * service, a string with a NUL or a lone surrogate, an id with odd characters — each is refused
 * as malformed (1001) at the schema, identically on every engine, before anything reads it.
 */
import * as v from 'valibot';

/** The earliest instant a payment can carry: 2020-01-01T00:00Z (before this system existed). */
export const EARLIEST_AT = Date.UTC(2020, 0, 1);
/** The latest instant a payment can carry: 2100-01-01T00:00Z. */
export const LATEST_AT = Date.UTC(2100, 0, 1);

/** An epoch-ms instant inside [EARLIEST_AT, LATEST_AT): anything else is not a real time. */
export const epochMs = v.pipe(v.number(), v.safeInteger(), v.minValue(EARLIEST_AT), v.maxValue(LATEST_AT - 1));

/** Integer won, never negative. */
export const won = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** A count (of payments, minutes…), never negative. */
export const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** Control characters (NUL included) and lone surrogates: PostgreSQL refuses NUL, screens show garbage. */
const UNPRINTABLE = /[\p{Cc}\p{Cs}]/u;

/** Human text (a model name, a password): 1–`max` characters, none of them a control or a lone surrogate. */
export const text = (max: number) =>
  v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(max),
    v.check((value) => !UNPRINTABLE.test(value), 'control characters are not allowed'),
  );

/** An id made by the host or a device: letters, digits, '_' and '-', at most 64 (UUIDs, 'device-…'). */
export const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));

/** A device-made UUID (payment ids, device ids): the idempotency keys. */
export const uuid = v.pipe(v.string(), v.uuid());

/** A catalog key (program id, service type id): lower-case letters, digits and '-'. */
export const slug = (max: number) => v.pipe(v.string(), v.regex(new RegExp(`^[a-z0-9-]{1,${max}}$`)));

/** An opaque NDEF card token: printable ASCII without spaces, 8–128 characters. */
export const cardToken = v.pipe(v.string(), v.regex(/^[\x21-\x7e]{8,128}$/));
