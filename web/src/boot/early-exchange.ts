// Gives the app the answers of the page load's early requests (early.ts): the first operation of each
// one's key gets it, as the network would answer (a moment later, not within the call, so that the
// cache takes it as fresh and asks nothing again); every other operation goes on to the network.
import { filter, fromPromise, map, merge, mergeMap, pipe, share, takeUntil } from 'wonka';
import { makeResult, type Exchange, type Operation } from 'urql';

/** The early answers' data by urql operation key. */
export type EarlyAnswers = Map<number, Record<string, unknown>>;

/** Answers from `answers`, taking each as it is used. */
export function earlyExchange(answers: EarlyAnswers): Exchange {
  return ({ forward }) =>
    (operations$) => {
      const taken = new WeakSet<Operation>();
      const shared = share(operations$);
      const answered = pipe(
        shared,
        filter((op) => {
          if (op.kind !== 'query' || !answers.has(op.key)) return false;
          taken.add(op);
          return true;
        }),
        // Given a moment later, and used up only then: React may end an operation it has just begun
        // (a first render given up) and begin it again, which must still find the answer.
        mergeMap((op) =>
          pipe(
            fromPromise(Promise.resolve(op)),
            takeUntil(
              pipe(
                shared,
                filter((t) => t.kind === 'teardown' && t.key === op.key),
              ),
            ),
            filter(() => answers.has(op.key)),
            map(() => {
              const data = answers.get(op.key);
              answers.delete(op.key);
              return makeResult(op, { data });
            }),
          ),
        ),
      );
      const rest = forward(
        pipe(
          shared,
          filter((op) => !taken.has(op)),
        ),
      );
      return merge([answered, rest]);
    };
}
