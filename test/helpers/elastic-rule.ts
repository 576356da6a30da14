/** An Elastic detection-rules TOML file mapped to T1053.007 under the given tactic. */
export function elasticRuleToml(rule: {
  name: string;
  ruleId: string;
  severity: string;
  query: string;
  tactic: { id: string; name: string };
  extra?: string;
}): string {
  return `[rule]
name = "${rule.name}"
rule_id = "${rule.ruleId}"
severity = "${rule.severity}"
type = "eql"
language = "eql"
${rule.extra ?? ''}query = '''
${rule.query}
'''

[[rule.threat]]
framework = "MITRE ATT&CK"
[[rule.threat.technique]]
id = "T1053"
name = "Scheduled Task/Job"
[[rule.threat.technique.subtechnique]]
id = "T1053.007"
name = "Container Orchestration Job"
[rule.threat.tactic]
id = "${rule.tactic.id}"
name = "${rule.tactic.name}"
`;
}
