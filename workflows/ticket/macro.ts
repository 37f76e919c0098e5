// A macro applied to a ticket: its parts — a reply, field values, the priority, a transition — each
// applied in that order as the single change it stands for (with that change's checks: who may write,
// set fields, set the priority, take the transition), one after the other on a copy of the state. All
// of them take effect or none does: the first refused part is the answer, named in `details.part` and
// in words. Pure, a part of the interpreter, which hands in its own `apply` for the single changes.
import type { ProcessDefinition } from '../process/definition.js';
import { checkVersion } from './checks.js';
import type { Input, Outcome, Refusal, TicketState, TimelineEvent, RunAction } from './model.js';
import { shown } from './words.js';

export type MacroInput = Extract<Input, { type: 'macro' }>;
export type MacroPart = 'reply' | 'fields' | 'priority' | 'transition';
type Apply = (def: ProcessDefinition, state: TicketState, input: Input) => Outcome;

/** The single changes a macro stands for, in the order they apply, each with the part it is. */
export function macroParts(input: MacroInput): [MacroPart, Input][] {
  const { at, actor } = input;
  const parts: [MacroPart, Input][] = [];
  if (input.reply) parts.push(['reply', { type: 'comment', at, actor, ...input.reply }]);
  if (input.fields && Object.keys(input.fields).length > 0)
    parts.push(['fields', { type: 'set_fields', at, actor, fields: input.fields }]);
  if (input.priority) parts.push(['priority', { type: 'set_priority', at, actor, priority: input.priority }]);
  if (input.transition) parts.push(['transition', { type: 'move', at, actor, transition: input.transition }]);
  return parts;
}

/** The comment a macro's reply makes, as a comment input (the workflow mirrors and notifies it alike). */
export function macroComment(input: Input): Extract<Input, { type: 'comment' }> | undefined {
  if (input.type === 'comment') return input;
  if (input.type !== 'macro' || !input.reply) return undefined;
  return { type: 'comment', at: input.at, actor: input.actor, ...input.reply };
}

/** Applies every part in order, or refuses the whole macro with the first refused part's reason. */
export function applyMacro(def: ProcessDefinition, state: TicketState, input: MacroInput, apply: Apply): Outcome {
  const unchanged = (refusal: Refusal): Outcome => ({ state, events: [], actions: [], refusal });
  // The version the caller saw is the ticket's before the macro: its own parts bump it on the way.
  const stale = checkVersion(state, input.expectedVersion);
  if (stale) return unchanged(stale);
  const parts = macroParts(input);
  if (parts.length === 0)
    return unchanged(refusalOf(input.name, 'reply', { reason: 'NOT_ALLOWED', message: 'it has nothing to apply' }));
  let current = state;
  const events: TimelineEvent[] = [];
  const actions: RunAction[] = [];
  for (const [part, single] of parts) {
    const outcome = apply(def, current, single);
    if (outcome.refusal) return unchanged(refusalOf(input.name, part, outcome.refusal));
    current = outcome.state;
    events.push(...outcome.events);
    actions.push(...outcome.actions);
  }
  return { state: current, events, actions };
}

/** "The macro “Close as duplicate” was not applied: Resolve cannot be done while this ticket is New". */
export function refusalOf(name: string, part: MacroPart, refusal: Refusal): Refusal {
  const why = refusal.message.charAt(0).toUpperCase() + refusal.message.slice(1);
  return {
    reason: refusal.reason,
    message: `The macro “${shown(name)}” was not applied: ${why}`,
    details: { ...refusal.details, part },
  };
}
