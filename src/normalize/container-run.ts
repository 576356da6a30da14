import { parseImage } from './image.js';
import { memoEnabled, registeredCache } from './memo.js';
import { analyzeContainerCommand, decodePayloads, stringItems } from './shell/index.js';
import type { ContainerFacts } from './types.js';

/** What a container runs: everything derived from its image, command, args and literal env. */
export type RunFacts = Pick<
  ContainerFacts,
  'image' | 'commandLine' | 'commands' | 'programs' | 'pipelines' | 'payloads' | 'commandTexts'
>;

// Controllers stamp out pods from one template, so the same command is analysed again and again
// (the shell analysis is most of a workload's cost). Real command + args + env add up to a few
// KiB; longer ones, where hostile padding lives, are analysed every time rather than held. A
// short key can still decode into a lot of text (gzip payloads), so values are weighed too.
// Bound per thread: 2 generations × (1024 entries, 4 Mi characters), so at most 2048 entries and
// 8 Mi characters (16 MiB) of keys and results, plus a little per entry.
export const RUN_FACTS_MEMO = { keyChars: 16 * 1024, entries: 1024, weight: 4 * 1024 * 1024 };
const cache = registeredCache<RunFacts>(RUN_FACTS_MEMO.entries, RUN_FACTS_MEMO.weight);

export function runFacts(
  image: string | null,
  command: unknown,
  args: unknown,
  env: ReadonlyMap<string, string>,
): RunFacts {
  const items = memoEnabled() ? cacheKey(image, command, args, env) : null;
  if (items === null) return compute(image, command, args, env);
  const hit = cache.get(items.key);
  if (hit) return copy(hit);
  // The items are exactly what analysis would read from command and args.
  const facts = compute(image, items.command, items.args, env);
  cache.set(items.key, facts, weight(facts));
  return copy(facts);
}

function compute(
  image: string | null,
  command: unknown,
  args: unknown,
  env: ReadonlyMap<string, string>,
): RunFacts {
  const analysis = analyzeContainerCommand(command, args, env);
  const payloads = [...analysis.payloads];
  for (const value of env.values()) payloads.push(...decodePayloads(value));
  return {
    image: image === null ? null : parseImage(image),
    commandLine: analysis.commandLine,
    commands: analysis.commands,
    programs: analysis.programs,
    pipelines: analysis.pipelines,
    payloads,
    commandTexts: [...new Set([...analysis.texts, ...payloads])],
  };
}

// Callers own what they get back (the facts end up in alerts that later code may change), so
// the cached entry is never handed out itself.
function copy(f: RunFacts): RunFacts {
  return {
    image: f.image === null ? null : { ...f.image },
    commandLine: f.commandLine,
    commands: f.commands.slice(),
    programs: f.programs.slice(),
    pipelines: f.pipelines.slice(),
    payloads: f.payloads.slice(),
    commandTexts: f.commandTexts.slice(),
  };
}

interface Keyed {
  key: string;
  command: string[];
  args: string[];
}

// Every string is length-prefixed and every list counted, so two different inputs can never
// produce the same key. Env order is part of it: env payloads are listed in that order.
function cacheKey(
  image: string | null,
  command: unknown,
  args: unknown,
  env: ReadonlyMap<string, string>,
): Keyed | null {
  let commandItems: string[];
  let argItems: string[];
  try {
    commandItems = stringItems(command);
    argItems = stringItems(args);
  } catch {
    return null; // not JSON data: let the analysis deal with it, uncached
  }
  // Each part adds its length and up to ~16 characters of prefixes.
  let size = (image?.length ?? 0) + 16 * (commandItems.length + argItems.length + 2 * env.size);
  for (const s of commandItems) size += s.length;
  for (const s of argItems) size += s.length;
  for (const [name, value] of env) size += name.length + value.length;
  if (size > RUN_FACTS_MEMO.keyChars) return null;
  let key = image === null ? '-' : `${image.length}:${image}`;
  key += `|${commandItems.length}`;
  for (const s of commandItems) key += `:${s.length}:${s}`;
  key += `|${argItems.length}`;
  for (const s of argItems) key += `:${s.length}:${s}`;
  key += `|${env.size}`;
  for (const [name, value] of env) key += `:${name.length}:${name}:${value.length}:${value}`;
  return { key, command: commandItems, args: argItems };
}

function weight(f: RunFacts): number {
  let chars = f.commandLine.length;
  for (const list of [f.commands, f.programs, f.pipelines, f.payloads, f.commandTexts])
    for (const s of list) chars += s.length;
  if (f.image) chars += f.image.raw.length + f.image.reference.length + f.image.repository.length;
  return chars;
}
