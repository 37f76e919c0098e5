// Where a problem's path (transitions[1].from[0]) is in the definition's text: the path's steps are
// followed down the JSON syntax tree, so the mark lands on the value at fault, or on the deepest part
// of the path that exists (a missing property marks the object that lacks it).
import { ensureSyntaxTree, syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';

export type PathStep = string | number;

/** transitions[1].from[0] → ['transitions', 1, 'from', 0]; '' → []. */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) steps.push(Number(match[2]));
    else if (match[1] !== undefined) steps.push(/^\d+$/.test(match[1]) ? Number(match[1]) : match[1]);
  }
  return steps;
}

const VALUE_TYPES = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null']);

function children(node: SyntaxNode): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) result.push(child);
  return result;
}

function step(state: EditorState, node: SyntaxNode, next: PathStep): SyntaxNode | null {
  if (node.name === 'Object' && typeof next === 'string') {
    for (const property of children(node).filter((c) => c.name === 'Property')) {
      const name = property.getChild('PropertyName');
      if (!name || JSON.parse(state.sliceDoc(name.from, name.to)) !== next) continue;
      return children(property).find((c) => VALUE_TYPES.has(c.name)) ?? property;
    }
  }
  if (node.name === 'Array' && typeof next === 'number') {
    return children(node).filter((c) => VALUE_TYPES.has(c.name))[next] ?? null;
  }
  return null;
}

/** The text range of a path, or of the deepest part of it the text has; the whole text for ''. */
export function rangeOfPath(state: EditorState, path: string): { from: number; to: number } {
  // The whole text parsed (the editor parses lazily, near what shows): a problem may be far below.
  const top = (ensureSyntaxTree(state, state.doc.length, 500) ?? syntaxTree(state)).topNode;
  let node: SyntaxNode | null = children(top).find((c) => VALUE_TYPES.has(c.name)) ?? null;
  if (!node) return { from: 0, to: state.doc.length };
  for (const next of parsePath(path)) {
    const found = step(state, node, next);
    if (!found) break;
    node = found;
  }
  // A whole object or array is long: its first line is mark enough.
  const to =
    node.name === 'Object' || node.name === 'Array' ? Math.min(node.to, state.doc.lineAt(node.from).to) : node.to;
  return { from: node.from, to: Math.max(to, node.from + 1) };
}

/** The path of the object or array the position is in, for completion: ['states', 2]. */
export function pathAt(state: EditorState, pos: number): { path: PathStep[]; node: SyntaxNode } {
  // Parsed up to the position: the parser works within a time budget, and on a busy machine (or after
  // a long paste) the tree it has may end before the cursor.
  const tree = ensureSyntaxTree(state, pos, 500) ?? syntaxTree(state);
  let node: SyntaxNode | null = tree.resolveInner(pos, -1);
  const inner = node;
  const path: PathStep[] = [];
  let child: SyntaxNode | null = null;
  for (; node; child = node, node = node.parent) {
    if (node.name === 'Property' && child && child.name !== 'PropertyName') {
      const name = node.getChild('PropertyName');
      if (name) path.unshift(safeParse(state.sliceDoc(name.from, name.to)));
    } else if (node.name === 'Array' && child && VALUE_TYPES.has(child.name)) {
      const at = child.from;
      path.unshift(
        children(node)
          .filter((c) => VALUE_TYPES.has(c.name))
          .findIndex((c) => c.from === at),
      );
    }
  }
  return { path, node: inner };
}

function safeParse(text: string): string {
  try {
    return String(JSON.parse(text));
  } catch {
    return text.replace(/^"|"$/g, '');
  }
}
