import { helmDeployer } from '../emulate/catalogue/actors.js';
import { fieldsV1 } from '../emulate/managed-fields.js';
import { goJson } from '../emulate/render.js';
import type { JsonObject } from '../emulate/json.js';
import { secondsTime } from '../emulate/ids.js';
import { crdSchema, dashboard } from './big-objects.js';
import { OTHER } from './categories.js';
import type { Traffic } from './context.js';
import { stageLine, receivedLine, type Request } from './envelope.js';
import { who, type Who } from './identity.js';
import type { RequestPrototype } from './prototypes.js';
import type { Rng } from './random.js';
import { K, pathOf, refJson, type Kind } from './resources.js';
import {
  compile,
  markTimes,
  MARK,
  PROTOTYPE_MICROS,
  TokenTable,
  type Template,
} from './template.js';

/** A write with a body of tens or hundreds of kilobytes, as prototypes to emit now and then. */
export interface BigWrites {
  tokens: TokenTable;
  writes: RequestPrototype[];
}

const LATENCY = 38_000;

/**
 * Dashboards ConfigMaps synced by Argo CD and CRDs upgraded by Helm: the lines over 70 KB a
 * real audit log has (RequestResponse keeps both bodies).
 */
export function buildBigWrites(rng: Rng, argocd: Who): BigWrites {
  const tokens = new TokenTable();
  const writes: RequestPrototype[] = [];
  for (const [title, panels] of [
    ['Kubernetes Compute Resources', 30],
    ['Node Exporter Full', 44],
    ['Ingress NGINX Request Handling', 36],
  ] as const) {
    const name = `grafana-dashboards-${title.toLowerCase().replaceAll(' ', '-')}`;
    const data = { [`${name}.json`]: dashboard(rng, title, panels) };
    writes.push(
      update(tokens, argocd, K.configmaps, 'monitoring', name, 'ConfigMap', 'v1', { data }),
    );
  }
  const helm = who(helmDeployer);
  for (const [plural, kind, group] of [
    ['prometheuses', 'Prometheus', 'monitoring.coreos.com'],
    ['alertmanagerconfigs', 'AlertmanagerConfig', 'monitoring.coreos.com'],
  ] as const) {
    const schema = crdSchema(rng, 3, 13);
    writes.push(
      update(
        tokens,
        helm,
        K.crds,
        undefined,
        `${plural}.${group}`,
        'CustomResourceDefinition',
        'apiextensions.k8s.io/v1',
        {
          spec: {
            group,
            names: {
              plural,
              singular: kind.toLowerCase(),
              kind,
              listKind: `${kind}List`,
              categories: ['prometheus-operator'],
            },
            scope: 'Namespaced',
            versions: [
              {
                name: 'v1',
                served: true,
                storage: true,
                schema: { openAPIV3Schema: schema },
                subresources: { status: {} },
              },
            ],
            conversion: { strategy: 'None' },
          },
        },
      ),
    );
  }
  return { tokens, writes };
}

function update(
  tokens: TokenTable,
  actor: Who,
  kind: Kind,
  namespace: string | undefined,
  name: string,
  objectKind: string,
  apiVersion: string,
  content: JsonObject,
): RequestPrototype {
  const created = PROTOTYPE_MICROS - 40 * 86_400_000_000;
  const meta = (resourceVersion: string, micros: number): JsonObject => ({
    name,
    ...(namespace ? { namespace } : {}),
    uid: `${MARK}u1${MARK}`,
    resourceVersion,
    ...(kind === K.crds ? { generation: 7 } : {}),
    creationTimestamp: secondsTime(created),
    labels: {
      'app.kubernetes.io/managed-by': kind === K.crds ? 'Helm' : 'argocd',
      ...(kind === K.configmaps ? { grafana_dashboard: '1' } : {}),
    },
    managedFields: [
      {
        manager: actor.actor.userAgent.split('/')[0],
        operation: 'Update',
        apiVersion,
        time: secondsTime(micros),
        fieldsType: 'FieldsV1',
        fieldsV1: fieldsV1({ metadata: { labels: {} }, ...content }),
      },
    ],
  });
  const body = (rv: string, micros: number) => ({
    kind: objectKind,
    apiVersion,
    metadata: meta(rv, micros),
    ...content,
  });
  const previous = `${MARK}r2${MARK}`;
  const r: Request = {
    level: 'RequestResponse',
    verb: 'update',
    uri: pathOf(kind, namespace, name),
    who: actor,
    urlRef: refJson(kind, namespace, name),
    ref: refJson(kind, namespace, name, { uid: `${MARK}u1${MARK}`, resourceVersion: previous }),
    status: '{"metadata":{},"code":200}',
    bodies: `,"requestObject":${goJson(body(previous, created))},"responseObject":${goJson(body(`${MARK}r3${MARK}`, PROTOTYPE_MICROS))}`,
  };
  const at = (micros: number) => new Date(micros / 1000).toISOString().replace('Z', '000Z');
  const text = (line: string): Template => compile(markTimes(line), tokens);
  const auditID = `${MARK}u0${MARK}`;
  return {
    received: text(receivedLine(r, auditID, at(PROTOTYPE_MICROS))),
    complete: text(
      stageLine(
        r,
        auditID,
        'ResponseComplete',
        at(PROTOTYPE_MICROS),
        at(PROTOTYPE_MICROS + LATENCY),
      ),
    ),
    receivedOffset: 0,
    completeOffset: LATENCY,
  };
}

export function bigWrite(t: Traffic, big: BigWrites): void {
  const p = t.rng.pick(big.writes);
  t.prototypes([p], t.emission(big.tokens.size, t.now - PROTOTYPE_MICROS), OTHER);
}
