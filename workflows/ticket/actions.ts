// Runs one action of a ticket: the ones with side effects as activities, the rest back through the
// interpreter. Each returns the input that records its result on the ticket, or nothing when the
// action went stale meanwhile. Notifications and integrations run beside the process (effects.ts).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import type { ProcessDefinition } from '../process/definition.js';
import { slaScheduleRequest } from './sla.js';
import type { Input, RunAction, TicketState } from './model.js';

const { assignRoundRobin, slaDeadlines, workingTime } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function runAction(
  def: ProcessDefinition,
  state: TicketState,
  run: RunAction,
): Promise<Input | undefined> {
  const { action } = run;
  switch (action.kind) {
    case 'assign': {
      const result = await assignRoundRobin({
        ticketId: state.ticketId,
        number: state.number,
        group: action.group,
        entry: run.entry,
      });
      return { type: 'assigned', at: Date.now(), entry: run.entry, group: action.group, ...result };
    }
    case 'sla_schedule': {
      const request = slaScheduleRequest(def, state, action.sla, action.epoch);
      if (!request) return undefined; // the clock paused or stopped meanwhile
      const deadlines = await slaDeadlines({ calendar: def.calendar!, ...request });
      return { type: 'sla_scheduled', at: Date.now(), sla: action.sla, epoch: action.epoch, ...deadlines };
    }
    case 'sla_measure': {
      const elapsedMs = await workingTime({ calendar: def.calendar!, from: action.from, to: action.to });
      return { type: 'sla_measured', at: Date.now(), sla: action.sla, elapsedMs, cycle: action.cycle };
    }
    case 'notify':
    case 'integration':
      // Only runs from before 'side-effects-in-background' get here (effects.ts runs them now): they skipped them.
      return { type: 'action_skipped', at: Date.now(), run, reason: 'not_configured' };
    default:
      return { type: 'action', at: Date.now(), run };
  }
}
