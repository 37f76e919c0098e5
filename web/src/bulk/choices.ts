// What a bulk action on a selection may offer, derived from the selected tickets (no React): the people
// who work in their groups (staff only: an assignee must work the ticket's group), the transitions
// their current states have that the person's role may take, by label, and the macros that fit them,
// with how many tickets each applies to. The server's per-ticket answer is final: this only decides what is offered.
import { mayTake } from '../lib/transitions';
import type { SelectedTicket, SelectionGroup, SelectionMacro } from './operations';

export interface PersonChoice {
  id: string;
  name: string;
  /** How many of the selected tickets' groups they work in, of how many groups. */
  groups: number;
}

export interface TransitionChoice {
  key: string;
  label: string;
  /** The selected tickets whose state has it. */
  count: number;
}

const STAFF = ['AGENT', 'COORDINATOR', 'ADMIN'];

/** The staff of the selected tickets' groups, those who work in all of them first, then by name. */
export function assigneesFor(tickets: SelectedTicket[], groups: SelectionGroup[]): PersonChoice[] {
  const keys = new Set(tickets.map((t) => t.group));
  const people = new Map<string, PersonChoice>();
  for (const group of groups.filter((g) => keys.has(g.key)))
    for (const m of group.members.filter((p) => STAFF.includes(p.role))) {
      const known = people.get(m.id);
      people.set(m.id, { id: m.id, name: m.name, groups: (known?.groups ?? 0) + 1 });
    }
  return [...people.values()].sort((a, b) => b.groups - a.groups || a.name.localeCompare(b.name));
}

/** The transitions the selected tickets' states have that the role may take and that need no fields
 * (fields differ per ticket: those moves are made one ticket at a time). */
export function transitionsFor(tickets: SelectedTicket[], role: string): TransitionChoice[] {
  const found = new Map<string, TransitionChoice>();
  for (const ticket of tickets)
    for (const t of ticket.transitions.filter((t) => mayTake(t, role) && t.requires.length === 0)) {
      const known = found.get(t.key);
      found.set(t.key, { key: t.key, label: t.label, count: (known?.count ?? 0) + 1 });
    }
  return [...found.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

export interface MacroChoice {
  id: string;
  name: string;
  /** The selected tickets it is for (its group's or all groups', its process's or any). */
  count: number;
}

/** The macros (not canned replies) that fit at least one selected ticket, those fitting most first. */
export function macrosFor(tickets: SelectedTicket[], macros: SelectionMacro[]): MacroChoice[] {
  return macros
    .filter((m) => m.kind === 'macro')
    .map((m) => ({
      id: m.id,
      name: m.name,
      count: tickets.filter(
        (t) => (m.group === null || m.group === t.group) && (m.process === null || m.process === t.process.key),
      ).length,
    }))
    .filter((m) => m.count > 0)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** Coordinators and admins set priority (the engine's rule). */
export const maySetPriority = (role: string) => role === 'COORDINATOR' || role === 'ADMIN';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** "27 applied, 3 refused, 1 not found": what the live region announces, nothing left out. */
export function summaryOf(results: { outcome: string }[]): string {
  const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
  const parts: [number, string][] = [
    [count('APPLIED'), 'applied'],
    [count('REFUSED'), 'refused'],
    [count('UNCHANGED'), 'unchanged'],
    [count('NOT_FOUND'), 'not found'],
    [count('FAILED'), 'not done (try again)'],
  ];
  const said = parts.filter(([n], i) => n > 0 || i < 2).map(([n, words]) => `${n} ${words}`);
  return said.join(', ');
}
