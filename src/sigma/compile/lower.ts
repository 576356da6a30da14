import RE2 from 're2';
import type { FieldItem, RuleValue } from '../ast.js';
import { DiagnosticCode, SigmaError } from '../diagnostics.js';
import { parseCidr, type Network } from '../modifiers/cidr.js';
import { base64, base64Offsets, encodeText, type TextEncoding } from '../modifiers/encoding.js';
import {
  MODIFIERS,
  REGEX_FLAG_LETTER,
  UNSUPPORTED_MODIFIERS,
  type ModifierRole,
} from '../modifiers/registry.js';
import { windashVariants } from '../modifiers/windash.js';
import { ANY_RUN, hasWildcards, normalizeGlob, parseSigmaString, type Glob } from './glob.js';

/** One way a rule value can match; a value may expand to several (windash, base64offset). */
export type Alternative =
  | { kind: 'glob'; glob: Glob }
  | { kind: 'regex'; regex: RE2; source: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'exists'; value: boolean }
  | { kind: 'compare'; op: 'gt' | 'gte' | 'lt' | 'lte'; value: number }
  | { kind: 'cidr'; net: Network }
  | { kind: 'fieldref'; field: string; position: 'exact' | 'prefix' | 'suffix' | 'contains' };

export interface LoweredValue {
  /** The value as written with its modifiers, for evidence. */
  display: string;
  alternatives: Alternative[];
}

/** A field item with its modifiers applied: what the matcher compiler consumes. */
export interface LoweredItem {
  field: string | null;
  cased: boolean;
  /** Values ANDed (`all`) instead of ORed. */
  all: boolean;
  /** `neq`: the item matches when the un-negated item does not. */
  negate: boolean;
  values: LoweredValue[];
}

const STRING_TRANSFORMS = new Set<ModifierRole>(['position', 'encoding', 'base64', 'windash']);

export function lowerItem(item: FieldItem): LoweredItem {
  const mods = item.modifiers;
  const roles = checkModifierNames(item);
  const has = (role: ModifierRole): boolean => roles.includes(role);
  const fail = (message: string, code = DiagnosticCode.ModifierCombination): never => {
    throw new SigmaError(code, message, item.pos);
  };

  const seen = new Set<string>();
  for (const m of mods) {
    if (seen.has(m)) fail(`modifier '${m}' is given twice`);
    seen.add(m);
  }
  if (roles.filter((r) => r === 'position').length > 1) {
    fail('only one of contains, startswith and endswith can apply to a value');
  }
  for (const exclusive of ['regex', 'cidr', 'exists', 'compare', 'fieldref'] as const) {
    if (!has(exclusive)) continue;
    const allowed = allowedWith(exclusive);
    const others = mods.filter((_, i) => !allowed.has(roles[i]!));
    if (others.length > 0) {
      fail(`'${others.join("', '")}' cannot be combined with '${mods[roles.indexOf(exclusive)]}'`);
    }
    if (exclusive !== 'fieldref' && roles.indexOf(exclusive) !== 0) {
      fail(`'${mods[roles.indexOf(exclusive)]}' must be the first modifier`);
    }
  }
  if (roles.filter((r) => r === 'compare').length > 1)
    fail('only one of gt, gte, lt, lte can apply');
  if (has('regexFlag') && !has('regex')) fail("regex flags 'i', 'm', 's' only follow 're'");
  if (item.field === null && (has('exists') || has('fieldref'))) {
    fail(`'${has('exists') ? 'exists' : 'fieldref'}' needs a field name; keywords have none`);
  }
  checkEncodingOrder(mods, roles, fail);

  const values = item.values.map((v) => lowerValue(item, v, mods, roles));
  return {
    field: item.field,
    cased: has('case'),
    all: has('list'),
    negate: has('negate'),
    values,
  };
}

function checkModifierNames(item: FieldItem): ModifierRole[] {
  return item.modifiers.map((m) => {
    const role = MODIFIERS.get(m);
    if (role) return role;
    const unsupported = UNSUPPORTED_MODIFIERS.get(m);
    if (unsupported) {
      throw new SigmaError(
        DiagnosticCode.UnsupportedModifier,
        `modifier '${m}' is not supported: ${unsupported}`,
        item.pos,
      );
    }
    const hint = MODIFIERS.has(m.toLowerCase())
      ? ` (modifiers are lowercase: '${m.toLowerCase()}')`
      : '';
    throw new SigmaError(
      DiagnosticCode.UnknownModifier,
      `unknown modifier '${m}'${hint}`,
      item.pos,
    );
  });
}

function allowedWith(
  role: 'regex' | 'cidr' | 'exists' | 'compare' | 'fieldref',
): Set<ModifierRole> {
  switch (role) {
    case 'regex':
      return new Set(['regex', 'regexFlag', 'position', 'list', 'negate']);
    case 'cidr':
      return new Set(['cidr', 'list', 'negate']);
    case 'exists':
      return new Set(['exists']);
    case 'compare':
      return new Set(['compare', 'list', 'negate']);
    case 'fieldref':
      return new Set(['fieldref', 'position', 'case', 'list', 'negate']);
  }
}

function checkEncodingOrder(
  mods: string[],
  roles: ModifierRole[],
  fail: (message: string) => never,
): void {
  const b64 = roles.indexOf('base64');
  if (roles.filter((r) => r === 'base64').length > 1)
    fail('only one of base64 and base64offset can apply');
  roles.forEach((r, i) => {
    if (r === 'encoding' && (b64 < 0 || b64 < i)) {
      fail(`'${mods[i]}' only makes sense before base64 or base64offset`);
    }
    if (r === 'encoding' && roles.indexOf('encoding') !== i)
      fail('only one text encoding can apply');
    if (r === 'position' && b64 >= 0 && i < b64) {
      fail(`'${mods[i]}' before '${mods[b64]}' would encode its wildcards; put it after`);
    }
  });
}

/** The value as the rule wrote it (numbers in their written form, `10.0`), with its modifiers. */
function display(mods: string[], rv: RuleValue): string {
  const v = rv.raw ?? JSON.stringify(rv.value);
  return mods.length > 0 ? `${mods.join('|')}:${v}` : v;
}

function lowerValue(
  item: FieldItem,
  rv: RuleValue,
  mods: string[],
  roles: ModifierRole[],
): LoweredValue {
  const { value, pos } = rv;
  const typeError = (message: string): never => {
    throw new SigmaError(DiagnosticCode.ValueType, message, pos);
  };
  const out = (alternatives: Alternative[]): LoweredValue => ({
    display: display(mods, rv),
    alternatives,
  });
  const role = (r: ModifierRole): number => roles.indexOf(r);

  if (role('exists') >= 0) {
    if (typeof value !== 'boolean') typeError('exists takes true or false');
    if (item.values.length !== 1) typeError('exists takes a single true or false');
    return out([{ kind: 'exists', value: value as boolean }]);
  }
  if (role('compare') >= 0) {
    if (typeof value !== 'number')
      typeError(`${mods[role('compare')]} compares with a number, got ${JSON.stringify(value)}`);
    const op = mods[role('compare')] as 'gt' | 'gte' | 'lt' | 'lte';
    return out([{ kind: 'compare', op, value: value as number }]);
  }
  if (value === null) {
    if (roles.some((r) => r !== 'negate' && r !== 'list')) {
      typeError(`null cannot take the modifiers '${mods.join('|')}'`);
    }
    if (item.field === null) typeError('null is not a keyword; name the field that must be absent');
    return out([{ kind: 'null' }]);
  }
  // Numbers keep the text they were written with: `startswith: 10.0` must not become `10`.
  const text = typeof value === 'string' ? value : (rv.raw ?? String(value));
  if (role('regex') >= 0) return out([{ ...compileRegex(text, mods, roles, pos), kind: 'regex' }]);
  if (role('cidr') >= 0) {
    const net = parseCidr(text);
    if (typeof net === 'string') typeError(`invalid CIDR: ${net}`);
    return out([{ kind: 'cidr', net: net as Network }]);
  }
  if (role('fieldref') >= 0) {
    if (typeof value !== 'string' || value === '' || /[*?]/.test(value)) {
      typeError('fieldref takes the name of another field (no wildcards)');
    }
    const posMod = mods.find((m, i) => roles[i] === 'position');
    const position =
      posMod === 'contains'
        ? 'contains'
        : posMod === 'startswith'
          ? 'prefix'
          : posMod === 'endswith'
            ? 'suffix'
            : 'exact';
    return out([{ kind: 'fieldref', field: text, position }]);
  }
  const stringPipeline = roles.some((r) => STRING_TRANSFORMS.has(r)) || item.field === null;
  if (!stringPipeline && typeof value === 'number') return out([{ kind: 'number', value }]);
  if (!stringPipeline && typeof value === 'boolean') return out([{ kind: 'boolean', value }]);

  let globs: Glob[] = [parseSigmaString(text)];
  let encoding: TextEncoding = 'utf8';
  let positioned = false;
  mods.forEach((m, i) => {
    switch (roles[i]) {
      case 'windash':
        globs = globs.flatMap((g) => {
          try {
            return windashVariants(g);
          } catch (e) {
            return typeError((e as Error).message);
          }
        });
        break;
      case 'encoding':
        encoding = m === 'utf16be' ? 'utf16be' : m === 'utf16' ? 'utf16' : 'utf16le';
        break;
      case 'base64':
        globs = globs.flatMap((g) => {
          if (hasWildcards(g))
            typeError(`${m} cannot encode wildcards; escape them or put contains after ${m}`);
          const bytes = encodeText(g.join(''), encoding);
          return m === 'base64' ? [[base64(bytes)]] : base64Offsets(bytes).map((s) => [s]);
        });
        break;
      case 'position':
        positioned = true;
        globs = globs.map((g) => wrap(g, m !== 'startswith', m !== 'endswith'));
        break;
      default:
        break;
    }
  });
  // A keyword without an explicit position is a substring search of every string in the event.
  if (item.field === null && !positioned) globs = globs.map((g) => wrap(g, true, true));
  return out(globs.map((g) => ({ kind: 'glob', glob: normalizeGlob(g) })));
}

function wrap(glob: Glob, before: boolean, after: boolean): Glob {
  const out = glob.slice();
  if (before && out[0] !== ANY_RUN) out.unshift(ANY_RUN);
  if (after && out[out.length - 1] !== ANY_RUN) out.push(ANY_RUN);
  return out;
}

function compileRegex(
  source: string,
  mods: string[],
  roles: ModifierRole[],
  pos: RuleValue['pos'],
): { regex: RE2; source: string } {
  const flags = [
    ...new Set(mods.filter((_, i) => roles[i] === 'regexFlag').map((m) => REGEX_FLAG_LETTER[m]!)),
  ].join('');
  try {
    // Compiled alone first, so that a pattern like `a)|(b` cannot escape the anchoring group.
    let regex = new RE2(source, flags + 'u');
    // `re` is already an unanchored search; startswith/endswith anchor it.
    const anchoredStart = mods.includes('startswith');
    const anchoredEnd = mods.includes('endswith');
    if (anchoredStart || anchoredEnd) {
      regex = new RE2(
        `${anchoredStart ? '^' : ''}(?:${source})${anchoredEnd ? '$' : ''}`,
        flags + 'u',
      );
    }
    return { regex, source };
  } catch (e) {
    const reason = (e as Error).message.replace(/^Invalid regular expression: /, '');
    const hint = /\(\?<?[=!]|\\[1-9]|\\k</.test(source)
      ? ' (look-around and back-references need backtracking, which rules may not use)'
      : '';
    throw new SigmaError(
      DiagnosticCode.Regex,
      `invalid regular expression ${JSON.stringify(source)}: ${reason}${hint}`,
      pos,
    );
  }
}
