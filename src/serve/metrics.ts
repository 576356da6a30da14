import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Alert } from '../alert/types.js';
import type { SinkDispatcher } from '../sink/index.js';

/** Why received audit events were not evaluated (`cronwarden_audit_events_dropped_total`). */
export type DropReason =
  /** Not an audit event (bad shape inside the batch). */
  | 'malformed'
  /** Well-formed records that are not audit events (a foreign export's other streams). */
  | 'skipped'
  /** The engine could not evaluate it (a rule or detector threw). */
  | 'evaluation_error'
  /** Its batch was answered 5xx (the store failed); the API server sends it again. */
  | 'unrecorded';

export type BatchResultLabel = 'recorded' | 'store_error' | 'bad_request';

/**
 * The server's Prometheus metrics, on a Registry of its own: two servers in one process (tests)
 * must not share counters, and the global registry would mix in whatever else the process has.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly eventsReceived: Counter;
  readonly eventsProcessed: Counter;
  readonly eventsDropped: Counter<'reason'>;
  readonly batches: Counter<'result'>;
  readonly alerts: Counter<'source' | 'severity'>;
  readonly alertsByRule: Counter<'rule'>;
  readonly followUps: Counter;
  readonly evaluation: Histogram<'endpoint'>;
  readonly admissionDecisions: Counter<'decision'>;

  constructor(sinks: SinkDispatcher) {
    const registers = [this.registry];
    this.eventsReceived = new Counter({
      name: 'cronwarden_audit_events_received_total',
      help: 'Audit events received on the webhook (malformed ones included).',
      registers,
    });
    this.eventsProcessed = new Counter({
      name: 'cronwarden_audit_events_processed_total',
      help: 'Audit events given to the detection engine.',
      registers,
    });
    this.eventsDropped = new Counter({
      name: 'cronwarden_audit_events_dropped_total',
      help: 'Audit events not evaluated, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.batches = new Counter({
      name: 'cronwarden_audit_batches_total',
      help: 'Audit webhook batches, by outcome.',
      labelNames: ['result'],
      registers,
    });
    this.alerts = new Counter({
      name: 'cronwarden_alerts_total',
      help: 'Alerts recorded, by source (audit, admission) and severity.',
      labelNames: ['source', 'severity'],
      registers,
    });
    this.alertsByRule = new Counter({
      name: 'cronwarden_alert_rule_matches_total',
      help: 'Rule matches in recorded alerts, by rule id (an alert counts once per rule).',
      labelNames: ['rule'],
      registers,
    });
    this.followUps = new Counter({
      name: 'cronwarden_follow_ups_total',
      help: 'Follow-up events linked to an alert instead of raising their own.',
      registers,
    });
    this.evaluation = new Histogram({
      name: 'cronwarden_evaluation_duration_seconds',
      help: 'Time to evaluate an audit batch (decode and detection) or an admission review.',
      labelNames: ['endpoint'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.admissionDecisions = new Counter({
      name: 'cronwarden_admission_decisions_total',
      help: 'Admission reviews answered, by decision (error: answered 500).',
      labelNames: ['decision'],
      registers,
    });
    const stats = () => Object.entries(sinks.stats());
    new Gauge({
      name: 'cronwarden_sink_queue_depth',
      help: 'Alerts waiting in each sink queue (in-flight deliveries not counted).',
      labelNames: ['sink'],
      registers,
      collect() {
        this.reset();
        for (const [sink, s] of stats()) this.set({ sink }, s.queueDepth);
      },
    });
    new Gauge({
      name: 'cronwarden_sink_alerts',
      help: 'Alerts per sink by outcome since start (sent, failed, filtered, dropped_<reason>).',
      labelNames: ['sink', 'outcome'],
      registers,
      collect() {
        this.reset();
        for (const [sink, s] of stats()) {
          this.set({ sink, outcome: 'sent' }, s.sent);
          this.set({ sink, outcome: 'failed' }, s.failed);
          this.set({ sink, outcome: 'filtered' }, s.filtered);
          for (const [reason, n] of Object.entries(s.dropped))
            this.set({ sink, outcome: `dropped_${reason}` }, n);
        }
      },
    });
  }

  alertRecorded(alert: Alert, source: 'audit' | 'admission'): void {
    this.alerts.inc({ source, severity: alert.severity });
    for (const m of alert.matches) this.alertsByRule.inc({ rule: m.ruleId });
  }
}
