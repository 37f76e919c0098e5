// How the engine names things in what people read: states, transitions and fields by their labels (the
// ticket's own process version has them), roles in plain words, long names cut and long lists stopped.
// Pure, like the checks that use it.
import type { ProcessDefinition } from '../process/definition.js';

/** Refusals name what was wrong, never repeat what was sent: long names are cut, lists stop at 100. */
export const MAX_LISTED = 100;
const MAX_SHOWN = 80;

/** A name as a message shows it, cut at 80 characters. */
export function shown(name: string): string {
  return name.length > MAX_SHOWN ? `${name.slice(0, MAX_SHOWN)}…` : name;
}

/** "A", "A and B", "A, B and C": the first 100, then "and K more". */
export function listed(words: string[], and = 'and'): string {
  const more = words.length - MAX_LISTED;
  const all = more > 0 ? [...words.slice(0, MAX_LISTED), `${more} more`] : words;
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} ${and} ${all.at(-1)}`;
}

/** A state by its label; a key the definition does not have (shouldn't happen) in quotes. */
export function stateLabel(def: ProcessDefinition, key: string): string {
  return def.states.find((s) => s.key === key)?.label ?? `"${shown(key)}"`;
}

/** A field by its label; a key the definition does not have in quotes. */
export function fieldLabel(def: ProcessDefinition, key: string): string {
  return def.fields.find((f) => f.key === key)?.label ?? `"${shown(key)}"`;
}

/** "version 2 of IT support": which definition a ticket follows. */
export function versionWords(def: ProcessDefinition, version: number): string {
  return `version ${version} of ${def.name}`;
}

const ROLE_WORDS: Record<string, string> = {
  EMPLOYEE: 'employees',
  AGENT: 'agents',
  COORDINATOR: 'coordinators',
  ADMIN: 'admins',
  requester: "the ticket's requester",
  system: 'the system',
};
const ONE_ROLE: Record<string, string> = {
  EMPLOYEE: 'an employee',
  AGENT: 'an agent',
  COORDINATOR: 'a coordinator',
  ADMIN: 'an admin',
};

/** Who may take a transition, in words: "agents, coordinators and the ticket's requester". */
export function takersWords(takers: readonly string[]): string {
  return listed(takers.map((t) => ROLE_WORDS[t] ?? t));
}

/** One person's role: "an agent". */
export const roleWord = (role: string): string => ONE_ROLE[role] ?? role.toLowerCase();
