/**
 * The reply serializer: every route's response schema compiled by fast-json-stringify, as Fastify
 * does by default, after one rewrite of the schema it compiles (never of the route's schema, which
 * the OpenAPI document shows as declared).
 *
 * A nullable field is declared `Nullable(T)` = `anyOf: [T, { type: 'null' }]` (src/platform/schema.ts).
 * fast-json-stringify writes an `anyOf` by running an Ajv validator on the value for each branch
 * until one matches: for an order (about thirty nullable fields, six more per clock) that is most
 * of the reply's serialization, and made the compiled serializer slower than JSON.stringify.
 * When T is a single type (string, number, integer, boolean, object, array), the same field is
 * written as `{ ...T, type: [T.type, 'null'] }`, which fast-json-stringify writes with a
 * `=== null` test and no validator. The JSON written is the same for every value the schema
 * allows (serialization.test.ts holds it equal to JSON.stringify of the same reply).
 */
import fastJsonStringify from 'fast-json-stringify';
import type { FastifyInstance } from 'fastify';
import { onFirstUse } from './lazy-compile.js';

const SINGLE_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array']);
type Schema = Record<string, unknown>;

const isNull = (s: unknown): boolean => typeof s === 'object' && s !== null && (s as Schema).type === 'null' && Object.keys(s).length === 1;

/** A copy of `schema` with every `anyOf: [T, {type:'null'}]` of a single-typed T written as a type list. */
export function nullablesAsTypeLists<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((s) => nullablesAsTypeLists(s)) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) out[k] = nullablesAsTypeLists(v);
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullAt = anyOf.findIndex(isNull);
    const other = anyOf[1 - nullAt] as Schema | undefined;
    if (
      nullAt >= 0 &&
      typeof other === 'object' &&
      other !== null &&
      typeof other.type === 'string' &&
      SINGLE_TYPES.has(other.type) &&
      !('anyOf' in other || 'oneOf' in other || 'allOf' in other || '$ref' in other)
    ) {
      const { anyOf: _union, ...siblings } = out;
      return { ...siblings, ...other, type: [other.type, 'null'] } as T;
    }
  }
  return out as T;
}

/** Compiles a response schema's serializer (nullable fields as type lists). */
export function compileSerializer(schema: unknown): (data: unknown) => string {
  return fastJsonStringify(nullablesAsTypeLists(schema) as fastJsonStringify.AnySchema);
}

/**
 * Replies are written by fast-json-stringify from each route's response schema, nullable fields
 * without a validator. Each serializer is compiled on its first reply, not at start: an instance
 * compiles only the replies it sends (a process that serves the queue need not hold the ~450
 * serializers of every status of every route, several MB of generated code and source text).
 * Every response schema is compiled by a test (`compileEverySchema`, route-contracts.api.test.ts),
 * so a schema fast-json-stringify cannot compile fails there, not on a first reply.
 */
export function installSerialization(app: FastifyInstance) {
  app.setSerializerCompiler(({ schema }) => {
    const serializer = onFirstUse(app, () => compileSerializer(schema));
    return (data: unknown) => serializer()(data);
  });
}
