// Keeps the read model in step with the workflow: every change of the ticket reaches Postgres through
// the projection activity, in order, and a caller's update answers once its change is readable. Data
// that Postgres refuses (no retry can fix it) is recorded as such instead of blocking the ticket.
//
// The projection runs inside the workflow task that made the change, before the Temporal server has
// stored that task. A task that took an update is speculative until stored: should the server lose it,
// the row would show a change the workflow never kept. So each projection of such a task marks the row
// with the update; the mark goes once the task is known stored: by the update's answer (the API clears
// it), or by the next projection made in a later task (a later task means the earlier one was stored).
// The API's sweep checks marks that stay (a lost task, a caller gone) against the workflow itself.
import {
  ActivityFailure,
  ApplicationFailure,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import type { ProcessDefinition } from '../process/definition.js';
import { snapshot } from './interpreter.js';
import { PROJECTION_DATA_ERROR, type TicketState, type TimelineEvent } from './model.js';

// Histories from before the local projection ran it as a plain activity.
const { projectTicket } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// A short Postgres write on the critical path of every update: as a local activity it runs in the
// worker without a round trip through the server's task queues.
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds' },
});

const LOCAL_PROJECTION = 'projection-as-local-activity';
/** Before it, a change without a timeline event (a business-time SLA deadline) never reached Postgres. */
const EVERY_CHANGE = 'projection-of-every-change';

export class Projection {
  private projectedSeq: number;
  /** The snapshot last projected, when every change is projected (not in histories from before). */
  private projected: string | undefined;
  /** Asked for by a sync update: the next projection writes over whatever a lost task left. */
  private repairing = false;
  /** The last update applied in the workflow task under way, by that task's history length. No patch
   * guards it: it changes only the local activity's input, which replay does not compare. */
  private speculative: { updateId: string; task: number } | undefined;

  constructor(
    private readonly def: ProcessDefinition,
    state: TicketState,
  ) {
    this.projectedSeq = state.seq;
    if (patched(EVERY_CHANGE)) this.projected = state.seq > 0 ? this.current(state) : '';
  }

  /** True when the read model lacks events or, since the patch, any other change of the ticket. */
  due(state: TicketState, outbox: TimelineEvent[]): boolean {
    return (
      this.repairing || outbox.length > 0 || (this.projected !== undefined && this.projected !== this.current(state))
    );
  }

  /** Has the next projection write the workflow's state over the read model, whatever it holds. Only a
   * sync update asks for it, so no history from before it takes this path. */
  repair(): void {
    this.repairing = true;
  }

  /** An update changed the ticket in the task under way: its projections mark the row until stored. */
  tookUpdate(updateId: string): void {
    this.speculative = { updateId, task: workflowInfo().historyLength };
  }

  /** The update a projection made now marks the row with: none once a later task runs, since the
   * server hands out a task only after storing the one before. */
  private unconfirmed(): string | null {
    if (this.speculative && workflowInfo().historyLength > this.speculative.task) this.speculative = undefined;
    return this.speculative?.updateId ?? null;
  }

  /** True while a repair asked for has not run yet. */
  get repairDue(): boolean {
    return this.repairing;
  }

  /** True once the read model has every event up to `seq`. */
  has(seq: number): boolean {
    return this.projectedSeq >= seq;
  }

  async run(state: TicketState, events: TimelineEvent[]): Promise<void> {
    const ticket = snapshot(this.def, state);
    const repair = this.repairing;
    const request = {
      ticket,
      ticketId: state.ticketId,
      seq: state.seq,
      doneAt: state.doneAt,
      events,
      unconfirmed: this.unconfirmed(),
      ...(repair && { repair }),
    };
    try {
      // Histories from before the local projection keep replaying through the old branch.
      await (patched(LOCAL_PROJECTION) ? local.projectTicket(request) : projectTicket(request));
    } catch (error) {
      // A local activity's failure arrives as it is; a plain activity's wrapped in an ActivityFailure.
      const failure = error instanceof ActivityFailure ? error.cause : error;
      if (!(failure instanceof ApplicationFailure) || failure.type !== PROJECTION_DATA_ERROR) throw error;
      log.error('the read model refused data of this ticket; its workflow carries on', {
        ticket: state.number,
        seq: state.seq,
        error: failure.message,
      });
      await local.recordProjectionFailure({
        ticketId: state.ticketId,
        seqs: events.length > 0 ? [events[0]!.seq, state.seq] : [state.seq, state.seq],
        at: Date.now(),
        code: String((failure.details?.[0] as { code?: unknown } | undefined)?.code ?? 'unknown'),
        message: failure.message,
      });
    }
    this.projectedSeq = state.seq;
    if (repair) this.repairing = false;
    if (this.projected !== undefined) this.projected = JSON.stringify(ticket);
  }

  private current(state: TicketState): string {
    return JSON.stringify(snapshot(this.def, state));
  }
}
