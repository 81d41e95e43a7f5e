import * as v from 'valibot';
import type { ErrorCode } from '../../../src/domain/errors';
import { HostError } from './host-error';

/**
 * Parses a request body with its wire schema. A failure is 1001, unless every issue sits under
 * one top-level field that has a more specific code (a negative amount is 2103, not "malformed").
 */
export function parseBody<TSchema extends v.GenericSchema>(
  schema: TSchema,
  body: unknown,
  fieldCodes: Readonly<Record<string, ErrorCode>> = {},
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  const codes = new Set(
    result.issues.map((issue) => {
      const field = issue.path?.[0]?.key;
      return (typeof field === 'string' && fieldCodes[field]) || '1001';
    }),
  );
  const [only] = codes;
  throw new HostError(codes.size === 1 && only ? only : '1001', v.summarize(result.issues));
}
