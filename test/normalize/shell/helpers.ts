import {
  type CommandAnalysis,
  analyzeContainerCommand,
} from '../../../src/normalize/shell/index.js';

/** Analyzes `script` the way most CronJobs run one: `command: ["/bin/sh", "-c", script]`. */
export function analyzeScript(script: string, env: Record<string, string> = {}): CommandAnalysis {
  return analyzeContainerCommand(
    ['/bin/sh', '-c', script],
    undefined,
    new Map(Object.entries(env)),
  );
}

/** The commands found inside the script, without the `sh -c …` command itself. */
export function innerCommands(script: string, env: Record<string, string> = {}): string[] {
  return analyzeScript(script, env).commands.slice(1);
}
