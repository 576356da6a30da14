import type { SigmaFilter, SigmaRule } from './ast.js';
import type { CompiledRuleSet, Evidence, RuleMatch } from './api.js';
import type { EvalContext, FieldRegistry } from './compile/context.js';
import {
  allOf,
  compileSection,
  type CompiledNode,
  type EvidenceEntry,
} from './compile/detection.js';
import { CandidateIndex } from './candidate-index.js';
import type { Witness } from './compile/witness.js';

/** A rule with its filters, compiled: the condition closure plus what explains a match. */
export interface CompiledRule {
  rule: SigmaRule;
  filters: readonly SigmaFilter[];
  node: CompiledNode;
  /** Per section (rule first, then each filter): evidence label prefix and positive selections. */
  sections: { label: string; positive: string[]; identifiers: Map<string, CompiledNode> }[];
}

export type CompiledSection = ReturnType<typeof compileSection>;

/** A Sigma filter compiled once, shared by every rule it applies to. */
export interface CompiledFilter {
  filter: SigmaFilter;
  section: CompiledSection;
}

export function compileFilter(filter: SigmaFilter, registry: FieldRegistry): CompiledFilter {
  return { filter, section: compileSection(filter.detection, filter.conditions, registry) };
}

export function compileRule(
  rule: SigmaRule,
  filters: readonly CompiledFilter[],
  registry: FieldRegistry,
): CompiledRule {
  const main = compileSection(rule.detection, rule.conditions, registry);
  const sections: CompiledRule['sections'] = [{ label: '', ...main }];
  const nodes = [main.node];
  for (const { filter: f, section } of filters) {
    sections.push({ label: `filter:${f.id ?? f.name ?? f.title}/`, ...section });
    nodes.push(section.node);
  }
  return {
    rule,
    filters: filters.map((f) => f.filter),
    node: nodes.length === 1 ? main.node : allOf(nodes),
    sections,
  };
}

const NO_MATCHES: readonly number[] = Object.freeze([]);

/**
 * The compiled rule set: evaluates, per event, only the rules the candidate index lets through
 * (see candidate-index.ts), in load order.
 */
export class SigmaRuleSet implements CompiledRuleSet {
  readonly rules: readonly SigmaRule[];
  readonly #compiled: CompiledRule[];
  readonly #ctx: EvalContext;
  readonly #explainCtx: EvalContext;
  readonly #index: CandidateIndex | null;

  constructor(compiled: CompiledRule[], registry: FieldRegistry, useIndex: boolean) {
    this.#compiled = compiled;
    this.rules = compiled.map((c) => c.rule);
    this.#ctx = registry.newContext();
    this.#explainCtx = registry.newContext();
    this.#index = useIndex ? new CandidateIndex(compiled.map((c) => c.node.requirement)) : null;
  }

  test(event: unknown): readonly number[] {
    const ctx = this.#ctx;
    ctx.reset(event);
    const index = this.#index;
    index?.mark(ctx);
    let out: number[] | null = null;
    const compiled = this.#compiled;
    for (let i = 0; i < compiled.length; i++) {
      if ((!index || index.isCandidate(i)) && compiled[i]!.node.test(ctx)) (out ??= []).push(i);
    }
    return out ?? NO_MATCHES;
  }

  match(event: unknown): RuleMatch[] {
    const hits = this.test(event);
    if (hits.length === 0) return [];
    const ctx = this.#explainCtx;
    ctx.reset(event);
    return hits.map((i) => this.#explain(this.#compiled[i]!, ctx));
  }

  #explain(c: CompiledRule, ctx: EvalContext): RuleMatch {
    const selections: string[] = [];
    const evidence: Evidence[] = [];
    for (const section of c.sections) {
      for (const name of section.positive) {
        const entries: EvidenceEntry[] = [];
        if (!section.identifiers.get(name)!.explain(ctx, entries)) continue;
        const selection = section.label + name;
        selections.push(selection);
        for (const e of entries) evidence.push({ selection, ...e });
      }
    }
    return { rule: c.rule, selections, evidence };
  }

  witnesses(): readonly Witness[] {
    return this.#compiled.map((c) => c.node.witness);
  }

  filtersFor(index: number): readonly SigmaFilter[] {
    return this.#compiled[index]?.filters ?? [];
  }

  fieldUsage(): Map<string, string[]> {
    const usage = new Map<string, string[]>();
    const add = (field: string, who: string): void => {
      const list = usage.get(field);
      if (!list) usage.set(field, [who]);
      else if (!list.includes(who)) list.push(who);
    };
    for (const c of this.#compiled) {
      const who = c.rule.id ?? c.rule.title;
      for (const doc of [c.rule, ...c.filters]) {
        for (const node of doc.detection.values()) forEachField(node, (f) => add(f, who));
      }
    }
    return usage;
  }
}

/** Every field a detection node reads, `fieldref` targets included. */
export function forEachField(
  node: import('./ast.js').DetectionNode,
  fn: (field: string) => void,
): void {
  if (node.kind === 'field') {
    if (node.field !== null) fn(node.field);
    if (node.modifiers.includes('fieldref'))
      for (const v of node.values) if (typeof v.value === 'string') fn(v.value);
    return;
  }
  for (const child of node.items) forEachField(child, fn);
}
