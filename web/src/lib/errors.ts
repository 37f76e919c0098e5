// What the app shows of a failed operation: the API's errors carry extensions.code, and bad input
// names its paths in extensions.fields (see docs/api.md, "Errors"), which the forms show beside
// the fields they belong to.
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

/**
 * Messages by the paths of bad input, as `fieldKey(path)` names them. A problem listed in the
 * message ("Invalid input: title: Too small; …") keeps its own words; a missing required field says so.
 */
export function fieldErrors(
  error: CombinedError | undefined,
  fieldKey: (path: string) => string = (p) => p,
): Record<string, string> {
  const first = error?.graphQLErrors[0];
  const fields = first?.extensions.fields;
  if (!first || !Array.isArray(fields)) return {};
  const result: Record<string, string> = {};
  for (const path of fields) {
    if (typeof path !== 'string') continue;
    const key = fieldKey(path);
    result[key] ??= problemOf(first.message, path, first.extensions.reason);
  }
  return result;
}

function problemOf(message: string, path: string, reason: unknown): string {
  if (reason === 'REQUIRED_FIELD_MISSING' || /^required fields? missing/i.test(message) || / requires /.test(message))
    return 'This field is required.';
  const at = message.indexOf(`${path}: `);
  if (at >= 0) {
    const rest = message.slice(at + path.length + 2);
    const end = rest.indexOf('; ');
    return sentence(end >= 0 ? rest.slice(0, end) : rest);
  }
  return sentence(message);
}

const sentence = (text: string) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};
