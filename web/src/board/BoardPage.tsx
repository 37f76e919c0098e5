// The agents' board: pick a process; its columns (grouped by category: new, active, waiting, done)
// hold the open tickets as cards, done columns those done in the last days; the filters in the
// address narrow every column on the server, and its count says "n of all". Dragging a card to another column moves the ticket (moveTicket with
// expectedVersion), shown at once and undone with the server's reason when refused; a transition
// that requires fields, or a choice between two, asks first. Columns the card may not enter are
// marked while it is dragged, and a drop onto one is refused here (drops.ts), never sent. Other agents' changes arrive live; while they cannot, the page says so.
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { LiveStatusNotice } from '../components/LiveStatusNotice';
import { Loading } from '../components/Loading';
import { FormFieldFields } from '../fragments';
import { graphql } from '../graphql';
import { humanize } from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';
import { useLocation } from '../router';
import type { SessionUser } from '../session/session';
import { cardsIn } from './boardState';
import { CardView } from './CardView';
import { ColumnView } from './ColumnView';
import { dropTargets, planDrop } from './drops';
import { mayTake } from '../lib/transitions';
import { BoardFilterBar } from './FilterBar';
import { isFiltered, readFilters } from './filters';
import { MoveDialog } from './MoveDialog';
import type { Card, Column } from './operations';
import { useBoard } from './useBoard';
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

/** Arrow keys carry a picked-up card from column to column. */
const columnKeys: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const step = { ArrowRight: 1, ArrowLeft: -1 }[event.code];
  if (!step) return undefined;
  event.preventDefault();
  const rects = [...context.droppableRects.entries()].sort((a, b) => a[1].left - b[1].left);
  const from = rects.findIndex(([id]) => id === (context.over?.id ?? context.active));
  const start =
    from >= 0 ? from : rects.findIndex(([, r]) => r.left <= currentCoordinates.x && r.right > currentCoordinates.x);
  const next = rects[start + step];
  if (!next || !context.collisionRect) return currentCoordinates;
  return { x: next[1].left + (next[1].width - context.collisionRect.width) / 2, y: currentCoordinates.y };
};

/** The column under the pointer; from the keyboard, the column the card overlaps most. */
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

export function BoardPage({ user }: { user: SessionUser }) {
  usePageTitle('Board');
  const { search } = useLocation();
  const filters = readFilters(search);
  const [processes] = useQuery({ query: ProcessesQuery });
  const [groups] = useQuery({ query: BoardGroupsQuery });
  const published = processes.data?.processDefinitions.filter((p) => p.latestVersion !== null) ?? [];
  const processKey = filters.process || published[0]?.key || '';

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
  const { board, dispatch, columns, error, loadMore, loadingMore, liveStatus, retry } = useBoard(
    processKey,
    filters,
    user.id,
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
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeys }),
  );
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

  const onDragEnd = ({ active, over, activatorEvent }: DragEndEvent) => {
    setDragged(undefined);
    const card = board.cards[String(active.id)];
    const toState = over ? String(over.id) : undefined;
    if (!card || !toState) return;
    const plan = planDrop(card, toState, may);
    if (plan.kind === 'none') return;
    // From the keyboard, the focus follows the card to its new column (or back).
    if (activatorEvent instanceof KeyboardEvent) refocus.current = card.number;
    if (plan.kind === 'refused') refuseDrop(card, toState);
    else if (plan.kind === 'ask')
      setQuestion({ card, toState, toLabel: labelOf(toState), choices: plan.choices, missing: [] });
    else void move(card, toState, plan.transition);
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
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragged(undefined)}
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
                  />
                ))}
              </div>
            </div>
          ))}
        </div>
        <DragOverlay dropAnimation={null}>{dragged ? <CardView card={dragged} overlay /> : null}</DragOverlay>
      </DndContext>
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
