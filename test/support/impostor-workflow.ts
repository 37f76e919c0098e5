// A workflow under the ticket workflow's name that the ticket code cannot replay (it waits on a timer
// the ticket code never starts): the replay:live test needs a history that must fail.
import { sleep } from '@temporalio/workflow';

export async function ticketWorkflow(): Promise<string> {
  await sleep(1);
  return 'not a ticket';
}
