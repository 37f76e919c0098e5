// How far a ticket's workflow run grows before it continues as new (TICKET_CONTINUE_AS_NEW_AFTER): the
// rule that keeps a ticket's age from being felt. A change to a ticket the worker no longer holds in
// memory replays its run's history first: a fixed 15 ms or so (the history fetched, the workflow set up
// in its sandbox) and about 5 ms more for each event the run has handled (a move, a comment, a timer).
// A new run starts from the state the last one carried, which replays in less than a new ticket's
// creation does. Measured with `npm run bench -- evicted` (docs/benchmarks.md, "Issue 19"): after 6
// events, a move of an evicted ticket of any age costs within 1.2× that of a new ticket; after 500 (the
// first default), one of 10 to 33 moves cost 4.5×. The price is one workflow task and one new run per
// 6 events, off the path of the change that triggers it.
export const CONTINUE_AS_NEW_AFTER = 6;
