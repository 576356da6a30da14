import type { ConditionNode, DetectionNode, ParsedCondition } from '../ast.js';
import { resolveOfTarget } from '../condition/parse.js';
import { DiagnosticCode, SigmaError } from '../diagnostics.js';
import type { EvalContext, FieldRegistry } from './context.js';
import { compileItem, evidenceText, type CompiledItem } from './item-matcher.js';
import { lowerItem } from './lower.js';
import { intersect, union, type Requirement } from './requirement.js';
import {
  allProof,
  allWitness,
  anyProof,
  anyWitness,
  itemProof,
  itemWitness,
  negatedWitness,
  NONE,
  type Proof,
  type Witness,
} from './witness.js';

export interface EvidenceEntry {
  field: string | null;
  value: string;
  pattern: string;
}

export interface CompiledNode {
  readonly cost: number;
  readonly requirement: Requirement | null;
  /** A necessary condition in AND/OR form, for consumers outside the engine (the prefilter). */
  readonly witness: Witness;
  /** A sufficient condition, where one is known: what the witness of its negation is made of. */
  readonly proof: Proof | null;
  test(ctx: EvalContext): boolean;
  /** Appends evidence and returns true when the node matches. */
  explain(ctx: EvalContext, out: EvidenceEntry[]): boolean;
}

export function compileDetectionNode(node: DetectionNode, registry: FieldRegistry): CompiledNode {
  if (node.kind === 'field') {
    const lowered = lowerItem(node);
    return fromItem(compileItem(lowered, registry), itemWitness(lowered), itemProof(lowered));
  }
  const children = node.items.map((n) => compileDetectionNode(n, registry));
  return node.kind === 'and' ? allOf(children) : anyOf(children);
}

function fromItem(item: CompiledItem, witness: Witness, proof: Proof | null): CompiledNode {
  return {
    cost: item.cost,
    requirement: item.requirement,
    witness,
    proof,
    test: item.test,
    explain(ctx, out) {
      const hits = item.explain(ctx);
      if (!hits) return false;
      for (const hit of hits) {
        out.push({
          field: item.field,
          value: truncate(evidenceText(hit)),
          pattern: hit.value.display,
        });
      }
      return true;
    },
  };
}

const EVIDENCE_MAX = 256;

function truncate(s: string): string {
  return s.length <= EVIDENCE_MAX ? s : `${s.slice(0, EVIDENCE_MAX - 1)}…`;
}

export function allOf(children: CompiledNode[]): CompiledNode {
  // AND is order-independent, so cheap checks run first and expensive ones often never run.
  if (children.length === 1) return children[0]!;
  const ordered = children.slice().sort((a, b) => a.cost - b.cost);
  const cost = sumCost(ordered);
  const requirement = intersect(ordered.map((c) => c.requirement));
  const witness = allWitness(ordered.map((c) => c.witness));
  const proof = allProof(ordered.map((c) => c.proof));
  if (ordered.length === 2) {
    const [a, b] = ordered as [CompiledNode, CompiledNode];
    return {
      cost,
      requirement,
      witness,
      proof,
      test: (ctx) => a.test(ctx) && b.test(ctx),
      explain: (ctx, out) => explainAll(ordered, ctx, out),
    };
  }
  return {
    cost,
    requirement,
    witness,
    proof,
    test(ctx) {
      for (let i = 0; i < ordered.length; i++) if (!ordered[i]!.test(ctx)) return false;
      return true;
    },
    explain: (ctx, out) => explainAll(ordered, ctx, out),
  };
}

function explainAll(children: CompiledNode[], ctx: EvalContext, out: EvidenceEntry[]): boolean {
  const mark = out.length;
  for (const c of children) {
    if (!c.explain(ctx, out)) {
      out.length = mark;
      return false;
    }
  }
  return true;
}

export function anyOf(children: CompiledNode[]): CompiledNode {
  if (children.length === 1) return children[0]!;
  const ordered = children.slice().sort((a, b) => a.cost - b.cost);
  return {
    cost: sumCost(ordered),
    requirement: union(ordered.map((c) => c.requirement)),
    witness: anyWitness(ordered.map((c) => c.witness)),
    proof: anyProof(ordered.map((c) => c.proof)),
    test(ctx) {
      for (let i = 0; i < ordered.length; i++) if (ordered[i]!.test(ctx)) return true;
      return false;
    },
    explain(ctx, out) {
      for (const c of ordered) if (c.explain(ctx, out)) return true;
      return false;
    },
  };
}

function not(child: CompiledNode): CompiledNode {
  return {
    cost: child.cost,
    requirement: null,
    witness: negatedWitness(child.proof),
    // A proof of `not X` would need X's witness to be exact; none is claimed.
    proof: null,
    test: (ctx) => !child.test(ctx),
    // What is absent is not evidence; a negation contributes none.
    explain: (ctx) => !child.test(ctx),
  };
}

/** At least `n` of the children. */
function atLeast(n: number, children: CompiledNode[]): CompiledNode {
  if (n === 1) return anyOf(children);
  if (n >= children.length) return n === children.length ? allOf(children) : never();
  return {
    cost: sumCost(children),
    requirement: union(children.map((c) => c.requirement)),
    witness: anyWitness(children.map((c) => c.witness)),
    // At least n of them: n proven parts would be needed; none is claimed.
    proof: null,
    test(ctx) {
      let count = 0;
      for (const c of children) if (c.test(ctx) && ++count >= n) return true;
      return false;
    },
    explain(ctx, out) {
      let count = 0;
      for (const c of children) if (c.explain(ctx, out)) count++;
      return count >= n;
    },
  };
}

function never(): CompiledNode {
  return {
    cost: 0,
    requirement: null,
    witness: NONE,
    proof: null,
    test: () => false,
    explain: () => false,
  };
}

function sumCost(nodes: CompiledNode[]): number {
  let cost = 0;
  for (const n of nodes) cost += n.cost;
  return cost;
}

/**
 * Compiles a detection section (a rule's or a filter's) and its conditions into one node.
 */
export function compileSection(
  detection: Map<string, DetectionNode>,
  conditions: ParsedCondition[],
  registry: FieldRegistry,
): { node: CompiledNode; positive: string[]; identifiers: Map<string, CompiledNode> } {
  const names = [...detection.keys()];
  const identifiers = new Map<string, CompiledNode>();
  for (const [name, node] of detection) identifiers.set(name, compileDetectionNode(node, registry));
  const positive = new Set<string>();
  const compiled = conditions.map((c) =>
    compileCondition(c, c.ast, identifiers, names, positive, false),
  );
  return { node: anyOf(compiled), positive: names.filter((n) => positive.has(n)), identifiers };
}

function compileCondition(
  cond: ParsedCondition,
  ast: ConditionNode,
  identifiers: Map<string, CompiledNode>,
  names: string[],
  positive: Set<string>,
  negated: boolean,
): CompiledNode {
  const recur = (n: ConditionNode, neg: boolean): CompiledNode =>
    compileCondition(cond, n, identifiers, names, positive, neg);
  switch (ast.kind) {
    case 'id': {
      const node = identifiers.get(ast.name);
      if (!node) {
        throw new SigmaError(
          DiagnosticCode.ConditionUndefined,
          `condition uses '${ast.name}', which the detection does not define (defined: ${names.join(', ')})`,
          offsetPos(cond, ast.offset),
        );
      }
      if (!negated) positive.add(ast.name);
      return node;
    }
    case 'not':
      return not(recur(ast.arg, !negated));
    case 'and':
      return allOf(ast.args.map((a) => recur(a, negated)));
    case 'or':
      return anyOf(ast.args.map((a) => recur(a, negated)));
    case 'of': {
      const matched = resolveOfTarget(ast.target, names);
      if (matched.length === 0) {
        throw new SigmaError(
          DiagnosticCode.ConditionNoMatch,
          `'${ast.target}' matches no search identifier (defined: ${names.join(', ')})`,
          offsetPos(cond, ast.offset),
        );
      }
      if (!negated) for (const m of matched) positive.add(m);
      const nodes = matched.map((m) => identifiers.get(m)!);
      return ast.quantifier === 'all' ? allOf(nodes) : atLeast(ast.quantifier, nodes);
    }
  }
}

function offsetPos(cond: ParsedCondition, offset: number): ParsedCondition['pos'] {
  return cond.positions?.[offset] ?? cond.pos;
}
