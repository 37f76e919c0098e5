// What the app shows of a failed operation: the API's errors carry extensions.code, and bad input lists
// its problems as data in extensions.problems, each with its path and message (see docs/api.md,
// "Errors"), which the forms show beside the fields they belong to. No message text is read for
// what it says: codes, reasons and problems are.
import type { CombinedError } from 'urql';

export function errorCode(error: CombinedError | undefined): string | undefined {
  const code = error?.graphQLErrors[0]?.extensions.code;
  return typeof code === 'string' ? code : undefined;
}

/** A sentence for a person: what went wrong, without the protocol's words. */
export function errorMessage(error: CombinedError): string {
  if (error.networkError) return 'The server cannot be reached. Check your connection and try again.';
  const first = error.graphQLErrors[0];
  switch (errorCode(error)) {
    case 'UNAUTHENTICATED':
      return 'Your sign-in has ended. Please sign in again.';
    case 'FORBIDDEN':
      return `You may not do this: ${first?.message ?? ''}`.trim();
    case 'RATE_LIMITED': {
      const seconds = first?.extensions.retryAfterSeconds;
      return `Too many attempts. Try again${typeof seconds === 'number' ? ` in ${seconds} s` : ' later'}.`;
    }
    case 'UNAVAILABLE':
      return 'The server is busy. Try again: nothing is done twice.';
    case 'CONFLICT':
      return 'The ticket changed meanwhile. Reload it and try again.';
    default:
      return first?.message ?? error.message;
  }
}

/** A problem of bad input: its path as the API names its input ('' for the input as a whole). */
export interface InputProblem {
  path: string;
  message: string;
}

const isProblem = (value: unknown): value is InputProblem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as InputProblem).path === 'string' &&
  typeof (value as InputProblem).message === 'string';

/** The problems of bad input the API listed (extensions.problems); none for any other failure. */
export function inputProblems(error: CombinedError | undefined): InputProblem[] {
  const problems = error?.graphQLErrors[0]?.extensions.problems;
  return Array.isArray(problems) ? problems.filter(isProblem) : [];
}

/** The key of a process's field a path names: fields.resolution and resolution alike → resolution. */
export const fieldOfPath = (path: string): string => path.replace(/^fields\./, '').split(/[.[]/)[0]!;

/**
 * Messages by the paths of bad input, as `fieldKey(path)` names them: the first problem at each, as a
 * sentence (the API's problems are sentences naming their field by its label).
 */
export function fieldErrors(
  error: CombinedError | undefined,
  fieldKey: (path: string) => string = (p) => p,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const problem of inputProblems(error)) {
    if (problem.path) result[fieldKey(problem.path)] ??= sentence(problem.message);
  }
  return result;
}

const sentence = (text: string) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};
