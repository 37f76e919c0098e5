// Moving a card: shown at once (optimistic), sent as moveTicket with the card's version, undone when
// refused; a drop the page knows no transition allows is refused here with a sentence, never sent. A refusal for missing required fields asks for them (MoveDialog); a lost race (CONFLICT)
// reads the ticket as it is now, puts the card there and says who changed it last; any other refusal
// says why. The board's reducer keeps an older answer from replacing a newer ticket.
import { useState, type Dispatch } from 'react';
import { useClient, type CombinedError } from 'urql';
import { errorMessage, fieldErrors, fieldOfPath } from '../lib/errors';
import { humanize } from '../lib/format';
import { newId } from '../lib/ids';
import { mayTake } from '../lib/transitions';
import type { SessionUser } from '../session/session';
import type { BoardAction } from './boardState';
import type { MoveQuestion, Transition } from './MoveDialog';
import { CardNowQuery, MoveCard, type Card } from './operations';

interface MovesOptions {
  dispatch: Dispatch<BoardAction<Card>>;
  labelOf: (state: string) => string;
  people: { members: { id: string; name: string }[] }[];
  user: SessionUser;
}

export function useMoves({ dispatch, labelOf, people, user }: MovesOptions) {
  const client = useClient();
  const [question, setQuestion] = useState<MoveQuestion>();
  const [pending, setPending] = useState<Set<string>>(new Set());
  /** `unreachable`: the server could not be reached (the board drops it once its stream is live again). */
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string; unreachable?: boolean }>();

  const move = async (card: Card, toState: string, transition?: Transition, fieldValues?: Record<string, unknown>) => {
    setPending((p) => new Set(p).add(card.number));
    dispatch({ type: 'place', number: card.number, state: toState });
    const result = await client
      .mutation(MoveCard, {
        number: card.number,
        toState,
        ...(transition && { transition: transition.key }),
        ...(fieldValues && { fields: fieldValues }),
        expectedVersion: card.version,
        updateId: newId(),
      })
      .toPromise();
    setPending((p) => {
      const next = new Set(p);
      next.delete(card.number);
      return next;
    });
    if (result.data) {
      dispatch({ type: 'upsert', card: result.data.moveTicket });
      setQuestion(undefined);
      setNotice({ kind: 'ok', text: `${card.number} moved to ${labelOf(toState)}.` });
      return;
    }
    dispatch({ type: 'place', number: card.number, state: card.state ?? '' });
    await refused(card, toState, transition, result.error);
  };

  const refused = async (card: Card, toState: string, transition: Transition | undefined, error?: CombinedError) => {
    const { code, reason } = error?.graphQLErrors[0]?.extensions ?? {};
    if (reason === 'REQUIRED_FIELD_MISSING') {
      // Asked again, each missing field marked with the API's problem.
      const errors = fieldErrors(error, fieldOfPath);
      const choices = transition
        ? [transition]
        : card.transitions.filter((t) => t.to === toState && mayTake(t, user.role));
      setQuestion({ card, toState, toLabel: labelOf(toState), choices, missing: Object.keys(errors), errors });
      return;
    }
    setQuestion(undefined);
    if (code === 'CONFLICT') {
      const now = await client
        .query(CardNowQuery, { number: card.number }, { requestPolicy: 'network-only' })
        .toPromise();
      const ticket = now.data?.ticket;
      if (ticket) dispatch({ type: 'upsert', card: ticket });
      const moved = ticket?.timeline.filter((e) => e.type === 'moved').at(-1)?.actor as
        { userId?: string; role?: string; kind?: string } | undefined;
      const name = people.flatMap((g) => g.members).find((m) => m.id === moved?.userId)?.name;
      const who =
        moved?.userId === user.id
          ? 'you, elsewhere'
          : name
            ? name
            : moved?.role
              ? `someone else (${humanize(moved.role.toLowerCase())})`
              : 'someone else';
      setNotice({
        kind: 'error',
        text: `${card.number} changed meanwhile${ticket?.state ? `: it is now in ${labelOf(ticket.state)}` : ''}, changed last by ${who}. Your move was not made.`,
      });
      return;
    }
    const why = error ? errorMessage(error) : 'The server did not answer.';
    setNotice({
      kind: 'error',
      unreachable: !error || !!error.networkError,
      text: `${card.number} cannot move to ${labelOf(toState)}: ${why}`,
    });
  };

  /** A drop onto a column no transition the viewer may take leads to: said here, nothing sent. */
  const refuseDrop = (card: Card, toState: string) => {
    setQuestion(undefined);
    const from = card.state ? ` from ${labelOf(card.state)}` : '';
    setNotice({
      kind: 'error',
      text: `You cannot move ${card.number}${from} to ${labelOf(toState)}: no step you may take leads there. The ticket was not changed.`,
    });
  };

  return { move, refuseDrop, pending, question, setQuestion, notice, setNotice };
}
