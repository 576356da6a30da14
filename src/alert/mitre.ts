/** ATT&CK tactic tags as Sigma writes them (`attack.privilege-escalation`) → tactic name. */
const TACTICS: ReadonlyMap<string, string> = new Map([
  ['reconnaissance', 'Reconnaissance'],
  ['resource-development', 'Resource Development'],
  ['initial-access', 'Initial Access'],
  ['execution', 'Execution'],
  ['persistence', 'Persistence'],
  ['privilege-escalation', 'Privilege Escalation'],
  ['defense-evasion', 'Defense Evasion'],
  ['credential-access', 'Credential Access'],
  ['discovery', 'Discovery'],
  ['lateral-movement', 'Lateral Movement'],
  ['collection', 'Collection'],
  ['command-and-control', 'Command and Control'],
  ['exfiltration', 'Exfiltration'],
  ['impact', 'Impact'],
]);

/** `Privilege Escalation` or `privilege_escalation` → `attack.privilege-escalation`; null if no tactic. */
export function tacticTag(name: string): string | null {
  const key = name.trim().toLowerCase().replaceAll(/[ _]+/g, '-');
  return TACTICS.has(key) ? `attack.${key}` : null;
}

/** Tactic names and technique ids (`T1053.007`) from the tags of every matched rule. */
export function mitreFromTags(tags: Iterable<string>): { tactics: string[]; techniques: string[] } {
  const tactics = new Set<string>();
  const techniques = new Set<string>();
  for (const raw of tags) {
    const tag = raw.toLowerCase();
    if (!tag.startsWith('attack.')) continue;
    const rest = tag.slice(7);
    if (/^t\d{4}(\.\d{3})?$/.test(rest)) techniques.add(rest.toUpperCase());
    else {
      // Sigma v1 wrote tactics with underscores.
      const name = TACTICS.get(rest.replaceAll('_', '-'));
      if (name) tactics.add(name);
    }
  }
  return { tactics: [...tactics].sort(), techniques: [...techniques].sort() };
}
