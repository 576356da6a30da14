#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BUILTIN_RULES_DIR } from './builtin.js';
import { SEVERITIES } from '../alert/types.js';
import { INPUT_FORMATS } from '../schema/audit-event.js';
import { processIo } from './io.js';
import { EQL_DIALECTS } from '../eql/types.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

// `cronwarden emulate --out - | head` closes the pipe early: that is the reader's choice, not
// an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const program = new Command()
  .name('cronwarden')
  .description(
    'Detect and stop CronJob/Job abuse (MITRE ATT&CK T1053.007) in Kubernetes audit logs',
  )
  .version('0.1.0')
  // Every command reserves exit status 1 for findings, so a usage error must not look like one.
  .exitOverride();

const rules = program.command('rules').description('work with Sigma rules');

rules
  .command('check')
  .description('load and compile Sigma rules, report every problem with file:line:column')
  .argument('[paths...]', 'rule files or directories (default: the built-in rule pack)')
  .option('--strict', 'exit with status 2 if any rule fails to load')
  .option('--unknown-fields', 'list fields outside the audit.k8s.io/v1 Event schema')
  .option('--list-fields', 'print every field the rules use, with the rules that use it')
  .addOption(
    new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
  )
  .action(async (paths: string[], opts) => {
    const { rulesCheck } = await import('./commands/rules-check.js');
    process.exitCode = rulesCheck(paths.length > 0 ? paths : [BUILTIN_RULES_DIR], opts);
  });

program
  .command('match')
  .description(
    'evaluate Sigma rules over JSON events (JSON Lines, a JSON array or an EventList) and print matches',
  )
  .argument('<files...>', "event files, or '-' for standard input")
  .option('-r, --rules <paths...>', 'rule files or directories', [BUILTIN_RULES_DIR])
  .option('--strict', 'exit with status 2 if any rule fails to load')
  .option('--fail-on-match', 'exit with status 1 when any rule matches (for CI gates)')
  .option('--max-errors <n>', 'bad input lines to print before summarising', positiveInt, 20)
  .action(async (files: string[], opts) => {
    const { matchEvents } = await import('./commands/match.js');
    process.exitCode = await matchEvents(files, opts);
  });

program
  .command('scan')
  .description(
    'find malicious CronJobs, Jobs and workloads in Kubernetes audit logs and explain each finding',
  )
  .argument(
    '<paths...>',
    "audit log files or directories (.gz read transparently), or '-' for stdin",
  )
  .addOption(
    new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
  )
  .addOption(
    new Option('--min-severity <severity>', 'hide alerts below this severity')
      .choices(SEVERITIES)
      .default('low'),
  )
  .option('-r, --rules <paths...>', 'extra Sigma rule files or directories')
  .option('--no-builtin-rules', 'do not load the built-in rule pack')
  .option(
    '--eql <paths...>',
    'Elastic EQL queries (.eql, .toml, .yaml files or directories) to run too',
  )
  .addOption(
    new Option('--eql-dialect <dialect>', 'how EQL regexes and wildcards match')
      .choices(EQL_DIALECTS)
      .default('elastic'),
  )
  .option('-c, --config <file>', 'tuning config (exceptions), see examples/config.yaml')
  .addOption(
    new Option(
      '--fail-on <severity>',
      'exit with status 1 when an alert at or above this exists',
    ).choices(SEVERITIES),
  )
  .option('--stats', 'print counters, per-file formats and input problems (JSON on stderr)')
  .addOption(
    new Option('--input-format <format>', 'input format (default: detected per file)')
      .choices(INPUT_FORMATS)
      .default('auto'),
  )
  .option('--max-errors <n>', 'input problems to print before summarising', positiveInt, 20)
  .option('--strict', 'exit with status 2 if any rule fails to load')
  .option('--color', 'colour the text output even when stdout is not a terminal')
  .option('--no-progress', 'no progress line on stderr')
  .option(
    '--workers <n>',
    'threads that parse and assess events (default: number of cores; 1 = no worker threads)',
    positiveInt,
  )
  .addOption(
    new Option('--sort <order>', 'alert order: where each request was logged, or by time')
      .choices(['input', 'time'])
      .default('input'),
  )
  .option(
    '--no-prefilter',
    'parse every line, even those no rule can match (also reports every malformed line)',
  )
  .action(async (paths: string[], opts) => {
    const { scan } = await import('./commands/scan.js');
    process.exitCode = await scan(paths, opts);
  });

program
  .command('emulate')
  .description(
    'adversary emulation: list the scenario catalogue, write the audit events it produces, or print kubectl steps',
  )
  .option('-s, --scenario <ids...>', 'only these scenarios (default: the whole catalogue)')
  .addOption(
    new Option('--kind <kind>', 'only attacks or only benign scenarios').choices([
      'attack',
      'benign',
    ]),
  )
  .option('-o, --out <file>', "write the scenarios' audit events as JSON lines ('-' for stdout)")
  .option(
    '--labels <file>',
    'with --out: write which auditIDs belong to which scenario (for validate)',
  )
  .option(
    '--kubectl',
    'print manifests, kubectl commands and cleanup to run the scenarios on a test cluster',
  )
  .addOption(
    new Option('--format <format>', 'listing format').choices(['text', 'json']).default('text'),
  )
  .option('--start <time>', 'time of the first request (default 2026-11-02T09:00:00Z)')
  .option('--seed <text>', 'changes every generated id, deterministically')
  .action(async (opts) => {
    const { emulateCommand } = await import('./commands/emulate.js');
    process.exitCode = emulateCommand(opts, processIo);
  });

program
  .command('generate')
  .description(
    'write a realistic, deterministic audit log of any size with the attack catalogue planted in it (docs/generate.md)',
  )
  .option('-o, --out <file>', "where to write the audit log ('-' for stdout)")
  .option(
    '--size <size>',
    'stop at the first line boundary at or after this size (500MB, 1GB, 64MiB)',
    '100MB',
  )
  .option('--seed <text>', 'the same seed and options always give the same bytes')
  .option('--labels <file>', 'write which auditIDs belong to which planted attack (for validate)')
  .option(
    '--summary <file>',
    'write a JSON summary: bytes, lines, mix, planted scenarios and auditIDs',
  )
  .option('--gzip', 'gzip the output (default when --out ends in .gz)')
  .option('--gzip-level <n>', 'gzip compression level, 1 to 9 (default 6)')
  .option(
    '--attacks <spec...>',
    'attack scenarios to plant: all (default), none, a count, or scenario ids',
  )
  .option(
    '--mix <shares>',
    'line shares in percent, e.g. reads=60,leases=20,events=8,workloads=3.5',
  )
  .option('--rate <n>', 'requests per second the simulated API server receives (default 300)')
  .option('--nodes <n>', 'nodes in the simulated cluster (default 60)')
  .option('--start <time>', 'time of the first request (default 2026-11-02T09:00:00Z)')
  .option('--big-every <n>', 'one write over 70 KB every n requests, 0 for none (default 2500)')
  .action(async (opts) => {
    const { generateCommand } = await import('./commands/generate.js');
    process.exitCode = await generateCommand(opts, processIo);
  });

program
  .command('validate')
  .description(
    'run the scenario catalogue (or a labelled audit log) through every engine side by side and print the coverage matrix',
  )
  .argument('[paths...]', 'audit logs to validate instead of the catalogue (needs --labels)')
  .option(
    '--labels <file>',
    'which auditIDs of the logs belong to which scenario (see emulate --labels)',
  )
  .option('-s, --scenario <ids...>', 'only these catalogue scenarios')
  .addOption(
    new Option('--kind <kind>', 'only attacks or only benign scenarios').choices([
      'attack',
      'benign',
    ]),
  )
  .option('-r, --rules <paths...>', 'Sigma rule files or directories: one engine column each')
  .option('--no-builtin-rules', 'leave out the built-in rule pack column')
  .option('-c, --config <file>', 'tuning config applied to the Sigma engines')
  .option(
    '--eql <paths...>',
    'EQL query files or directories: one column per path and dialect (default: the reference query)',
  )
  .option('--no-eql', 'run no EQL queries')
  .addOption(
    new Option('--eql-dialect <dialect>', 'EQL dialect(s) to run')
      .choices([...EQL_DIALECTS, 'both'])
      .default('both'),
  )
  .option(
    '--gate <engines...>',
    "engines whose misses or false positives fail validation (default: builtin; 'all')",
  )
  .addOption(
    new Option('--format <format>', 'output format')
      .choices(['text', 'md', 'json'])
      .default('text'),
  )
  .option('--strict', 'exit with status 2 if any rule or query fails to load')
  .addOption(
    new Option('--input-format <format>', 'input format of the logs')
      .choices(INPUT_FORMATS)
      .default('auto'),
  )
  .action(async (paths: string[], opts) => {
    const { validateCommand } = await import('./commands/validate.js');
    process.exitCode = await validateCommand(paths, { ...opts, eql: opts.eql ?? true }, processIo);
  });

program
  .command('serve')
  .description(
    'run the service: audit webhook, log follower, admission webhook, alert store and sinks (docs/serve.md)',
  )
  .option(
    '-c, --config <file>',
    'serve config (YAML): sinks, retention, exceptions, rules, and the flags below',
  )
  .option('--listen <host:port>', 'address to listen on (default 127.0.0.1:8443)')
  .option('--store <path>', 'SQLite alert store (default cronwarden.db)')
  .option('--tls-cert <file>', 'TLS certificate (PEM); without it the server speaks plain HTTP')
  .option('--tls-key <file>', 'TLS private key (PEM)')
  .option('--client-ca <file>', 'CA whose client certificates may call the webhooks (mTLS)')
  .option('--audit-token <token>', 'bearer token the audit webhook requires')
  .option('--follow <paths...>', 'audit log files or directories to tail, with checkpoints')
  .addOption(
    new Option('--admission-mode <mode>', 'admission webhook: deny, warn or only annotate').choices(
      ['enforce', 'warn', 'audit'],
    ),
  )
  .addOption(
    new Option(
      '--admission-deny-severity <severity>',
      'enforce mode denies at this severity and above',
    ).choices(SEVERITIES),
  )
  .option(
    '--insecure-http',
    'allow plain HTTP on a non-loopback address (TLS terminated elsewhere)',
  )
  .option(
    '--allow-unauthenticated',
    'serve a non-loopback address without --audit-token or --client-ca (an authenticating proxy in front)',
  )
  .action(async (opts) => {
    const { serveCommand } = await import('./commands/serve.js');
    process.exitCode = await serveCommand(opts);
  });

try {
  await program.parseAsync();
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  // Commander has printed the message (or the help) already.
  const ok = e.code === 'commander.helpDisplayed' || e.code === 'commander.version';
  process.exitCode = ok ? 0 : 2;
}
