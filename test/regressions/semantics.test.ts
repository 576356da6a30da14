import { describe, expect, it } from 'vitest';
import { loadRuleSources } from '../../src/sigma/index.js';

function load(text: string) {
  return loadRuleSources([{ file: 'x.yml', text }]);
}

describe('matching semantics', () => {
  it('YAML merge keys (`<<: *base`) work, as positioned.ts intends (merge: true + mergeInto)', () => {
    // yaml 2 gives the merge key a Symbol value, so String(key) is 'Symbol(<<)', never '<<':
    // the rule is rejected with "'Symbol(<<)' has a map as its value".
    const text = `title: t
logsource: {product: k}
x-base: &base
  objectRef.resource: cronjobs
detection:
  sel:
    <<: *base
    verb: create
  condition: sel
`;
    const l = load(text);
    expect(l.diagnostics.map((d) => d.message)).toEqual([]);
    expect(l.ruleSet.test({ verb: 'create', objectRef: { resource: 'cronjobs' } })).toEqual([0]);
  });

  it('an unquoted number under a string modifier keeps the text written (10.0, not 10)', () => {
    // lower.ts: text = String(value) turns the YAML float 10.0 into '10', so
    // `startswith: 10.0` matches '100.64.1.1' (pySigma uses str(10.0) == '10.0').
    const text = `title: t
logsource: {product: k}
detection:
  sel:
    sourceIPs|startswith: 10.0
  condition: sel
`;
    const { ruleSet } = load(text);
    expect(ruleSet.test({ sourceIPs: ['10.0.3.4'] })).toEqual([0]);
    expect(ruleSet.test({ sourceIPs: ['100.64.1.1'] })).toEqual([]);
  });

  it('case-insensitive contains is not stricter than cased contains (final sigma)', () => {
    // Both sides are lowercased as whole strings: 'ΑΣ' alone -> 'ας', but inside 'ΑΣΒ' -> 'ασβ'.
    const rule = (mods: string) => `title: t
logsource: {product: k}
detection:
  sel:
    f|${mods}: "ΑΣ"
  condition: sel
`;
    const event = { f: 'xΑΣΒ' };
    expect(load(rule('cased|contains')).ruleSet.test(event)).toEqual([0]);
    expect(load(rule('contains')).ruleSet.test(event)).toEqual([0]);
  });
});

describe('compiled once, shared', () => {
  it('one filter for `any` rule suppresses matches in every rule and labels its evidence', () => {
    const rule = (id: string, verb: string): string =>
      `title: r ${id}\nid: ${id}\nlogsource: {product: kubernetes}\ndetection:\n  sel: {verb: ${verb}}\n  condition: sel\n`;
    const filter =
      'title: ci\nid: f-ci\nlogsource: {product: kubernetes}\nfilter:\n  rules: any\n  ci:\n    user.username|startswith: "system:serviceaccount:ci:"\n  condition: not ci\n';
    const { ruleSet, diagnostics } = loadRuleSources([
      { file: 'a.yml', text: rule('r-a', 'create') },
      { file: 'b.yml', text: rule('r-b', 'create') },
      { file: 'f.yml', text: filter },
    ]);
    expect(diagnostics).toEqual([]);
    expect(ruleSet.test({ verb: 'create', user: { username: 'alice' } })).toEqual([0, 1]);
    expect(
      ruleSet.test({ verb: 'create', user: { username: 'system:serviceaccount:ci:bot' } }),
    ).toEqual([]);
    expect(ruleSet.filtersFor(0).map((f) => f.id)).toEqual(['f-ci']);
    expect(ruleSet.filtersFor(1).map((f) => f.id)).toEqual(['f-ci']);
  });

  it('evidence shows a number as the rule wrote it', () => {
    const text =
      'title: t\nlogsource: {product: k}\ndetection:\n  s:\n    ip|startswith: 10.0\n  condition: s\n';
    const [m] = loadRuleSources([{ file: 'x.yml', text }]).ruleSet.match({ ip: '10.0.3.4' });
    expect(m?.evidence[0]?.pattern).toBe('startswith:10.0');
  });
});
