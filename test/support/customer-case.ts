// A customer case as the Jira tests need one: erin's ticket for the ACME account, taken by tia (support)
// and under investigation; escalated, it runs the process's Jira action.
import type { TestSystem } from './system.js';

export async function investigatedCustomerCase(sys: TestSystem): Promise<string> {
  const erin = await sys.person('erin.employee@example.com');
  const tia = await sys.person('tia.support@example.com');
  const { number } = (
    await sys.tickets.create(
      {
        process: 'customer-case',
        title: 'Acme export broken',
        requester: { userId: erin.userId },
        fields: { account: 'ACME' },
      },
      erin,
    )
  ).ticket;
  await sys.tickets.reassign(number, tia, { userId: tia.userId });
  await sys.tickets.move(number, tia, { transition: 'investigate' });
  return number;
}

/** An investigated customer case escalated to engineering with `reason`. */
export async function escalatedCustomerCase(sys: TestSystem, reason: string): Promise<string> {
  const number = await investigatedCustomerCase(sys);
  const tia = await sys.person('tia.support@example.com');
  await sys.tickets.move(number, tia, { transition: 'escalate', fields: { escalation_reason: reason } });
  return number;
}
