// What each chaos ticket goes through, per sample process: the moves people make on the board, the
// signals external systems send, the comments that notify, and the automatic steps in between (state
// timers of seconds, an integration's result). Every path ends in the process's `closed` state, which
// is where the audit expects every ticket to be once the run has settled.
import { randomUUID } from 'node:crypto';

/** The people who act, by demo email (api/seed.ts), and the API key that sends signals. */
export type Actor = 'requester' | 'sam' | 'tia' | 'erik' | 'carl' | 'system';
export const ACTOR_EMAILS: Record<Exclude<Actor, 'system'>, string> = {
  requester: 'erin.employee@example.com',
  sam: 'sam.agent@example.com',
  tia: 'tia.support@example.com',
  erik: 'erik.engineer@example.com',
  carl: 'carl.coordinator@example.com',
};

export type Step =
  | {
      kind: 'move';
      as: Actor;
      to: string;
      transition?: string;
      fields?: Record<string, unknown>;
      /** States in which this move is already made (by an automatic step, or an answer that was lost). */
      doneIn?: string[];
    }
  | {
      kind: 'signal';
      name: string;
      payload: (fields: Record<string, unknown>) => Record<string, unknown>;
      /** States the signal leads to (and those the ticket goes on to by itself): where it is already sent. */
      doneIn: string[];
    }
  | { kind: 'comment'; as: Actor; body: string }
  /** Waits (reading the ticket) until a field has a value, at most `ms`; goes on either way. */
  | { kind: 'field'; key: string; ms: number };

export interface Script {
  process: string;
  fields: Record<string, unknown>;
  steps: Step[];
  /** The states it enters, in order, from its first: what its timeline must say once it has ended. */
  path: string[];
  /** Where the ticket ends. */
  end: string;
}

const maybe = (p: number, step: Step): Step[] => (Math.random() < p ? [step] : []);

function itSupport(): Script {
  return {
    process: 'it-support',
    fields: { category: 'hardware' },
    steps: [
      { kind: 'move', as: 'sam', to: 'in_progress', transition: 'start' },
      ...maybe(0.5, { kind: 'comment', as: 'sam', body: 'Looking into it.' }),
      { kind: 'move', as: 'sam', to: 'waiting_on_requester', fields: { question: 'Which laptop is it?' } },
      {
        kind: 'signal',
        name: 'requester.replied',
        payload: () => ({ message: 'The grey one.' }),
        doneIn: ['in_progress'],
      },
      {
        kind: 'move',
        as: 'sam',
        to: 'resolved',
        fields: { resolution: 'Replaced the battery.' },
        doneIn: ['resolved', 'closed'],
      },
    ],
    path: ['new', 'in_progress', 'waiting_on_requester', 'in_progress', 'resolved', 'closed'],
    end: 'closed', // the resolved state's timer closes it
  };
}

function customerCase(): Script {
  return {
    process: 'customer-case',
    fields: { account: `ACME-${Math.floor(Math.random() * 1000)}` },
    steps: [
      { kind: 'move', as: 'tia', to: 'investigating' },
      { kind: 'move', as: 'tia', to: 'escalated', fields: { escalation_reason: 'The export crashes.' } },
      { kind: 'field', key: 'jira_issue_key', ms: 20_000 },
      {
        kind: 'signal',
        name: 'jira.issue_resolved',
        payload: (fields) => ({ issue_key: String(fields.jira_issue_key ?? 'ENG-0'), resolution: 'Fixed.' }),
        doneIn: ['investigating'],
      },
      ...maybe(0.5, { kind: 'comment', as: 'tia', body: 'Engineering fixed it; a solution follows.' }),
      { kind: 'move', as: 'tia', to: 'solution_proposed', fields: { solution: 'Update to 2.1.' } },
      {
        kind: 'signal',
        name: 'salesforce.case_accepted',
        payload: () => ({ case_id: 'SF-CHAOS' }),
        doneIn: ['resolved', 'closed'],
      },
    ],
    path: ['new', 'investigating', 'escalated', 'investigating', 'solution_proposed', 'resolved', 'closed'],
    end: 'closed', // the resolved state's timer closes it
  };
}

function engineeringChange(): Script {
  return {
    process: 'engineering-change',
    fields: { drawing: 'DRW-100', part_number: 'P-4711', quantity: 3 },
    steps: [
      { kind: 'move', as: 'erik', to: 'drawing_review' },
      { kind: 'move', as: 'carl', to: 'approved' },
      // The ERP's order moves it on by itself when the ERP is configured; else the coordinator does.
      {
        kind: 'move',
        as: 'carl',
        to: 'ordering',
        transition: 'order_placed',
        fields: { order_id: 'ORD-CHAOS' },
        doneIn: ['ordering'],
      },
      {
        kind: 'signal',
        name: 'erp.order_shipped',
        payload: () => ({ order_id: 'ORD-CHAOS' }),
        doneIn: ['implemented'],
      },
      { kind: 'move', as: 'erik', to: 'closed' },
    ],
    path: ['submitted', 'drawing_review', 'approved', 'ordering', 'implemented', 'closed'],
    end: 'closed',
  };
}

/** The scripts of `count` tickets, the processes taking turns. */
export function scripts(count: number): Script[] {
  const makers = [itSupport, customerCase, engineeringChange];
  return Array.from({ length: count }, (_, i) => makers[i % makers.length]!());
}

/** The signals the run's API key may send. */
export const SIGNALS = ['requester.replied', 'jira.issue_resolved', 'salesforce.case_accepted', 'erp.order_shipped'];

export const newKey = () => randomUUID();
