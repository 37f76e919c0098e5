// Automatic transitions (taken by a state's entry actions, not by people) form a graph over the states:
// validation refuses its cycles and its runs longer than the run-time guard allows.

export interface AutomaticStep {
  from: string;
  to: string;
  /** The action that takes it. */
  path: string;
}

/**
 * One depth-first search over the automatic steps, iterative and linear in states and steps. Cycles:
 * one per back edge (every cycle of a graph contains one, so a graph with cycles always yields one).
 * Longest: the longest run of steps without a cycle, from the lengths of each state's runs, known when
 * the search leaves the state (after all it leads to).
 */
export function automaticRuns(
  nodes: string[],
  steps: Map<string, AutomaticStep[]>,
): { cycles: AutomaticStep[][]; longest: AutomaticStep[] } {
  const visit = new Map<string, 'open' | 'closed'>();
  const cycles: AutomaticStep[][] = [];
  const runs = new Map<string, { length: number; first?: AutomaticStep }>();
  const close = (node: string) => {
    visit.set(node, 'closed');
    let run: { length: number; first?: AutomaticStep } = { length: 0 };
    for (const step of steps.get(node) ?? []) {
      const after = runs.get(step.to); // absent for a state still open: a cycle, reported as such
      if (after && after.length + 1 > run.length) run = { length: after.length + 1, first: step };
    }
    runs.set(node, run);
  };
  for (const root of nodes) {
    if (visit.has(root)) continue;
    visit.set(root, 'open');
    const stack = [{ node: root, next: 0 }];
    const taken: AutomaticStep[] = []; // taken[k] leads from stack[k] to stack[k + 1]
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const step = steps.get(top.node)?.[top.next++];
      if (!step) {
        close(top.node);
        stack.pop();
        taken.pop();
      } else if (visit.get(step.to) === 'open') {
        cycles.push([...taken.slice(stack.findIndex((frame) => frame.node === step.to)), step]);
      } else if (!visit.has(step.to)) {
        visit.set(step.to, 'open');
        stack.push({ node: step.to, next: 0 });
        taken.push(step);
      }
    }
  }
  let start: string | undefined;
  for (const node of nodes) if ((runs.get(node)?.length ?? 0) > (runs.get(start ?? '')?.length ?? 0)) start = node;
  const longest: AutomaticStep[] = [];
  for (let step = runs.get(start ?? '')?.first; step; step = runs.get(step.to)?.first) longest.push(step);
  return { cycles, longest };
}
