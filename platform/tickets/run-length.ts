// How long a ticket's workflow run grows before it continues as new: the one default, which the
// configuration (TICKET_CONTINUE_AS_NEW_AFTER) and the ticket service share.

/**
 * Inputs (changes, timers, activity results) a ticket's run handles before it continues as new, unless
 * TICKET_CONTINUE_AS_NEW_AFTER says otherwise. A change to a ticket the worker no longer keeps in memory
 * first replays the run's history, about 5.5 ms of CPU for each input since the run began: kept this
 * small, a ticket worked for weeks costs no more to change than a new one (docs/benchmarks.md, issue 19).
 */
export const CONTINUE_AS_NEW_AFTER = 6;
