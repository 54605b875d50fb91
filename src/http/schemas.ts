/**
 * Route schema pieces: the shared kinds (src/platform/schema.ts) and the response side of every
 * route — the error format and `ok()`, which declares a route's 2xx schema together with the
 * error format for 4xx and 5xx, so every reply goes through a compiled serializer that writes
 * only the fields the schema names.
 */
import { Type, type TSchema } from 'typebox';

export * from '../platform/schema.js';

export const ErrorDetailSchema = Type.Object({ field: Type.String(), rule: Type.String(), message: Type.String(), messageEn: Type.String() });
/** The one error format (src/http/errors.ts); some conflicts add fields (currentState, allowedActions). */
export const ErrorResponse = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    messages: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
    details: Type.Array(ErrorDetailSchema),
  },
  { additionalProperties: true },
);

/** Response schemas of a route: its success schema(s) by status, and the error format for every 4xx and 5xx. */
export function ok<T extends TSchema>(schema: T, status: 200 | 201 | 202 = 200) {
  return { [status]: schema, '4xx': ErrorResponse, '5xx': ErrorResponse } as { [K in typeof status]: T } & {
    '4xx': typeof ErrorResponse;
    '5xx': typeof ErrorResponse;
  };
}
/** Several success statuses (e.g. 200 replayed and 201 created). */
export function oks<T extends Record<number, TSchema>>(schemas: T) {
  return { ...schemas, '4xx': ErrorResponse, '5xx': ErrorResponse };
}
/** A reply with no body (204). */
export const NoContent = Type.Null();
