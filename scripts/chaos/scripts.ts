// What each chaos ticket goes through, per sample process: the moves people make on the board, the
// signals external systems send, the comments that notify, and the automatic steps in between (state
// timers of seconds, an integration's result, an ERP order's status checks). Every path ends in the
// process's `closed` state, which is where the audit expects every ticket to be once the run has
// settled. The fields are ones the local vendors (vendors.ts) accept, so every vendor call is made and
// answered: a Salesforce Case per customer case, an ERP order and an APS drawing read per change.
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

/** The local APS's drawings (test/support/vendors/aps.ts): one in its default project, one named with its own. */
const APS_DRAWING = 'urn:adsk.wipprod:dm.lineage:hC6k4hndRWaeIVhIjvHu8w';
const APS_OTHER_DRAWING = 'b.other-project/urn:adsk.wipprod:dm.lineage:Qm9sdC0yMDAtYWx0';

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
  | { kind: 'field'; key: string; ms: number }
  /** Waits (reading the ticket) until it is in one of `states`, at most `ms`; goes on either way. */
  | { kind: 'state'; in: string[]; ms: number };

export interface Script {
  process: string;
  fields: Record<string, unknown>;
  steps: Step[];
  /** The states it enters, in order, from its first: what its timeline must say once it has ended. */
  path: string[];
  /** Where the ticket ends. */
  end: string;
  /** Signals the ticket delivers to itself (an ERP order's status checks), at most once each. */
  ownSignals?: string[];
}

const maybe = (p: number, step: Step): Step[] => (Math.random() < p ? [step] : []);
const pick = <T>(options: T[]): T => options[Math.floor(Math.random() * options.length)]!;

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
    // Accounts of the local org (its SOQL looks them up by name); the second needs its quote escaped.
    fields: { account: pick(['ACME', "O'Brien & Co"]) },
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
      // Salesforce says the customer accepted only once its Case exists, naming it: a create_case
      // retried after a killed worker can finish late.
      { kind: 'field', key: 'salesforce_case_id', ms: 90_000 },
      {
        kind: 'signal',
        name: 'salesforce.case_accepted',
        payload: (fields) => ({ case_id: String(fields.salesforce_case_id ?? 'SF-CHAOS') }),
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
    // A drawing the local APS has, and a material the local ERP has: both calls succeed.
    fields: {
      drawing: pick([APS_DRAWING, APS_OTHER_DRAWING]),
      part_number: pick(['P-7', 'P-8', 'BRACKET-12']),
      quantity: 1 + Math.floor(Math.random() * 5),
    },
    steps: [
      { kind: 'move', as: 'erik', to: 'drawing_review' },
      // Approval places the ERP order, whose success moves the ticket on to ordering by itself.
      { kind: 'move', as: 'carl', to: 'approved', doneIn: ['approved', 'ordering', 'implemented'] },
      // Nobody signals the shipment: the ticket's status checks find the order shipped and move it on.
      { kind: 'state', in: ['implemented'], ms: 90_000 },
      { kind: 'move', as: 'erik', to: 'closed' },
    ],
    path: ['submitted', 'drawing_review', 'approved', 'ordering', 'implemented', 'closed'],
    end: 'closed',
    ownSignals: ['erp.order_shipped'],
  };
}

/** The scripts of `count` tickets, the processes taking turns. */
export function scripts(count: number): Script[] {
  const makers = [itSupport, customerCase, engineeringChange];
  return Array.from({ length: count }, (_, i) => makers[i % makers.length]!());
}

/** The signals the run's API key may send. */
export const SIGNALS = ['requester.replied', 'jira.issue_resolved', 'salesforce.case_accepted'];

export const newKey = () => randomUUID();
