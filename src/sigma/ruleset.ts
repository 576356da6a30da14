import type { SigmaFilter, SigmaRule } from './ast.js';
import type { CompiledRuleSet, Evidence, RuleMatch } from './api.js';
import type { EvalContext, FieldRegistry } from './compile/context.js';
import {
  allOf,
  compileSection,
  type CompiledNode,
  type EvidenceEntry,
} from './compile/detection.js';
import type { Constraint, Requirement } from './compile/requirement.js';
import { SubstringAutomaton } from './compile/string-index.js';

/** A rule with its filters, compiled: the condition closure plus what explains a match. */
export interface CompiledRule {
  rule: SigmaRule;
  filters: readonly SigmaFilter[];
  node: CompiledNode;
  /** Per section (rule first, then each filter): evidence label prefix and positive selections. */
  sections: { label: string; positive: string[]; identifiers: Map<string, CompiledNode> }[];
}

export function compileRule(
  rule: SigmaRule,
  filters: readonly SigmaFilter[],
  registry: FieldRegistry,
): CompiledRule {
  const main = compileSection(rule.detection, rule.conditions, registry);
  const sections: CompiledRule['sections'] = [{ label: '', ...main }];
  const nodes = [main.node];
  for (const f of filters) {
    const compiled = compileSection(f.detection, f.conditions, registry);
    sections.push({ label: `filter:${f.id ?? f.name ?? f.title}/`, ...compiled });
    nodes.push(compiled.node);
  }
  return { rule, filters, node: nodes.length === 1 ? main.node : allOf(nodes), sections };
}

const NO_MATCHES: readonly number[] = Object.freeze([]);

/**
 * The compiled rule set. Rules whose condition requires a field to take one of a few exact
 * values (most Kubernetes rules pin `verb` or `objectRef.resource`) are indexed by those values,
 * so each event is evaluated only against the rules that could match it.
 */
export class SigmaRuleSet implements CompiledRuleSet {
  readonly rules: readonly SigmaRule[];
  readonly #compiled: CompiledRule[];
  readonly #ctx: EvalContext;
  readonly #explainCtx: EvalContext;
  readonly #alwaysEvaluate: boolean[];
  readonly #exactIndex: { pathId: number; byText: Map<string, number[]> }[] = [];
  readonly #substringIndex: {
    pathId: number;
    automaton: SubstringAutomaton;
    rulesOf: number[][];
  }[] = [];
  readonly #stamp: Int32Array;
  #gen = 0;

  constructor(compiled: CompiledRule[], registry: FieldRegistry, useIndex: boolean) {
    this.#compiled = compiled;
    this.rules = compiled.map((c) => c.rule);
    this.#ctx = registry.newContext();
    this.#explainCtx = registry.newContext();
    this.#stamp = new Int32Array(compiled.length);
    this.#alwaysEvaluate = compiled.map(() => true);
    if (useIndex) this.#buildIndex();
  }

  /**
   * Each rule is indexed under one path it constrains: exact-value constraints first (one hash
   * look-up per leaf), substring constraints otherwise (one shared automaton pass per leaf for
   * all rules on that path). Among paths of the same kind, the one constrained by more rules
   * wins, so an event needs few look-ups.
   */
  #buildIndex(): void {
    const popularity = new Map<string, number>();
    const key = (pathId: number, c: Constraint): string => `${c.kind}:${pathId}`;
    for (const c of this.#compiled) {
      for (const [pathId, con] of c.node.requirement ?? []) {
        const k = key(pathId, con);
        popularity.set(k, (popularity.get(k) ?? 0) + 1);
      }
    }
    const exact = new Map<number, Map<string, number[]>>();
    const substring = new Map<number, Map<string, number[]>>();
    this.#compiled.forEach((c, i) => {
      const req: Requirement | null = c.node.requirement;
      if (!req || req.size === 0) return;
      let best: [number, Constraint] | null = null;
      for (const [pathId, con] of req) {
        if (!best) {
          best = [pathId, con];
          continue;
        }
        const [bestPath, bestCon] = best;
        const better =
          con.kind !== bestCon.kind
            ? con.kind === 'exact'
            : popularity.get(key(pathId, con))! > popularity.get(key(bestPath, bestCon))!;
        if (better) best = [pathId, con];
      }
      const [pathId, con] = best!;
      const target = con.kind === 'exact' ? exact : substring;
      let byText = target.get(pathId);
      if (!byText) target.set(pathId, (byText = new Map()));
      for (const t of con.texts) {
        const list = byText.get(t);
        if (list) list.push(i);
        else byText.set(t, [i]);
      }
      this.#alwaysEvaluate[i] = false;
    });
    for (const [pathId, byText] of exact) this.#exactIndex.push({ pathId, byText });
    for (const [pathId, byText] of substring) {
      const automaton = new SubstringAutomaton();
      const rulesOf: number[][] = [];
      for (const [text, rules] of byText) {
        automaton.add(text, rulesOf.length);
        rulesOf.push(rules);
      }
      this.#substringIndex.push({ pathId, automaton: automaton.build(), rulesOf });
    }
  }

  test(event: unknown): number[] {
    const ctx = this.#ctx;
    ctx.reset(event);
    const gen = this.#markCandidates(ctx);
    let out: number[] | null = null;
    const compiled = this.#compiled;
    const stamp = this.#stamp;
    const always = this.#alwaysEvaluate;
    for (let i = 0; i < compiled.length; i++) {
      if ((always[i] || stamp[i] === gen) && compiled[i]!.node.test(ctx)) (out ??= []).push(i);
    }
    return out ?? (NO_MATCHES as number[]);
  }

  #markCandidates(ctx: EvalContext): number {
    const gen = ++this.#gen === 0x7fffffff ? this.#resetStamps() : this.#gen;
    const stamp = this.#stamp;
    for (const { pathId, byText } of this.#exactIndex) {
      const slot = ctx.slot(pathId);
      const lowers = slot.lowers();
      for (let k = 0; k < slot.count; k++) {
        const t = lowers[k];
        if (t === undefined) continue;
        const rules = byText.get(t);
        if (rules) for (let r = 0; r < rules.length; r++) stamp[rules[r]!] = gen;
      }
    }
    for (const { pathId, automaton, rulesOf } of this.#substringIndex) {
      const slot = ctx.slot(pathId);
      const lowers = slot.lowers();
      this.#markGen = gen;
      this.#markRulesOf = rulesOf;
      for (let k = 0; k < slot.count; k++) {
        const t = lowers[k];
        if (t !== undefined) automaton.findAll(t, this.#markPattern);
      }
    }
    return gen;
  }

  #markGen = 0;
  #markRulesOf: number[][] = [];
  /** Bound once so the automaton callback allocates nothing per event. */
  readonly #markPattern = (id: number): void => {
    const rules = this.#markRulesOf[id]!;
    for (let r = 0; r < rules.length; r++) this.#stamp[rules[r]!] = this.#markGen;
  };

  #resetStamps(): number {
    this.#stamp.fill(0);
    this.#gen = 1;
    return 1;
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

function forEachField(node: import('./ast.js').DetectionNode, fn: (field: string) => void): void {
  if (node.kind === 'field') {
    if (node.field !== null) fn(node.field);
    if (node.modifiers.includes('fieldref'))
      for (const v of node.values) if (typeof v.value === 'string') fn(v.value);
    return;
  }
  for (const child of node.items) forEachField(child, fn);
}
