import { describe, expect, it } from 'vitest';
import { controlPlaneEvidence } from '../../src/normalize/control-plane.js';

describe('controlPlaneEvidence', () => {
  it('finds selectors, affinity and tolerations aimed at control-plane nodes', () => {
    expect(
      controlPlaneEvidence({
        nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
        tolerations: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' },
                  ],
                },
              ],
            },
          },
        },
      }),
    ).toEqual([
      'nodeSelector node-role.kubernetes.io/control-plane',
      'nodeAffinity node-role.kubernetes.io/control-plane Exists',
      'toleration node-role.kubernetes.io/master',
    ]);
  });

  it('treats a keyless Exists toleration as tolerating the control-plane taint', () => {
    expect(controlPlaneEvidence({ tolerations: [{ operator: 'Exists' }] })).toHaveLength(1);
  });

  it('ignores ordinary scheduling and anti-affinity to control-plane nodes', () => {
    expect(
      controlPlaneEvidence({
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' },
                  ],
                },
              ],
            },
          },
        },
      }),
    ).toEqual([]);
  });
});
