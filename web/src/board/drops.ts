// What a drop of a card onto a column means, decided from what the page already knows of the card (its
// state and the transitions open from there): nothing (its own column), a drop no transition the viewer
// may take allows (refused here, never sent: the column shows it while dragging), a question (several
// transitions, or required fields), or a move. The server checks the move again; group membership is
// its alone. Pure and importing nothing (who may take a transition comes as `may`: lib/transitions.ts's
// mayTake), so that its test runs without a browser (test/unit/web-board-drops.test.ts).

export interface DropTransition {
  key: string;
  to: string;
  by: readonly string[];
  requires: readonly string[];
}

export type DropPlan<T extends DropTransition> =
  { kind: 'none' } | { kind: 'refused' } | { kind: 'ask'; choices: T[] } | { kind: 'move'; transition: T };

/** Whether the viewer may take a transition, as far as the page can tell. */
export type May = (t: DropTransition) => boolean;

/** The columns a card may be dropped on by the viewer: the targets of the transitions they may take. */
export function dropTargets(card: { transitions: readonly DropTransition[] }, may: May): Set<string> {
  return new Set(card.transitions.filter(may).map((t) => t.to));
}

export function planDrop<T extends DropTransition>(
  card: { state?: string | null; transitions: readonly T[] },
  toState: string,
  may: May,
): DropPlan<T> {
  if (toState === card.state) return { kind: 'none' };
  const choices = card.transitions.filter((t) => t.to === toState && may(t));
  if (choices.length === 0) return { kind: 'refused' };
  if (choices.length > 1 || choices[0]!.requires.length > 0) return { kind: 'ask', choices };
  return { kind: 'move', transition: choices[0]! };
}
