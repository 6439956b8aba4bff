import { ErrorResponse } from '@olala/contract';

/** Responses every route can give besides its own: rate limit and unexpected failure. */
export const commonErrors = { 429: ErrorResponse, 500: ErrorResponse } as const;

interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * Fastify's wording, plus the allowed values of an enum (Ajv only says "one of the allowed
 * values") and the name of an unknown field (Ajv only says there is one).
 */
export function formatSchemaErrors(errors: SchemaError[], dataVar: string): Error {
  const text = errors
    .map((e) => {
      if (e.keyword === 'additionalProperties') return `${dataVar}${e.instancePath}/${String(e.params.additionalProperty)}: 알 수 없는 항목입니다`;
      const allowed = e.keyword === 'enum' && Array.isArray(e.params.allowedValues) ? `: ${e.params.allowedValues.join(', ')}` : '';
      return `${dataVar}${e.instancePath} ${e.message ?? 'is invalid'}${allowed}`;
    })
    .join(', ');
  return new Error(text);
}
