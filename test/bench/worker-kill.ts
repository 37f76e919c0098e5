// Moves on tickets whose worker was just SIGKILLed, with another worker running: each answers, or says
// UNAVAILABLE, within the service's 10 s (their next tasks wait on the dead worker's sticky queue
// first). Measured from the kill, all tickets at once, on a test system of its own (two worker processes).
import { performance } from 'node:perf_hooks';
import { publishDefinition } from '../../platform/processes/processes.js';
import { AppError } from '../../platform/errors.js';
import { spawnWorkerProcess, startTestSystem, untilAnswered } from '../support/system.js';
import { pingPong } from './ping-pong.js';
import { figure } from './report.js';

export async function measureWorkerKill(): Promise<void> {
  const TICKETS = 16;
  const kill = await startTestSystem({ worker: false });
  const workers = [spawnWorkerProcess(kill), spawnWorkerProcess(kill)];
  try {
    await publishDefinition(kill.db, pingPong, 'bench');
    const sam = await kill.person('sam.agent@example.com');
    const numbers: string[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const request = { process: pingPong.key, title: `Kill ${i}`, requester: { userId: sam.userId } };
      numbers.push(
        (await untilAnswered((idempotencyKey) => kill.tickets.create({ ...request, idempotencyKey }, sam))).ticket
          .number,
      );
    }
    for (const number of numbers) await kill.tickets.move(number, sam, { transition: 'to_pong' });
    const exited = new Promise((resolve) => workers[0]!.once('exit', resolve));
    workers[0]!.kill('SIGKILL');
    await exited;
    const started = performance.now();
    const outcomes = await Promise.all(
      numbers.map((number) =>
        kill.tickets.move(number, sam, { transition: 'to_ping' }).then(
          () => ({ ms: performance.now() - started, answered: true }),
          (error: unknown) => {
            if (!(error instanceof AppError && error.code === 'UNAVAILABLE')) throw error;
            return { ms: performance.now() - started, answered: false };
          },
        ),
      ),
    );
    const ms = outcomes.map((o) => o.ms);
    const unavailable = outcomes.filter((o) => !o.answered).length;
    figure(
      `moves after a worker SIGKILL (${TICKETS} tickets)`,
      ms,
      `max ${Math.max(...ms).toFixed(0)} ms   UNAVAILABLE ${unavailable}/${TICKETS} (goal: each within 10 s)`,
    );
  } finally {
    for (const worker of workers) worker.kill('SIGKILL');
    await kill.stop();
  }
}
