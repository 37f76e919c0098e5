// Parses input with a zod schema, turning failures into one VALIDATION error listing every problem.
import type { z } from 'zod';
import { AppError } from './errors.js';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const summary = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
  throw new AppError('VALIDATION', `Invalid input: ${summary}`, { problems });
}
