import type { NormalizedEvent } from '../normalize/index.js';

/**
 * kubectl commands an analyst can paste to contain the object (suspend before delete, so the
 * evidence survives) and to look at who did it. Names come from the event, so they are quoted.
 */
export function suggestedResponse(n: NormalizedEvent): string[] {
  const { event, facts } = n;
  const ref = event.objectRef ?? {};
  const resource = ref.resource ?? '';
  const name = ref.name ?? facts.workload?.name ?? null;
  const namespace = ref.namespace ?? facts.workload?.namespace ?? null;
  const ns = namespace ? ` -n ${shellQuote(namespace)}` : '';
  const out: string[] = [];
  if (!facts.action.failed && name) {
    const target = `${singular(resource)} ${shellQuote(name)}`;
    out.push(`kubectl${ns} get ${target} -o yaml > ${shellQuote(`${name}.evidence.yaml`)}`);
    switch (resource) {
      case 'cronjobs':
        out.push(`kubectl${ns} patch ${target} --type=merge -p '{"spec":{"suspend":true}}'`);
        // Jobs a CronJob created carry no selectable label of its name: filter on the owner.
        out.push(
          `kubectl${ns} get jobs -o jsonpath=${shellQuote(`{range .items[?(@.metadata.ownerReferences[0].name=="${name}")]}{.metadata.name}{"\\n"}{end}`)}`,
        );
        out.push(`kubectl${ns} delete ${target}`);
        break;
      case 'jobs':
        out.push(`kubectl${ns} patch ${target} --type=merge -p '{"spec":{"suspend":true}}'`);
        out.push(`kubectl${ns} delete ${target} --cascade=foreground`);
        break;
      case 'deployments':
      case 'statefulsets':
      case 'replicasets':
      case 'replicationcontrollers':
        out.push(`kubectl${ns} scale ${target} --replicas=0`);
        out.push(`kubectl${ns} delete ${target}`);
        break;
      default:
        out.push(`kubectl${ns} delete ${target}`);
    }
  }
  const actor = facts.actor;
  if (actor.serviceAccountNamespace && actor.serviceAccountName) {
    out.push(
      `kubectl auth can-i --list --as=${shellQuote(actor.username)} -n ${shellQuote(actor.serviceAccountNamespace)}`,
    );
    if (actor.podName)
      out.push(
        `kubectl -n ${shellQuote(actor.serviceAccountNamespace)} get pod ${shellQuote(actor.podName)} -o yaml`,
      );
  } else if (actor.username && actor.type === 'user') {
    out.push(`kubectl auth can-i --list --as=${shellQuote(actor.username)}`);
  }
  return out;
}

function singular(resource: string): string {
  return resource.endsWith('s') ? resource.slice(0, -1) : resource || 'object';
}

/** POSIX single-quoting, skipped for the plain names Kubernetes normally allows. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9._:/=@-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
