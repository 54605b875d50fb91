/**
 * The shared kinds of every contract (TypeBox → JSON Schema), one declaration each.
 *
 * Every number is bounded to what its column and its domain hold, so a value PostgreSQL or
 * JavaScript cannot carry is refused at the schema with the field named (400), never reaching
 * the database: ids are positive and at most 2^53 − 1 (they pass through JavaScript numbers and
 * fit bigint), counts and durations have real ceilings, money is integer fen, coordinates are
 * WGS-84 degrees.
 */
import type { Readable } from 'node:stream';
import { Type, type TProperties, type TSchema } from 'typebox';
import { ID_NUMBER_PATTERN, PHONE_PATTERN } from './pii.js';

/** The largest integer JavaScript holds exactly (2^53 − 1); every id fits it and PostgreSQL bigint. */
export const MAX_SAFE_ID = 9_007_199_254_740_991;

export const Id = Type.Integer({ minimum: 1, maximum: MAX_SAFE_ID });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
/** An integer within [min, max]; the bounds are the domain's, stated where the field is declared. */
export const Int = (minimum: number, maximum: number, opts: Record<string, unknown> = {}) => Type.Integer({ minimum, maximum, ...opts });
/** A number within [min, max] (fractions allowed: factors, shares, coordinates). */
export const Num = (minimum: number, maximum: number, opts: Record<string, unknown> = {}) => Type.Number({ minimum, maximum, ...opts });
/** Money in integer fen (分), up to ± 10^13 fen (¥100 billion): far beyond any bill, inside bigint and safe integers. */
export const Fen = (opts: Record<string, unknown> = {}) => Type.Integer({ minimum: -10_000_000_000_000, maximum: 10_000_000_000_000, ...opts });
export const Lon = (opts: Record<string, unknown> = {}) =>
  Type.Number({ minimum: -180, maximum: 180, description: '经度 / longitude (WGS-84)', 'x-range': true, 'x-zh': '经度', 'x-en': 'longitude', ...opts });
export const Lat = (opts: Record<string, unknown> = {}) =>
  Type.Number({ minimum: -90, maximum: 90, description: '纬度 / latitude (WGS-84)', 'x-range': true, 'x-zh': '纬度', 'x-en': 'latitude', ...opts });

export const Paging = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
};
export const Phone = Type.String({ pattern: PHONE_PATTERN, maxLength: 20, description: '手机号或带区号的固定电话 / mobile or fixed line' });
export const IdNumber = Type.String({ pattern: ID_NUMBER_PATTERN, maxLength: 18, description: '18 位身份证号 / 18-character resident ID' });
export const Email = Type.String({ format: 'email', maxLength: 200 });
export const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
export const DateTime = (opts: Record<string, unknown> = {}) => Type.String({ format: 'date-time', maxLength: 40, ...opts });
/**
 * An instant in a response: PostgreSQL's timestamptz arrives as a Date (or an ISO string already
 * computed), and the serializer writes it as an ISO string; the same JSON Schema as DateTime().
 */
export const Instant = (opts: Record<string, unknown> = {}) => Type.Unsafe<Date | string>(DateTime(opts));
export const LocalDate = (opts: Record<string, unknown> = {}) => Type.String({ format: 'date', maxLength: 10, ...opts });
export const Body = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: false });
export const Query = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: false });
/** A nullable value in a response (`T | null`). */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A page of items in a response. */
export const PageOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
/**
 * A file in a response, sent whole (a Buffer) or streamed as it is written (a Readable): the one
 * declaration of every binary reply, described for the API document; the route sets `produces` to
 * its media types.
 */
export const BinaryFile = (description: string) => Type.Unsafe<Buffer | Readable>({ type: 'string', format: 'binary', description });
/** A PDF document (`produces: ['application/pdf']`). */
export const PdfFile = BinaryFile('PDF');
/** An Excel workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet). */
export const XlsxFile = BinaryFile('Excel (.xlsx)');
