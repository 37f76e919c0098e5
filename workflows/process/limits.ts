// How large a process definition may be. Every ticket's workflow carries its whole definition through
// each continue-as-new, so a definition must stay far below Temporal's 2 MB payload limit; the limits
// also keep validation fast. docs/process-definitions.md lists them.
import { isObject, items, type Loose, type Problem } from './defensive-reading.js';

export const LIMITS = {
  states: 200,
  transitions: 500,
  fields: 200,
  signals: 100,
  slas: 20,
  notifications: 50,
  /** Actions in one list: a state's onEnter, a signal's actions, an SLA threshold's actions. */
  actions: 20,
  /** The definition as JSON, in bytes (UTF-8). */
  bytes: 256 * 1024,
} as const;

/** Automatic transitions a ticket takes in a row before its workflow halts them (a runaway process);
 * validation refuses longer runs, and cycles, so only definitions published before that meet the guard. */
export const MAX_AUTOMATIC_STEPS = 50;

/** Validation reports at most this many problems, then how many more there were. */
export const MAX_PROBLEMS = 100;

/** Lists longer than LIMITS allow. */
export function limitProblems(def: Loose): Problem[] {
  const problems: Problem[] = [];
  const cap = (list: unknown, path: string, what: string, limit: number) => {
    if (Array.isArray(list) && list.length > limit)
      problems.push({ path, message: `${list.length} ${what}: the limit is ${limit}` });
  };
  cap(def.states, 'states', 'states', LIMITS.states);
  cap(def.transitions, 'transitions', 'transitions', LIMITS.transitions);
  cap(def.fields, 'fields', 'fields', LIMITS.fields);
  cap(def.signals, 'signals', 'signals', LIMITS.signals);
  cap(def.slas, 'slas', 'SLA clocks', LIMITS.slas);
  cap(def.notifications, 'notifications', 'notification rules', LIMITS.notifications);
  for (const [s, i] of items(def.states)) cap(s.onEnter, `states[${i}].onEnter`, 'actions', LIMITS.actions);
  for (const [s, i] of items(def.signals)) cap(s.actions, `signals[${i}].actions`, 'actions', LIMITS.actions);
  for (const [c, i] of items(def.slas)) {
    for (const threshold of ['atRisk', 'breached'] as const) {
      const t = c[threshold];
      if (isObject(t)) cap(t.actions, `slas[${i}].${threshold}.actions`, 'actions', LIMITS.actions);
    }
  }
  return problems;
}
