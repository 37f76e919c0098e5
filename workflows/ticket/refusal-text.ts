// How refusals word what was wrong: they never repeat what was sent. Long names are cut, lists stop at
// 100. Pure, shared by the engine's checks (checks.ts, field-checks.ts).
import type { Refusal } from './model.js';

export const MAX_LISTED = 100;
const MAX_SHOWN = 80;

export function shown(name: string): string {
  return name.length > MAX_SHOWN ? `${name.slice(0, MAX_SHOWN)}…` : name;
}

export function listed(problems: string[]): string {
  const more = problems.length - MAX_LISTED;
  return [...problems.slice(0, MAX_LISTED), ...(more > 0 ? [`and ${more} more`] : [])].join('; ');
}

export function refuse(reason: Refusal['reason'], message: string, details?: Record<string, unknown>): Refusal {
  return details ? { reason, message, details } : { reason, message };
}
