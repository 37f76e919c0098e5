// Validation of a state's `onRequesterReply`: the transition a requester's public reply takes there
// must exist, leave that state, admit the requester and need no field values (a reply carries none).
// Reads the definition defensively, as validate.ts does.
import { strings, type Item, type Problem } from './defensive-reading.js';

/** The problems of `value` at `path`, the reply transition of `fromState`; `transition` is it, if known. */
export function replyRuleProblems(
  value: unknown,
  path: string,
  fromState: string | undefined,
  transition: Item | undefined,
): Problem[] {
  if (typeof value !== 'string') return [];
  if (!transition) return [{ path, message: `unknown transition "${value}"` }];
  const problems: Problem[] = [];
  const problem = (message: string) => problems.push({ path, message });
  if (fromState && !strings(transition.from).some(([from]) => from === fromState))
    problem(`transition "${value}" does not leave state "${fromState}"`);
  if (!strings(transition.by).some(([by]) => by === 'requester'))
    problem(`transition "${value}" is taken by the requester's reply, so its "by" must include requester`);
  const requires = strings(transition.requires).map(([f]) => f);
  if (requires.length > 0)
    problem(`transition "${value}" requires ${requires.join(', ')}, which a reply cannot supply`);
  return problems;
}
