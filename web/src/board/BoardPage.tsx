// The agents' board: pick a process (without one in the address, the process the person's group works);
// its columns (grouped by category: new, active, waiting, done)
// hold the open tickets as cards, done columns those done in the last days; the filters in the
// address narrow every column on the server, and its count says "n of all". Dragging a card to another
// column (or choosing one from its Move button, by tap or click) moves the ticket (moveTicket with
// expectedVersion), shown at once and undone with the server's reason when refused; a transition
// that requires fields, or a choice between two, asks first. Columns the card may not enter are
// marked while it is dragged, and a drop onto one is refused here (drops.ts), never sent; screen readers hear the card's title and the columns' labels. Other
// agents' changes arrive live; while they cannot, the page says so, and a "cannot be reached" notice
// goes once they can again. "Select" (or `x` on a card) picks cards for a bulk action (BoardSelectionBar).
import { DndContext, DragOverlay, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { announcementsFor, SCREEN_READER_INSTRUCTIONS } from './announcements';
import { collision, useBoardSensors } from './dnd';
import { MoveToDialog } from './MoveToDialog';
import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { LiveStatusNotice } from '../components/LiveStatusNotice';
import { Loading } from '../components/Loading';
import { FormFieldFields } from '../fragments';
import { graphql } from '../graphql';
import { humanize } from '../lib/format';
import { mayTake } from '../lib/transitions';
import { usePageTitle } from '../lib/usePageTitle';
import { useLocation } from '../router';
import type { SessionUser } from '../session/session';
import { cardsIn } from './boardState';
import { CardView } from './CardView';
import { ColumnView } from './ColumnView';
import { dropTargets, planDrop } from './drops';
import { BoardFilterBar } from './FilterBar';
import { isFiltered, readFilters } from './filters';
import { HomeProcessQuery } from './homeProcess';
import { MoveDialog } from './MoveDialog';
import type { Card, Column } from './operations';
import { useBoard } from './useBoard';
import { BoardSelectionBar } from './BoardSelectionBar';
import { useBoardSelection } from './useSelection';
import { useMoves } from './useMoves';
import './board.css';

/** The processes to pick from (published ones have a latest version). */
const ProcessesQuery = graphql(`
  query BoardProcesses {
    processDefinitions {
      key
      name
      latestVersion
    }
  }
`);

/** Groups and their people: the group filter's choices, and names for who changed a ticket. */
const BoardGroupsQuery = graphql(`
  query BoardGroups {
    groups {
      key
      name
      members {
        id
        name
      }
    }
  }
`);

/** The processes' fields, for the ones a move asks for. */
const BoardFormsQuery = graphql(
  `
    query BoardForms {
      ticketForms {
        process
        fields {
          ...FormFieldFields
        }
      }
    }
  `,
  [FormFieldFields],
);

const CATEGORIES = ['new', 'active', 'waiting', 'done'];

export function BoardPage({ user }: { user: SessionUser }) {
  usePageTitle('Board');
  const { search } = useLocation();
  const filters = readFilters(search);
  const [processes] = useQuery({ query: ProcessesQuery });
  const [groups] = useQuery({ query: BoardGroupsQuery });
  // Without a process in the address, the one the person's group works; else the first by key.
  const [home] = useQuery({ query: HomeProcessQuery, pause: !!filters.process });
  const published = processes.data?.processDefinitions.filter((p) => p.latestVersion !== null) ?? [];
  const homeKnown = !!home.data || !!home.error;
  const homeKey = published.find((p) => p.key === home.data?.homeProcess)?.key;
  const processKey = filters.process || (homeKnown ? homeKey || published[0]?.key || '' : '');

  // A board the address names is read at once, beside the list of processes, not after it.
  return (
    <section className="page page-wide board-page">
      <h1>Board</h1>
      {processes.error ? (
        <ErrorNotice error={processes.error} />
      ) : processes.data && published.length === 0 ? (
        <p className="empty">No process is published yet.</p>
      ) : (
        <>
          {processes.data ? (
            <BoardFilterBar
              filters={{ ...filters, process: processKey }}
              processes={published}
              groups={groups.data?.groups ?? []}
            />
          ) : (
            !processKey && <Loading what="Loading processes…" />
          )}
          {processKey && (
            <Board key={processKey} processKey={processKey} user={user} people={groups.data?.groups ?? []} />
          )}
        </>
      )}
    </section>
  );
}

interface BoardProps {
  processKey: string;
  user: SessionUser;
  people: { members: { id: string; name: string }[] }[];
}

function Board({ processKey, user, people }: BoardProps) {
  const { search } = useLocation();
  const filters = readFilters(search);
  // Once the live stream is back, a notice that the server could not be reached goes.
  const resumed = useRef<() => void>(() => {});
  const { board, dispatch, columns, error, loadMore, loadingMore, liveStatus, retry } = useBoard(
    processKey,
    filters,
    user.id,
    () => resumed.current(),
  );
  const [forms] = useQuery({ query: BoardFormsQuery });
  const fields = forms.data?.ticketForms.find((f) => f.process === processKey)?.fields ?? [];
  const [dragged, setDragged] = useState<Card>();
  const labelOf = (state: string) => columns?.find((c) => c.state === state)?.label ?? humanize(state);
  const { move, refuseDrop, pending, question, setQuestion, notice, setNotice } = useMoves({
    dispatch,
    labelOf,
    people,
    user,
  });
  const [choosing, setChoosing] = useState<Card>();
  const selection = useBoardSelection();
  const sensors = useBoardSensors();
  // Words for screen readers: the card's number and title, the columns' labels (never state keys).
  const titleOf = (id: string | number) => {
    const card = board.cards[String(id)];
    return card ? `${card.number}, ${card.title}` : String(id);
  };
  const announcements = announcementsFor(
    titleOf,
    (id) => labelOf(String(id)),
    (id) => board.cards[String(id)]?.state ?? undefined,
  );
  useEffect(() => {
    resumed.current = () => setNotice((n) => (n?.unreachable ? undefined : n));
  }, [setNotice]);
  // SLA countdowns count down: the cards read the time again every half minute.
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  const refocus = useRef<string>(undefined);
  useEffect(() => {
    if (!refocus.current || pending.has(refocus.current) || question) return;
    document.querySelector<HTMLElement>(`[data-card="${refocus.current}"] .board-card-handle`)?.focus();
    refocus.current = undefined;
  });
  const may = (t: { by: readonly string[] }) => mayTake(t, user.role);
  const allowed = dragged ? dropTargets(dragged, may) : undefined;

  const onDragStart = (event: DragStartEvent) => {
    setNotice(undefined);
    setDragged((event.active.data.current as { card: Card }).card);
  };

  /** A card dropped on a column, or a column chosen for it: refused here when no step the person may
   * take leads there, asked first when the move needs it. */
  const moveTo = (card: Card, toState: string) => {
    const plan = planDrop(card, toState, may);
    if (plan.kind === 'refused') refuseDrop(card, toState);
    else if (plan.kind === 'ask')
      setQuestion({ card, toState, toLabel: labelOf(toState), choices: plan.choices, missing: [] });
    else if (plan.kind === 'move') void move(card, toState, plan.transition);
  };

  const onDragEnd = ({ active, over, activatorEvent }: DragEndEvent) => {
    setDragged(undefined);
    const card = board.cards[String(active.id)];
    const toState = over ? String(over.id) : undefined;
    if (!card || !toState || toState === card.state) return;
    // From the keyboard, the focus follows the card to its new column (or back).
    if (activatorEvent instanceof KeyboardEvent) refocus.current = card.number;
    moveTo(card, toState);
  };

  /** The columns a card may be moved to by the Move button's chooser, in the board's order. */
  const targetsOf = (card: Card) => {
    const targets = dropTargets(card, may);
    return (columns ?? []).filter((c) => c.state !== card.state && targets.has(c.state));
  };

  if (error) return <ErrorNotice error={error} retry={retry} />;
  if (!columns) return <Loading what="Loading the board…" />;
  const filtered = isFiltered(filters);
  const groups = CATEGORIES.map((category) => ({
    category,
    columns: columns.filter((c: Column) => c.category === category),
  })).filter((g) => g.columns.length);

  return (
    <>
      <LiveStatusNotice status={liveStatus} />
      <div aria-live="polite" className="board-notices">
        {notice?.kind === 'ok' && <p className="notice notice-success">{notice.text}</p>}
      </div>
      {notice?.kind === 'error' && <ErrorNotice error={notice.text} />}
      <BoardSelectionBar selection={selection} />
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragged(undefined)}
        accessibility={{ announcements, screenReaderInstructions: SCREEN_READER_INSTRUCTIONS }}
      >
        <div className="board">
          {groups.map((group) => (
            <div key={group.category} className={`board-group category-${group.category}`}>
              <h2 className="board-group-heading">{humanize(group.category)}</h2>
              <div className="board-group-columns">
                {group.columns.map((column) => (
                  <ColumnView
                    key={column.state}
                    column={column}
                    cards={cardsIn(board, column.state)}
                    count={board.counts[column.state] ?? 0}
                    total={board.totals[column.state] ?? 0}
                    filtered={filtered}
                    hasNext={board.pages[column.state]?.hasNext ?? false}
                    loadingMore={loadingMore[column.state] ?? false}
                    loadMore={() => loadMore(column.state)}
                    droppable={allowed && column.state !== dragged?.state ? allowed.has(column.state) : undefined}
                    pending={pending}
                    selection={selection.selecting ? selection : undefined}
                    onMoveTo={(card) => {
                      setNotice(undefined);
                      setChoosing(card);
                    }}
                  />
                ))}
              </div>
            </div>
          ))}
        </div>
        <DragOverlay dropAnimation={null}>{dragged ? <CardView card={dragged} overlay /> : null}</DragOverlay>
      </DndContext>
      {choosing && (
        <MoveToDialog
          card={choosing}
          targets={targetsOf(choosing)}
          onChoose={(state) => {
            const card = board.cards[choosing.number] ?? choosing;
            setChoosing(undefined);
            refocus.current = card.number;
            moveTo(card, state);
          }}
          onCancel={() => {
            refocus.current = choosing.number;
            setChoosing(undefined);
          }}
        />
      )}
      {question && (
        <MoveDialog
          question={question}
          fields={fields}
          busy={pending.has(question.card.number)}
          onSubmit={(transition, values) => void move(question.card, question.toState, transition, values)}
          onCancel={() => setQuestion(undefined)}
        />
      )}
    </>
  );
}
