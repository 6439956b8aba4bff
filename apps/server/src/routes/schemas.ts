import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';

/** What every UUID id in a path must look like (any case: stored ids are lower case). */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * The schema of every UUID id. A pattern, not `format: 'uuid'`: Ajv's format also takes a
 * `urn:uuid:` prefix, which PostgreSQL would then refuse with a 500.
 */
export const Uuid = Type.String({ pattern: UUID_PATTERN, description: 'UUID' });

/** The params of a route with one UUID in its path: `uuidParams('id')` for `/issues/:id`. */
export const uuidParams = <K extends string>(name: K) => Type.Object({ [name]: Uuid } as Record<K, typeof Uuid>);

/** For a route whose body may be left out: a bodyless POST validates as `{}`, so the schema checks what is sent. */
export const optionalBody = { preValidation: async (request: FastifyRequest) => void (request.body ??= {}) };
