// How long a ticket's workflow run grows before it continues as new: the one default, which the
// configuration (TICKET_CONTINUE_AS_NEW_AFTER) and the ticket service share.

/**
 * Inputs (changes, timers, activity results) a ticket's run handles before it continues as new (once
 * quiet), unless TICKET_CONTINUE_AS_NEW_AFTER says otherwise. A change to a ticket the worker no longer
 * keeps in memory first replays the run's history, about 5.5 ms of CPU for each input since the run
 * began: at 6, a worked ticket costs no more to change than a new one (docs/benchmarks.md, issue 19).
 * The default stays 500 until the whole suite passes at 6 (see the benchmarks' issue 19 section).
 */
export const CONTINUE_AS_NEW_AFTER = 500;
