// The queue's active filters in words, one chip each ("Priority: High", "Group: Service desk",
// "Created from 1 Dec"): names come from the processes, groups and people the page knows, never a key
// when a name is known. Each chip names the address parameters its removal clears.
import { choiceWords } from './params.js';

/** What the page knows to name keys with: QueueChoicesQuery's answer (operations.ts; spelled out here
 * so that this module stays free of the GraphQL layer and its tests run in Node). */
export interface Choices {
  processDefinitions: readonly { key: string; name: string }[];
  groups: readonly { key: string; name: string; members: readonly { id: string; name: string; role: string }[] }[];
}

export interface FilterChip {
  label: string;
  /** The address parameters removing the chip clears. */
  params: string[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026-12-01 → "1 Dec" (this year) or "1 Dec 2025". */
export function dayWords(day: string, thisYear = new Date().getUTCFullYear()): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return `${d} ${MONTHS[m - 1]}${y === thisYear ? '' : ` ${y}`}`;
}

/** Every person the groups list, by id. */
export const peopleOf = (choices: Choices | undefined) =>
  new Map((choices?.groups ?? []).flatMap((g) => g.members.map((m) => [m.id, m.name] as const)));

export function filterChips(
  search: URLSearchParams,
  choices: Choices | undefined,
  names: { requester?: string; skip?: Set<string> } = {},
): FilterChip[] {
  const chips: FilterChip[] = [];
  const add = (param: string, label: string) => {
    if (!names.skip?.has(param)) chips.push({ label, params: [param] });
  };
  const get = (name: string) => search.get(name) || null;
  const people = peopleOf(choices);
  const process = get('process');
  if (process)
    add('process', `Process: ${choices?.processDefinitions.find((p) => p.key === process)?.name ?? process}`);
  // Choices the address names wrongly are left out of the filter (params.ts): no chip either.
  const category = choiceWords(search, 'category');
  if (category) add('category', `State: ${category}`);
  const group = get('group');
  if (group) add('group', `Group: ${choices?.groups.find((g) => g.key === group)?.name ?? group}`);
  const assignee = get('assignee');
  if (assignee) add('assignee', `Assignee: ${people.get(assignee) ?? 'someone'}`);
  if (search.get('mine') === '1') add('mine', 'Assignee: Me');
  if (search.get('unassigned') === '1') add('unassigned', 'Unassigned');
  const priority = choiceWords(search, 'priority');
  if (priority) add('priority', `Priority: ${priority}`);
  const sla = choiceWords(search, 'sla');
  if (sla) add('sla', `SLA: ${sla}`);
  if (get('requester')) add('requester', `Requester: ${names.requester ?? people.get(get('requester')!) ?? 'someone'}`);
  if (get('q')) add('q', `Text: “${get('q')}”`);
  if (search.get('open') === '1') add('open', 'Open only');
  const response = choiceWords(search, 'firstResponse');
  if (response === 'Answered') add('firstResponse', 'Answered by staff');
  if (response === 'Unanswered') add('firstResponse', 'Not yet answered by staff');
  const days: [string, string][] = [
    ['createdAfter', 'Created from'],
    ['createdBefore', 'Created before'],
    ['doneAfter', 'Done from'],
    ['doneBefore', 'Done before'],
  ];
  for (const [param, words] of days) if (get(param)) add(param, `${words} ${dayWords(get(param)!)}`);
  return chips;
}
