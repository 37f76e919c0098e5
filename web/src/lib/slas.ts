// A ticket's SLA clocks come as JSON (Ticket.slas: status, deadline, at risk, breached by clock key):
// read into a summary for a badge, without trusting the shape.

export type SlaLevel = 'breached' | 'at-risk' | 'running' | 'paused' | 'none';

export interface SlaSummary {
  level: SlaLevel;
  /** The earliest deadline of a running clock, in ms since the epoch. */
  deadline?: number;
}

interface Clock {
  status?: unknown;
  deadline?: unknown;
  atRisk?: unknown;
  breached?: unknown;
}

const isClock = (value: unknown): value is Clock => typeof value === 'object' && value !== null;

export function summarizeSlas(slas: unknown): SlaSummary {
  if (!isClock(slas)) return { level: 'none' };
  const clocks = Object.values(slas).filter(isClock);
  const live = clocks.filter((c) => c.status === 'running' || c.status === 'paused');
  if (live.some((c) => c.breached === true)) return { level: 'breached' };
  const deadlines = live
    .filter((c) => c.status === 'running')
    .map((c) => (typeof c.deadline === 'number' ? c.deadline : Date.parse(String(c.deadline))))
    .filter((d) => Number.isFinite(d));
  const deadline = deadlines.length ? Math.min(...deadlines) : undefined;
  const at = deadline !== undefined ? { deadline } : {};
  if (live.some((c) => c.atRisk === true)) return { level: 'at-risk', ...at };
  if (live.some((c) => c.status === 'running')) return { level: 'running', ...at };
  if (live.length) return { level: 'paused' };
  return { level: 'none' };
}
