// Request validation with zod: strict schemas, errors that name the field.
import type { z } from 'zod';
import { AppError } from './errors.ts';

/** Parses `value` or throws 400 `invalid_request` saying where: `At entries.412.name: …`. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, what = 'body'): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : what;
  let message = issue?.message ?? 'invalid value';
  if (issue?.code === 'unrecognized_keys')
    message = `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  throw new AppError('invalid_request', `At ${path}: ${message}`);
}
