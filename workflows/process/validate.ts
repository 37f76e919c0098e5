// Validation of a process definition: the shape (definition.ts) and the rules that tie its parts
// together, and text that cannot be stored. Returns every problem at once, each with the exact path of the offending value, e.g.
// `transitions[2].from[0]`. The semantic rules read the input defensively, so they still report
// what they can when parts of the shape are wrong. Definitions are bounded in size (limits.ts) and every
// rule runs in linear time, so the largest allowed definition validates in milliseconds.
import { formatPath, unstorableText } from '../../platform/text.js';
import { durationMs, hasDays } from './duration.js';
import { automaticRuns, type AutomaticStep } from './automation.js';
import { LIMITS, limitProblems, MAX_AUTOMATIC_STEPS, MAX_PROBLEMS } from './limits.js';
import { isObject, items, str, strings, type Item, type Loose, type Problem } from './defensive-reading.js';
import { fieldAccessProblems, hiddenFromRequester } from './validate-fields.js';
import { replyRuleProblems } from './validate-replies.js';
import {
  integrationOperations,
  processDefinition,
  ticketProperties,
  type Action,
  type ProcessDefinition,
} from './definition.js';

export type { Problem } from './defensive-reading.js';
export { formatPath };

export type ValidationResult = { ok: true; definition: ProcessDefinition } | { ok: false; problems: Problem[] };

export interface ValidationContext {
  /** Group keys that exist; when given, references to other groups are problems. */
  groups?: ReadonlySet<string>;
}

export function validateDefinition(input: unknown, context: ValidationContext = {}): ValidationResult {
  const loose = isObject(input) ? (input as Loose) : {};
  const bytes = new TextEncoder().encode(JSON.stringify(input) ?? '').length;
  // Past the size limit nothing else is worth the time: the definition must shrink first.
  if (bytes > LIMITS.bytes) {
    const kib = (n: number) => Math.ceil(n / 1024);
    const size = {
      path: '',
      message: `the definition is ${kib(bytes)} KiB of JSON: the limit is ${kib(LIMITS.bytes)} KiB`,
    };
    return { ok: false, problems: truncate([size, ...limitProblems(loose)]) };
  }
  // Text Postgres cannot store (platform/text.ts) is one problem among the others, not a reason to stop.
  const problems: Problem[] = [...unstorableText(input), ...limitProblems(loose)];
  const shape = processDefinition.safeParse(input);
  if (!shape.success) {
    for (const issue of shape.error.issues) problems.push({ path: formatPath(issue.path), message: issue.message });
  }
  if (isObject(input)) problems.push(...semanticProblems(loose, context));
  if (problems.length > 0 || !shape.success) return { ok: false, problems: truncate(dedupe(problems)) };
  return { ok: true, definition: shape.data };
}

/** A long list ends after MAX_PROBLEMS with how many more there were: one message stays readable. */
function truncate(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const more = problems.length - MAX_PROBLEMS;
  return [...problems.slice(0, MAX_PROBLEMS), { path: '', message: `and ${more} more problems` }];
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.path}\n${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function semanticProblems(def: Loose, context: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });

  const states = items(def.states);
  const transitions = items(def.transitions);
  const fields = items(def.fields);
  const signals = items(def.signals);
  const slas = items(def.slas);

  const unique = (list: [Item, number][], prop: string, where: string, what: string) => {
    const seen = new Map<string, number>();
    for (const [item, index] of list) {
      const value = str(item[prop]);
      if (value === undefined) continue;
      const first = seen.get(value);
      if (first === undefined) seen.set(value, index);
      else problem(`${where}[${index}].${prop}`, `duplicate ${what} "${value}" (also ${where}[${first}])`);
    }
    return seen;
  };
  const stateIndex = unique(states, 'key', 'states', 'state key');
  const transitionIndex = unique(transitions, 'key', 'transitions', 'transition key');
  const fieldIndex = unique(fields, 'key', 'fields', 'field key');
  unique(slas, 'key', 'slas', 'SLA key');

  const categoryOf = (stateKey: string) => str(states[stateIndex.get(stateKey) ?? -1]?.[0].category);
  const transitionOf = (transitionKey: string | undefined) =>
    transitions[transitionIndex.get(transitionKey ?? '') ?? -1]?.[0];
  const checkState = (value: unknown, path: string) => {
    if (typeof value === 'string' && !stateIndex.has(value)) problem(path, `unknown state "${value}"`);
  };
  const checkField = (value: unknown, path: string) => {
    if (typeof value === 'string' && !fieldIndex.has(value)) problem(path, `unknown field "${value}"`);
  };
  const checkGroup = (value: unknown, path: string) => {
    if (typeof value === 'string' && context.groups && !context.groups.has(value)) {
      problem(path, `unknown group "${value}"`);
    }
  };
  const takers = (t: Item | undefined) => strings(t?.by).map(([by]) => by);
  /** A transition that timers and actions take must leave `fromState` and allow `system`. */
  const checkSystemTransition = (value: unknown, path: string, fromState: string | undefined, by: string) => {
    if (typeof value !== 'string') return;
    const t = transitionOf(value);
    if (!t) return problem(path, `unknown transition "${value}"`);
    if (!takers(t).includes('system'))
      problem(path, `transition "${value}" is taken by ${by}, so its "by" must include system`);
    if (fromState && !strings(t.from).some(([from]) => from === fromState)) {
      problem(path, `transition "${value}" does not leave state "${fromState}"`);
    }
  };

  // Initial and terminal states.
  const initial = str(def.initialState);
  if (initial !== undefined) {
    checkState(initial, 'initialState');
    if (stateIndex.has(initial) && categoryOf(initial) === 'done')
      problem('initialState', 'the initial state must not be a done state');
  }
  if (states.length > 0 && !states.some(([s]) => s.category === 'done')) {
    problem('states', 'no terminal state: at least one state must have category "done"');
  }
  checkGroup(def.group, 'group');

  // Fields.
  for (const [f, i] of fields) {
    const options = strings(f.options).map(([o]) => o);
    if (f.type === 'enum' && options.length === 0)
      problem(`fields[${i}].options`, 'an enum field needs at least one option');
    if (f.type !== 'enum' && f.options !== undefined) problem(`fields[${i}].options`, 'only enum fields have options');
    if (new Set(options).size !== options.length) problem(`fields[${i}].options`, 'duplicate option');
    problems.push(...fieldAccessProblems(f, `fields[${i}]`));
  }

  // Transitions.
  const signalled = new Set(signals.map(([s]) => (isObject(s.effect) ? s.effect.transition : undefined)));
  for (const [t, i] of transitions) {
    for (const [from, j] of strings(t.from)) checkState(from, `transitions[${i}].from[${j}]`);
    checkState(t.to, `transitions[${i}].to`);
    for (const [field, j] of strings(t.requires)) checkField(field, `transitions[${i}].requires[${j}]`);
    const by = takers(t);
    if (new Set(by).size !== by.length) problem(`transitions[${i}].by`, 'a taker is listed twice');
    if (by.length === 0 && !signalled.has(t.key))
      problem(`transitions[${i}].by`, 'nobody can take this transition: list who may, or name it in a signal');
  }

  // States: actions and timers.
  for (const [s, i] of states) {
    const stateKey = str(s.key);
    items(s.onEnter).forEach(([a, j]) => checkAction(a, `states[${i}].onEnter[${j}]`, stateKey));
    for (const [timer, j] of items(s.timers)) {
      checkSystemTransition(timer.transition, `states[${i}].timers[${j}].transition`, stateKey, 'a timer');
    }
    if (s.category === 'done' && items(s.timers).length > 0)
      problem(`states[${i}].timers`, 'a done state has no timers');
    const reply = s.onRequesterReply;
    problems.push(...replyRuleProblems(reply, `states[${i}].onRequesterReply`, stateKey, transitionOf(str(reply))));
  }

  // Transitions that entry actions take (directly, or on an integration's success) happen without
  // anyone acting: a cycle of them hands the ticket around forever. Timers are left out: they wait.
  const automatic = new Map<string, AutomaticStep[]>();
  for (const [s, i] of states) {
    const from = str(s.key);
    if (from === undefined) continue;
    for (const [a, j] of items(s.onEnter)) {
      const t = transitionOf(str(a.kind === 'integration' ? a.onSuccess : a.kind === 'transition' ? a.transition : ''));
      const to = str(t?.to);
      if (!t || to === undefined || !stateIndex.has(to) || !strings(t.from).some(([f]) => f === from)) continue;
      const out = automatic.get(from) ?? [];
      out.push({ from, to, path: `states[${i}].onEnter[${j}]` });
      automatic.set(from, out);
    }
  }
  const stateKeys = states.flatMap(([s]) => str(s.key) ?? []);
  const runs = automaticRuns(stateKeys, automatic);
  for (const cycle of runs.cycles) {
    const route = [cycle[0]!.from, ...cycle.map((step) => step.to)].join(' → ');
    problem(cycle[0]!.path, `automatic transitions form a cycle: ${route}`);
  }
  // The workflow halts a longer run (MAX_AUTOMATIC_STEPS): the ticket would stop halfway.
  if (runs.longest.length > MAX_AUTOMATIC_STEPS) {
    const states = [runs.longest[0]!.from, ...runs.longest.map((step) => step.to)];
    const route = [...states.slice(0, 2), '…', states.at(-1)].join(' → ');
    problem(
      runs.longest[0]!.path,
      `${runs.longest.length} automatic transitions in a row (${route}): a ticket stops after ${MAX_AUTOMATIC_STEPS}`,
    );
  }

  // Reachability from the initial state, along every transition: breadth-first over a map from each
  // state to where its transitions lead.
  if (initial && stateIndex.has(initial)) {
    const next = new Map<string, string[]>();
    for (const [t] of transitions) {
      const to = str(t.to);
      if (to === undefined) continue;
      for (const [from] of strings(t.from)) {
        const out = next.get(from) ?? [];
        out.push(to);
        next.set(from, out);
      }
    }
    const reached = new Set([initial]);
    const queue = [initial];
    for (let head = 0; head < queue.length; head++) {
      for (const to of next.get(queue[head]!) ?? []) {
        if (!reached.has(to)) {
          reached.add(to);
          queue.push(to);
        }
      }
    }
    for (const [s, i] of states) {
      const k = str(s.key);
      if (k && !reached.has(k))
        problem(`states[${i}]`, `state "${k}" is unreachable from the initial state "${initial}"`);
    }
  }

  // A transition out of a done state reopens a ticket: the process must say how long that stays possible.
  const reopens = transitions.filter(([t]) => strings(t.from).some(([from]) => categoryOf(from) === 'done'));
  if (reopens.length > 0 && def.reopenWindow === undefined) {
    problem(
      'reopenWindow',
      `transition "${String(reopens[0]![0].key)}" leaves a done state, so a reopenWindow is needed`,
    );
  }

  // Signals.
  const names = new Map<string, number>();
  for (const [sig, i] of signals) {
    const name = str(sig.name);
    if (name !== undefined) {
      const first = names.get(name.toLowerCase());
      if (first !== undefined) problem(`signals[${i}].name`, `signal name "${name}" clashes with signals[${first}]`);
      else names.set(name.toLowerCase(), i);
    }
    const where = strings(sig.states);
    for (const [st, j] of where) checkState(st, `signals[${i}].states[${j}]`);
    for (const [st, j] of where) {
      if (categoryOf(st) === 'done')
        problem(`signals[${i}].states[${j}]`, `signals do not apply in done state "${st}"`);
    }
    unique(items(sig.payload), 'key', `signals[${i}].payload`, 'payload key');
    const effect = isObject(sig.effect) ? sig.effect : undefined;
    if (effect?.kind === 'transition' && typeof effect.transition === 'string') {
      const t = transitionOf(effect.transition);
      if (!t) problem(`signals[${i}].effect.transition`, `unknown transition "${effect.transition}"`);
      else {
        const from = new Set(strings(t.from).map(([f]) => f));
        const applies = where.length > 0 ? where.map(([st]) => st) : [...from];
        for (const st of applies) {
          if (!from.has(st))
            problem(`signals[${i}].states`, `transition "${effect.transition}" cannot be taken from state "${st}"`);
        }
      }
    }
    items(sig.actions).forEach(([a, j]) => checkAction(a, `signals[${i}].actions[${j}]`, undefined));
  }

  // SLA clocks.
  for (const [clock, i] of slas) {
    const start = strings(clock.startOn);
    const stop = strings(clock.stopOn);
    for (const [st, j] of start) checkState(st, `slas[${i}].startOn[${j}]`);
    for (const [st, j] of stop) checkState(st, `slas[${i}].stopOn[${j}]`);
    for (const [st, j] of strings(clock.pauseIn)) checkState(st, `slas[${i}].pauseIn[${j}]`);
    const stopSet = new Set(stop.map(([st]) => st));
    for (const [st, j] of start) {
      if (stopSet.has(st)) problem(`slas[${i}].startOn[${j}]`, `state "${st}" both starts and stops the clock`);
    }
    if (clock.time === 'business') {
      if (def.calendar === undefined) problem(`slas[${i}].time`, 'business time needs a calendar on the process');
      if (typeof clock.target === 'string' && durationMs(clock.target) !== undefined && hasDays(clock.target)) {
        problem(
          `slas[${i}].target`,
          'a business-time target is given in hours and minutes (e.g. PT30H for 3 working days of 10 h)',
        );
      }
    }
    if (isObject(clock.atRisk))
      items(clock.atRisk.actions).forEach(([a, j]) => checkAction(a, `slas[${i}].atRisk.actions[${j}]`, undefined));
    if (isObject(clock.breached))
      items(clock.breached.actions).forEach(([a, j]) => checkAction(a, `slas[${i}].breached.actions[${j}]`, undefined));
  }

  // Calendar.
  if (isObject(def.calendar)) {
    const zone = str(def.calendar.timeZone);
    if (zone && !isTimeZone(zone)) problem('calendar.timeZone', `unknown time zone "${zone}"`);
    if (isObject(def.calendar.workingHours)) {
      for (const [day, spans] of Object.entries(def.calendar.workingHours)) {
        if (!Array.isArray(spans)) continue;
        spans.forEach((span, j) => {
          if (Array.isArray(span) && typeof span[0] === 'string' && typeof span[1] === 'string' && span[0] >= span[1]) {
            problem(
              `calendar.workingHours.${day}[${j}]`,
              `working hours must end after they start (${span[0]}–${span[1]})`,
            );
          }
        });
      }
    }
  }

  // Notification rules.
  const slaList = slas.map(([clock]) => clock);
  for (const [rule, i] of items(def.notifications)) {
    const path = `notifications[${i}]`;
    checkMessage(rule, path);
    const into = strings(rule.into);
    for (const [st, j] of into) checkState(st, `${path}.into[${j}]`);
    if (rule.into !== undefined && rule.on !== 'moved')
      problem(`${path}.into`, `only a "moved" rule names the states moved into (this one is "${String(rule.on)}")`);
    if (rule.on === 'sla_at_risk' && !slaList.some((clock) => isObject(clock.atRisk)))
      problem(`${path}.on`, 'no SLA of the process has an atRisk threshold, so this rule never fires');
    if (rule.on === 'sla_breached' && slaList.length === 0)
      problem(`${path}.on`, 'the process has no SLAs, so this rule never fires');
  }

  return problems;

  /** What a notify action or a notification rule sends: a known field, to known groups; a field hidden
   * from the requester is not sent to them. */
  function checkMessage(a: Item, path: string): void {
    checkField(a.includeField, `${path}.includeField`);
    items(a.to).forEach(([r, j]) => checkGroup(r.group, `${path}.to[${j}].group`));
    const included = fields[fieldIndex.get(str(a.includeField) ?? '') ?? -1]?.[0];
    if (included && Array.isArray(a.to) && a.to.includes('requester') && hiddenFromRequester(included)) {
      problem(
        `${path}.includeField`,
        `field "${String(included.key)}" is hidden from the requester (visibleTo), so a message to the requester cannot include it`,
      );
    }
  }

  function checkAction(a: Item, path: string, stateKey: string | undefined): void {
    const kind = a.kind as Action['kind'] | undefined;
    if (kind === 'assign') checkGroup(a.group, `${path}.group`);
    if (kind === 'set_field') {
      checkField(a.field, `${path}.field`);
      const f = fields[fieldIndex.get(str(a.field) ?? '') ?? -1]?.[0];
      if (f && a.value !== null && a.value !== undefined) {
        const numeric = f.type === 'number';
        if (numeric !== (typeof a.value === 'number'))
          problem(`${path}.value`, `field "${String(f.key)}" is ${String(f.type)}`);
        if (f.type === 'enum' && !strings(f.options).some(([o]) => o === a.value)) {
          problem(`${path}.value`, `"${String(a.value)}" is not an option of field "${String(f.key)}"`);
        }
      }
    }
    if (kind === 'notify') checkMessage(a, path);
    if (kind === 'integration') {
      const system = str(a.system) as keyof typeof integrationOperations | undefined;
      const known: readonly string[] | undefined = system ? integrationOperations[system] : undefined;
      if (known && typeof a.operation === 'string' && !known.includes(a.operation)) {
        problem(`${path}.operation`, `unknown ${system} operation "${a.operation}": expected ${known.join(', ')}`);
      }
      for (const [name, f] of Object.entries(isObject(a.input) ? a.input : {})) {
        if (!(ticketProperties as readonly unknown[]).includes(f)) checkField(f, `${path}.input.${name}`);
      }
      for (const [name, f] of Object.entries(isObject(a.output) ? a.output : {}))
        checkField(f, `${path}.output.${name}`);
      if (a.onSuccess !== undefined)
        checkSystemTransition(a.onSuccess, `${path}.onSuccess`, stateKey, 'an integration');
    }
    if (kind === 'transition') checkSystemTransition(a.transition, `${path}.transition`, stateKey, 'an action');
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
