// What applying a macro does, in words, in the order its parts apply: what an agent reads before
// applying it ("Replies to the requester", "Sets Resolution", "Sets the priority to high", "Takes
// Resolve"), names from the labels of the process it names. Pure.
import type { ProcessDefinition } from '../../workflows/process/definition.js';
import { fieldLabel, listed } from '../../workflows/ticket/words.js';
import type { MacroRow } from './service.js';

export function macroEffects(row: MacroRow, def: ProcessDefinition | undefined): string[] {
  if (row.kind === 'reply') return ['Inserts its text into what you write'];
  const effects: string[] = [];
  if (row.body.trim() !== '')
    effects.push(row.reply_visibility === 'internal' ? 'Adds an internal note' : 'Replies to the requester');
  const keys = Object.keys(row.fields);
  if (keys.length > 0) effects.push(`Sets ${listed(keys.map((k) => (def ? fieldLabel(def, k) : k)))}`);
  if (row.priority) effects.push(`Sets the priority to ${row.priority}`);
  if (row.transition) {
    const label = def?.transitions.find((t) => t.key === row.transition)?.label ?? row.transition;
    effects.push(`Takes ${label}`);
  }
  return effects;
}
