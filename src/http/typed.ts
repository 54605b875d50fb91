/**
 * The typed Fastify instance every module registers its routes on: request bodies, params,
 * query strings and headers are typed from their TypeBox schemas (Static<typeof X>) by the
 * type provider, so a route never casts `req.body as …`; replies are checked against the
 * route's response schemas.
 */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;
