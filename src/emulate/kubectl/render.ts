import type { Scenario } from '../types.js';
import { payloadHosts } from './payload-hosts.js';
import { kubectlPlan, type KubectlPlan } from './plan.js';
import { comment, heredoc } from './quote.js';

export interface RenderOptions {
  /** The environment variable the script insists on; CRONWARDEN_TEST_CLUSTER by default. */
  guardVariable?: string;
}

/** Greedy word wrap for the banner's lists of addresses. */
function wrap(text: string, width = 92, indent = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = indent + word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

function banner(scenarios: Scenario[], guard: string): string[] {
  const hosts = payloadHosts(scenarios);
  const lines = [
    'cronwarden emulate --kubectl: the kubectl requests behind each scenario, and their cleanup.',
    'NOTHING HAS BEEN APPLIED: this is only text. Run it ONLY against a disposable test cluster',
    '(kind, minikube, k3d) that nothing else uses: these manifests contain real attack payloads',
    '(reverse shells, cryptominers, container escapes, host mounts, privileged pods).',
    'Usage: read it first, then  ' + guard + '=yes bash plan.sh [run|cleanup]',
    'Manifests are written to the current directory; cleanup deletes them and every object the',
    'scenarios created. Commands use --as to emulate service accounts, nodes and anonymous users,',
    'which needs a kubeconfig allowed to impersonate (cluster-admin).',
    'CHECK THE PAYLOAD ADDRESSES before running:',
  ];
  if (hosts.documentation.length)
    lines.push(
      ...wrap(
        `- ${hosts.documentation.join(', ')}: RFC 5737 documentation ranges, unroutable on the internet, so reverse shells and downloads to them fail unless your network routes them.`,
      ),
    );
  if (hosts.privateIps.length)
    lines.push(
      ...wrap(
        `- ${hosts.privateIps.join(', ')}: private or wildcard addresses (a scan range, a listener), inside your own network.`,
      ),
    );
  if (hosts.publicIps.length)
    lines.push(...wrap(`- PUBLIC addresses in payloads: ${hosts.publicIps.join(', ')}.`));
  if (hosts.names.length)
    lines.push(
      ...wrap(
        `- host names in payloads, which DO resolve: ${hosts.names.join(', ')}. Mining pools among them are real services: block egress from the test cluster.`,
      ),
    );
  lines.push(
    'Images are pulled from public registries and some are real tools (miners, socat, docker);',
    'registry.acme-corp.io images are fictional, so those pods stay in ImagePullBackOff, which',
    'changes nothing in the API requests cronwarden reads.',
  );
  return lines;
}

function scenarioBlock(plan: KubectlPlan): string {
  const out: string[] = [
    '',
    comment('='.repeat(78)),
    comment(plan.header.join('\n')),
    comment('='.repeat(78)),
  ];
  out.push('if [ "$mode" = run ]; then');
  const yamlOf = new Map(plan.manifests.map((m) => [m.file, m.yaml]));
  let section = '';
  for (const cmd of plan.commands) {
    const now = cmd.setup ? 'setup' : 'scenario';
    if (now !== section) out.push(comment(`--- ${now} ---`));
    section = now;
    if (cmd.comment) out.push(comment(cmd.comment));
    if (cmd.manifest) out.push(heredoc(cmd.manifest, yamlOf.get(cmd.manifest) ?? ''));
    out.push(cmd.command);
  }
  const cleanup = plan.cleanup.some((l) => !l.startsWith('#')) ? [] : [': nothing to undo'];
  out.push('else', comment('--- cleanup ---'), ...plan.cleanup, ...cleanup, 'fi');
  return out.join('\n');
}

/** The whole runnable script for the given scenarios. */
export function renderKubectlPlan(scenarios: Scenario[], opts: RenderOptions = {}): string {
  const guard = opts.guardVariable ?? 'CRONWARDEN_TEST_CLUSTER';
  const head = [
    '#!/usr/bin/env bash',
    comment(banner(scenarios, guard).join('\n')),
    'set -euo pipefail',
    'mode="${1:-run}"',
    'case "$mode" in run | cleanup) ;; *) echo "usage: $0 [run|cleanup]" >&2; exit 2 ;; esac',
    `if [ "\${${guard}:-}" != yes ]; then`,
    `  echo "refusing: check that $(kubectl config current-context 2>/dev/null || echo 'your current context') is a disposable test cluster, then set ${guard}=yes" >&2`,
    '  exit 1',
    'fi',
  ];
  return `${[...head, ...scenarios.map((s) => scenarioBlock(kubectlPlan(s)))].join('\n')}\n`;
}
