// The states and transitions of a definition as a diagram (React Flow, laid out by dagre), redrawn as
// the definition changes. A state or transition with a problem is drawn in red; its messages show on
// hover and on keyboard focus. A state a transition names but the definition lacks is drawn dashed.
import dagre from '@dagrejs/dagre';
import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef } from 'react';
import { parsePath } from './jsonPath';

export interface Problem {
  path: string;
  message: string;
}

interface StateData extends Record<string, unknown> {
  label: string;
  stateKey: string;
  initial: boolean;
  missing: boolean;
  problems: string[];
}

interface TransitionData extends Record<string, unknown> {
  label: string;
  problems: string[];
}

const WIDTH = 170;
const HEIGHT = 48;

function Problems({ id, problems }: { id: string; problems: string[] }) {
  return (
    <span role="tooltip" id={id} className="diagram-tip">
      {problems.join(' ')}
    </span>
  );
}

function StateNode({ id, data }: NodeProps<Node<StateData>>) {
  const tip = data.problems.length > 0 ? `tip-state-${id}` : undefined;
  const classes = ['diagram-state', data.initial && 'initial', data.missing && 'missing', tip && 'has-problem'];
  return (
    <div className={classes.filter(Boolean).join(' ')} tabIndex={tip ? 0 : -1} aria-describedby={tip}>
      <Handle type="target" position={Position.Top} />
      <strong>{data.label}</strong>
      <span className="diagram-key">{data.missing ? `${data.stateKey} (no such state)` : data.stateKey}</span>
      {tip && <Problems id={tip} problems={data.problems} />}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

function TransitionEdge(props: EdgeProps<Edge<TransitionData>>) {
  const { id, data, markerEnd } = props;
  const [path, x, y] = getBezierPath(props);
  const problems = data?.problems ?? [];
  const tip = problems.length > 0 ? `tip-edge-${id}` : undefined;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={tip ? 'has-problem' : undefined} />
      <EdgeLabelRenderer>
        <div
          className={`diagram-transition${tip ? ' has-problem' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
          tabIndex={tip ? 0 : -1}
          aria-describedby={tip}
        >
          {data?.label}
          {tip && <Problems id={tip} problems={problems} />}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

const nodeTypes = { state: StateNode };
const edgeTypes = { transition: TransitionEdge };

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The diagram's nodes and edges, laid out, with the problems of each. */
export function diagramOf(
  definition: unknown,
  problems: Problem[],
): { nodes: Node<StateData>[]; edges: Edge<TransitionData>[] } {
  const def = record(definition);
  const byPlace = (kind: string, index: number) =>
    problems
      .filter((p) => {
        const [first, second] = parsePath(p.path);
        return first === kind && second === index;
      })
      .map((p) => p.message);

  const states = new Map<string, StateData>();
  list(def.states).forEach((s, i) => {
    const key = text(record(s).key) ?? `#${i + 1}`;
    states.set(key, {
      label: text(record(s).label) ?? key,
      stateKey: key,
      initial: key === def.initialState,
      missing: false,
      problems: byPlace('states', i),
    });
  });
  const edges: Edge<TransitionData>[] = [];
  const missing = (key: string) => {
    if (!states.has(key)) states.set(key, { label: key, stateKey: key, initial: false, missing: true, problems: [] });
  };
  list(def.transitions).forEach((t, i) => {
    const transition = record(t);
    const to = text(transition.to);
    const from = list(transition.from).map(text);
    const messages = byPlace('transitions', i);
    if (!to) return;
    missing(to);
    from.forEach((source, j) => {
      if (!source) return;
      missing(source);
      edges.push({
        id: `t${i}-${j}`,
        source,
        target: to,
        type: 'transition',
        markerEnd: { type: MarkerType.ArrowClosed },
        data: { label: text(transition.label) ?? text(transition.key) ?? '', problems: messages },
      });
    });
  });
  // A state named by a problem's message but drawn as missing carries the transition's message too.
  for (const edge of edges)
    for (const end of [edge.source, edge.target]) {
      const state = states.get(end);
      if (state?.missing && edge.data?.problems.length)
        state.problems = [...new Set([...state.problems, ...edge.data.problems])];
    }

  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 70 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const key of states.keys()) graph.setNode(key, { width: WIDTH, height: HEIGHT });
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  const nodes = [...states].map(([key, data]) => {
    const at = graph.node(key);
    return { id: key, type: 'state', data, position: { x: at.x - WIDTH / 2, y: at.y - HEIGHT / 2 } };
  });
  return { nodes, edges };
}

/**
 * Fits the view again when the states drawn change (one added, removed or renamed), not on edits that
 * keep the same states: the view a person panned or zoomed stays while they type labels.
 */
function RefitOnNewStates({ states }: { states: string }) {
  const { fitView } = useReactFlow();
  const drawn = useRef(states);
  useEffect(() => {
    if (drawn.current === states) return;
    drawn.current = states;
    // After React Flow has measured the new nodes.
    const frame = requestAnimationFrame(() => void fitView());
    return () => cancelAnimationFrame(frame);
  }, [states, fitView]);
  return null;
}

export function ProcessDiagram({ definition, problems }: { definition: unknown; problems: Problem[] }) {
  const { nodes, edges } = useMemo(() => diagramOf(definition, problems), [definition, problems]);
  return (
    <div className="diagram" role="figure" aria-label="Diagram of the states and transitions">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        fitView
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        minZoom={0.2}
      >
        <RefitOnNewStates states={nodes.map((node) => node.id).join('\n')} />
      </ReactFlow>
    </div>
  );
}
