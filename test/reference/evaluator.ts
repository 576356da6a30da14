/**
 * Reference evaluator for Sigma rules: deliberately plain, slow and obviously correct.
 *
 * It interprets the parsed AST (src/sigma/ast.ts) directly for every event and shares no code
 * with the engine in src/sigma/ — only the AST *types* are imported. Everything here follows
 * docs/rules.md literally; where the contract is silent the choices are documented inline.
 *
 * Nothing is cached or precompiled on purpose: the point is to be easy to audit, not fast.
 */
import { BlockList, isIP } from 'node:net';
import RE2 from 're2';
import type {
  ConditionNode,
  DetectionNode,
  FieldItem,
  SigmaFilter,
  SigmaRule,
  SigmaScalar,
} from '../../src/sigma/ast.js';

type Detection = Map<string, DetectionNode>;

interface Conditioned {
  detection: Detection;
  conditions: { ast: ConditionNode }[];
}

/**
 * True when `event` matches `rule` and every filter that applies to it: a filter's conditions
 * (a list of conditions is ORed, like a rule's) are ANDed onto the rule's condition, evaluated
 * against the filter's own detection section.
 */
export function referenceMatch(
  rule: SigmaRule,
  filters: readonly SigmaFilter[],
  event: unknown,
): boolean {
  if (!documentMatches(rule, event)) return false;
  for (const filter of filters) {
    if (!documentMatches(filter, event)) return false;
  }
  return true;
}

function documentMatches(doc: Conditioned, event: unknown): boolean {
  for (const condition of doc.conditions) {
    if (evalCondition(condition.ast, doc.detection, event)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Conditions

export function evalCondition(node: ConditionNode, detection: Detection, event: unknown): boolean {
  switch (node.kind) {
    case 'id': {
      const item = detection.get(node.name);
      if (item === undefined) throw new Error(`reference: undefined identifier ${node.name}`);
      return evalDetection(item, event);
    }
    case 'not':
      return !evalCondition(node.arg, detection, event);
    case 'and': {
      let result = true;
      for (const arg of node.args) {
        if (!evalCondition(arg, detection, event)) result = false;
      }
      return result;
    }
    case 'or': {
      let result = false;
      for (const arg of node.args) {
        if (evalCondition(arg, detection, event)) result = true;
      }
      return result;
    }
    case 'of': {
      const names = identifiersFor(node.target, [...detection.keys()]);
      let count = 0;
      for (const name of names) {
        if (evalDetection(detection.get(name)!, event)) count++;
      }
      if (node.quantifier === 'all') return count === names.length;
      return count >= node.quantifier;
    }
  }
}

/** `them` or a pattern with `*`; `_`-identifiers only when the pattern itself starts with `_`. */
export function identifiersFor(target: string, names: string[]): string[] {
  const result: string[] = [];
  for (const name of names) {
    if (target === 'them') {
      if (!name.startsWith('_')) result.push(name);
      continue;
    }
    if (name.startsWith('_') && !target.startsWith('_')) continue;
    if (globMatch(target, name)) result.push(name);
  }
  return result;
}

/** Identifier patterns: only `*` is special, matching is exact otherwise. */
function globMatch(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  if (pattern[0] === '*') {
    for (let i = 0; i <= text.length; i++) {
      if (globMatch(pattern.slice(1), text.slice(i))) return true;
    }
    return false;
  }
  if (text === '') return false;
  return pattern[0] === text[0] && globMatch(pattern.slice(1), text.slice(1));
}

// ---------------------------------------------------------------------------------------------
// Detection tree

function evalDetection(node: DetectionNode, event: unknown): boolean {
  if (node.kind === 'field') return evalFieldItem(node, event);
  if (node.kind === 'and') {
    let result = true;
    for (const item of node.items) {
      if (!evalDetection(item, event)) result = false;
    }
    return result;
  }
  let result = false;
  for (const item of node.items) {
    if (evalDetection(item, event)) result = true;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Field paths

interface Resolved {
  /** Every value the path yields (arrays at the end are expanded, recursively). */
  leaves: unknown[];
  /** Some reading of the path exists in the event (even if its value is null). */
  found: boolean;
  /**
   * Some reading ends on an empty array, dead-ends after an existing key, or passes an array
   * element that lacks the rest of the path.
   */
  holes: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Resolve `segments` (the field name split on `.`) inside `node`. At every object level every
 * run of consecutive segments is tried as one key; arrays fan out over their elements.
 */
export function resolvePath(node: unknown, segments: string[]): Resolved {
  if (segments.length === 0) {
    if (Array.isArray(node)) {
      // An array at the end yields every element; an element that is itself an array is
      // reached by the same rule (nested arrays flatten).
      const out: Resolved = { leaves: [], found: true, holes: node.length === 0 };
      for (const element of node) {
        const r = resolvePath(element, []);
        out.leaves.push(...r.leaves);
        if (r.holes) out.holes = true;
      }
      return out;
    }
    return { leaves: [node], found: true, holes: false };
  }
  if (Array.isArray(node)) {
    const out: Resolved = { leaves: [], found: false, holes: false };
    for (const element of node) {
      const r = resolvePath(element, segments);
      out.leaves.push(...r.leaves);
      if (r.found) out.found = true;
      if (r.holes || !r.found) out.holes = true;
    }
    return out;
  }
  if (isPlainObject(node)) {
    const out: Resolved = { leaves: [], found: false, holes: false };
    for (let take = 1; take <= segments.length; take++) {
      const key = segments.slice(0, take).join('.');
      if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
      const r = resolvePath(node[key], segments.slice(take));
      out.leaves.push(...r.leaves);
      if (r.found) out.found = true;
      // "All readings are tried; any can match": a reading that starts with an existing key but
      // dead-ends further down is a reading under which the field is absent.
      if (r.holes || !r.found) out.holes = true;
    }
    return out;
  }
  return { leaves: [], found: false, holes: false };
}

function resolveField(event: unknown, field: string): Resolved {
  return resolvePath(event, field.split('.'));
}

/** The text of a leaf: strings as-is, numbers as JSON text, booleans; null/objects: none. */
function leafText(leaf: unknown): string | null {
  if (typeof leaf === 'string') return leaf;
  if (typeof leaf === 'number') return JSON.stringify(leaf);
  if (typeof leaf === 'boolean') return leaf ? 'true' : 'false';
  return null;
}

/** Every string value anywhere in the event (object keys are not searched). */
function allStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const x of node) allStrings(x, out);
  else if (isPlainObject(node)) for (const key of Object.keys(node)) allStrings(node[key], out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Wildcard patterns

type Token = { t: 'lit'; c: string } | { t: 'star' } | { t: 'one' };

/** `*` any run, `?` one code unit; `\` escapes only `*`, `?`, `\`; elsewhere it is literal. */
export function parseWildcard(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        tokens.push({ t: 'lit', c: next });
        i += 2;
      } else {
        tokens.push({ t: 'lit', c: '\\' });
        i += 1;
      }
    } else if (c === '*') {
      tokens.push({ t: 'star' });
      i += 1;
    } else if (c === '?') {
      tokens.push({ t: 'one' });
      i += 1;
    } else {
      tokens.push({ t: 'lit', c });
      i += 1;
    }
  }
  return tokens;
}

function literalTokens(text: string): Token[] {
  return [...text].flatMap((ch) => [...ch].map((c): Token => ({ t: 'lit', c })));
}

/** Plain DP over (token index, text index); case folding is done by the caller. */
function tokensMatch(tokens: Token[], text: string): boolean {
  // can[j] = tokens[0..i) can match text[0..j)
  let can: boolean[] = new Array<boolean>(text.length + 1).fill(false);
  can[0] = true;
  for (const token of tokens) {
    const next: boolean[] = new Array<boolean>(text.length + 1).fill(false);
    for (let j = 0; j <= text.length; j++) {
      if (token.t === 'star') {
        next[j] = can[j]! || (j > 0 && next[j - 1]!);
      } else if (token.t === 'one') {
        next[j] = j > 0 && can[j - 1]!;
      } else {
        next[j] = j > 0 && can[j - 1]! && text[j - 1] === token.c;
      }
    }
    can = next;
  }
  return can[text.length]!;
}

function foldTokens(tokens: Token[], cased: boolean): { tokens: Token[] } {
  if (cased) return { tokens };
  // Lowercasing a single code unit may yield several (rare); expand them into literals.
  const out: Token[] = [];
  for (const tk of tokens) {
    if (tk.t !== 'lit') out.push(tk);
    else for (const c of fold(tk.c)) for (const u of c) out.push({ t: 'lit', c: u });
  }
  return { tokens: out };
}

function wildcardMatch(tokens: Token[], text: string, cased: boolean): boolean {
  if (cased) return tokensMatch(tokens, text);
  return tokensMatch(foldTokens(tokens, false).tokens, fold(text));
}

/** docs/rules.md: case-insensitive = Unicode lowercase on both sides, final sigma as sigma. */
function fold(s: string): string {
  return s.toLowerCase().replace(/ς/g, 'σ');
}

// ---------------------------------------------------------------------------------------------
// Value expansions

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];

/** A flag dash: `-` or `/` with no word character before it and one after it (pySigma's rule). */
function isFlagDash(chars: string[], i: number): boolean {
  const word = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
  return (chars[i] === '-' || chars[i] === '/') && !word(chars[i - 1]) && word(chars[i + 1]);
}

function windash(value: string): string[] {
  let results = [''];
  const chars = [...value];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const options = isFlagDash(chars, i) ? DASHES : [ch];
    const next: string[] = [];
    for (const prefix of results) for (const o of options) next.push(prefix + o);
    results = next;
  }
  return results;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Hand-written base64 (with `=` padding). */
function base64(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += B64[b0 >> 2];
    out += B64[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
    out += b1 === undefined ? '=' : B64[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)];
    out += b2 === undefined ? '=' : B64[b2 & 63];
  }
  return out;
}

/** The three forms the bytes take at offsets 0, 1, 2 of a base64 stream (Sigma's algorithm). */
function base64offset(bytes: number[]): string[] {
  const starts = [0, 2, 3];
  const ends = [undefined, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const encoded = base64([...new Array<number>(i).fill(0x20), ...bytes]);
    const end = ends[(bytes.length + i) % 3];
    out.push(encoded.slice(starts[i], end));
  }
  return out;
}

function utf8Bytes(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
  }
  return out;
}

function utf16Bytes(text: string, bigEndian: boolean, bom: boolean): number[] {
  const out: number[] = bom ? [0xff, 0xfe] : [];
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (bigEndian) out.push(u >> 8, u & 255);
    else out.push(u & 255, u >> 8);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Field items

/** One rule value after the modifiers ran: a wildcard pattern (or a regex / cidr / …). */
interface Pattern {
  tokens: Token[];
}

const POSITION = new Set(['contains', 'startswith', 'endswith']);

function scalarText(v: SigmaScalar): string {
  if (v === null) return '';
  return typeof v === 'string' ? v : String(v);
}

/**
 * Expand one rule value into the alternative wildcard patterns it stands for, applying the
 * transforming modifiers left to right (windash, utf16*, base64*, contains/startswith/endswith).
 */
function expandValue(value: string, modifiers: string[]): Pattern[] {
  // Work on "pieces": either still-unparsed text, or finished token lists.
  type Piece = { raw: string } | { tokens: Token[] };
  let pieces: Piece[] = [{ raw: value }];
  let encoding: 'utf8' | 'utf16le' | 'utf16be' | 'utf16' = 'utf8';
  const toTokens = (p: Piece): Token[] => ('raw' in p ? parseWildcard(p.raw) : p.tokens);
  const bytesOf = (p: Piece): number[] => {
    const text = 'raw' in p ? p.raw : p.tokens.map((t) => (t.t === 'lit' ? t.c : '')).join('');
    if (encoding === 'utf8') return utf8Bytes(text);
    if (encoding === 'utf16be') return utf16Bytes(text, true, false);
    return utf16Bytes(text, false, encoding === 'utf16');
  };
  for (const m of modifiers) {
    if (m === 'windash') {
      pieces = pieces.flatMap((p): Piece[] =>
        'raw' in p ? windash(p.raw).map((raw) => ({ raw })) : [p],
      );
    } else if (m === 'utf16le' || m === 'wide') {
      encoding = 'utf16le';
    } else if (m === 'utf16be') {
      encoding = 'utf16be';
    } else if (m === 'utf16') {
      encoding = 'utf16';
    } else if (m === 'base64') {
      pieces = pieces.map((p) => ({ tokens: literalTokens(base64(bytesOf(p))) }));
    } else if (m === 'base64offset') {
      pieces = pieces.flatMap((p) =>
        base64offset(bytesOf(p)).map((s) => ({ tokens: literalTokens(s) })),
      );
    } else if (m === 'contains') {
      pieces = pieces.map((p) => ({ tokens: [{ t: 'star' }, ...toTokens(p), { t: 'star' }] }));
    } else if (m === 'startswith') {
      pieces = pieces.map((p) => ({ tokens: [...toTokens(p), { t: 'star' }] }));
    } else if (m === 'endswith') {
      pieces = pieces.map((p) => ({ tokens: [{ t: 'star' }, ...toTokens(p)] }));
    }
  }
  return pieces.map((p) => ({ tokens: toTokens(p) }));
}

function numericValue(leaf: unknown): number | null {
  if (typeof leaf === 'number') return Number.isFinite(leaf) ? leaf : null;
  // docs/rules.md: a numeric string is one in JSON number syntax.
  if (typeof leaf === 'string' && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(leaf)) {
    return Number(leaf);
  }
  return null;
}

function regexFlags(modifiers: string[]): string {
  let flags = '';
  const at = modifiers.indexOf('re');
  for (const m of modifiers.slice(at + 1)) {
    if (m === 'i' || m === 'm' || m === 's') flags += m;
  }
  return flags;
}

function cidrContains(network: string, address: string): boolean {
  const slash = network.indexOf('/');
  const base = slash < 0 ? network : network.slice(0, slash);
  const family = isIP(base);
  if (family === 0) return false;
  const prefix = slash < 0 ? (family === 4 ? 32 : 128) : Number(network.slice(slash + 1));
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // An IPv4-mapped IPv6 address (::ffff:10.1.2.3) is that IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (family === 4 && mapped) address = mapped[1]!;
  if (isIP(address) !== family) return false;
  const list = new BlockList();
  list.addSubnet(base, prefix, type);
  return list.check(address, type);
}

/** Does one leaf match one rule value under the item's modifiers (plain equality family)? */
/** Modifiers that make a rule value text (docs/rules.md: numbers then use the text as written). */
const TEXT_MODIFIERS = new Set([
  'contains',
  'startswith',
  'endswith',
  'base64',
  'base64offset',
  'windash',
  'wide',
  'utf16le',
  'utf16be',
  'utf16',
]);

function leafMatchesValue(
  leaf: unknown,
  value: SigmaScalar,
  modifiers: string[],
  raw?: string,
): boolean {
  const cased = modifiers.includes('cased');
  if (modifiers.includes('re')) {
    const text = leafText(leaf);
    if (text === null) return false;
    return new RE2(scalarText(value), regexFlags(modifiers)).test(text);
  }
  if (modifiers.includes('cidr')) {
    const text = leafText(leaf);
    if (text === null) return false;
    return cidrContains(scalarText(value), text);
  }
  if (value === null) return leaf === null;
  if (typeof value === 'boolean') {
    if (typeof leaf === 'boolean') return leaf === value;
    if (typeof leaf === 'string') return leaf.toLowerCase() === (value ? 'true' : 'false');
    return false;
  }
  if (typeof value === 'number' && !modifiers.some((m) => TEXT_MODIFIERS.has(m))) {
    const n = numericValue(leaf);
    return n !== null && n === value;
  }
  const text = leafText(leaf);
  if (text === null) return false;
  for (const pattern of expandValue(raw ?? scalarText(value), modifiers)) {
    if (wildcardMatch(pattern.tokens, text, cased)) return true;
  }
  return false;
}

function fieldIsNullish(r: Resolved): boolean {
  return !r.found || r.holes || r.leaves.some((l) => l === null);
}

function compareNumbers(op: string, a: number, b: number): boolean {
  if (op === 'gt') return a > b;
  if (op === 'gte') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}

function evalFieldItem(item: FieldItem, event: unknown): boolean {
  if (item.modifiers.includes('neq')) {
    // `neq` negates the whole item (pySigma's reading): an absent field matches too.
    return !evalFieldItem({ ...item, modifiers: item.modifiers.filter((m) => m !== 'neq') }, event);
  }
  const mods = item.modifiers;
  const all = mods.includes('all');
  const combine = (test: (v: SigmaScalar, raw?: string) => boolean): boolean => {
    const results = item.values.map((v) => test(v.value, v.raw));
    return all ? results.every(Boolean) : results.some(Boolean);
  };

  if (item.field === null) {
    // Keyword search over every string value of the event.
    const strings = allStrings(event);
    const positioned = mods.some((m) => POSITION.has(m) || m === 're' || m === 'cidr');
    const effective = positioned ? mods : [...mods, 'contains'];
    return combine((v, raw) => strings.some((s) => leafMatchesValue(s, v, effective, raw)));
  }

  const resolved = resolveField(event, item.field);

  if (mods.includes('exists')) {
    // "present (even if null)": the path yields at least one value, null included. An empty
    // array yields no value (docs/rules.md is silent here; this follows the engine's reading).
    const present = resolved.leaves.length > 0;
    return combine((v) => (v === true ? present : !present));
  }

  const cmp = mods.find((m) => m === 'gt' || m === 'gte' || m === 'lt' || m === 'lte');
  if (cmp !== undefined) {
    return combine((v) =>
      resolved.leaves.some((leaf) => {
        const n = numericValue(leaf);
        return n !== null && typeof v === 'number' && compareNumbers(cmp, n, v);
      }),
    );
  }

  if (mods.includes('fieldref')) {
    const cased = mods.includes('cased');
    return combine((v) => {
      const other = resolveField(event, scalarText(v));
      for (const leaf of resolved.leaves) {
        const a = leafText(leaf);
        if (a === null) continue;
        for (const otherLeaf of other.leaves) {
          const b = leafText(otherLeaf);
          if (b === null) continue;
          let tokens = literalTokens(b);
          if (mods.includes('contains')) tokens = [{ t: 'star' }, ...tokens, { t: 'star' }];
          else if (mods.includes('startswith')) tokens = [...tokens, { t: 'star' }];
          else if (mods.includes('endswith')) tokens = [{ t: 'star' }, ...tokens];
          if (wildcardMatch(tokens, a, cased)) return true;
        }
      }
      return false;
    });
  }

  return combine((v, raw) => {
    if (v === null) return fieldIsNullish(resolved);
    return resolved.leaves.some((leaf) => leafMatchesValue(leaf, v, mods, raw));
  });
}
