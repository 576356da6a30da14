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
