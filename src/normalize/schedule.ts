import { CronExpressionParser, type CronExpression } from 'cron-parser';

export interface ScheduleFacts {
  intervalSeconds: number | null;
  error: string | null;
}

// Enough runs to cover every minute of two days, so `0-4 * * * *` and `* 3 * * *` show their
// real shortest gap; a schedule that fires rarely ends the walk early by date.
const MAX_RUNS = 3000;
const HORIZON_MS = 400 * 24 * 3600 * 1000;
const REFERENCE = new Date('2026-01-01T00:00:00Z');
const cache = new Map<string, ScheduleFacts>();
const CACHE_LIMIT = 1000;

/**
 * The shortest time between two runs of a CronJob schedule (the five-field cron syntax and the
 * @hourly-style macros Kubernetes accepts). Computed by walking the runs rather than from the
 * fields so that ranges, steps and lists all count.
 */
export function scheduleFacts(schedule: string): ScheduleFacts {
  const cached = cache.get(schedule);
  if (cached) return cached;
  const facts = compute(schedule);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(schedule, facts);
  return facts;
}

function compute(schedule: string): ScheduleFacts {
  const text = schedule.trim();
  if (text.length > 200)
    return { intervalSeconds: null, error: 'schedule longer than 200 characters' };
  if (/^(CRON_)?TZ=/.test(text)) {
    return { intervalSeconds: null, error: 'TZ= in the schedule is rejected by Kubernetes ≥ 1.27' };
  }
  const fields = text.startsWith('@') ? 1 : text.split(/\s+/).length;
  if (fields !== 1 && fields !== 5) {
    return { intervalSeconds: null, error: `expected 5 fields, found ${fields}` };
  }
  try {
    const expr = CronExpressionParser.parse(text, { currentDate: REFERENCE, tz: 'UTC' });
    const daily = everyDayGap(expr.fields);
    if (daily !== null) return { intervalSeconds: daily, error: null };
    let previous = expr.next().getTime();
    let shortest = Infinity;
    for (let i = 1; i < MAX_RUNS; i++) {
      if (!expr.hasNext()) break;
      const next = expr.next().getTime();
      shortest = Math.min(shortest, next - previous);
      if (next - REFERENCE.getTime() > HORIZON_MS || shortest <= 60_000) break;
      previous = next;
    }
    return { intervalSeconds: Number.isFinite(shortest) ? shortest / 1000 : null, error: null };
  } catch (e) {
    return { intervalSeconds: null, error: (e as Error).message };
  }
}

/**
 * The same answer as the walk, without walking, for schedules whose days are decided by the day
 * of the week alone (day of month `*`, which in cron leaves the weekdays to decide): the
 * shortest gap between run times within a day, or from the last run of a day to the first of
 * the next firing day. Every month holds every weekday, so months change nothing. Walking costs
 * 20-300 ms per distinct schedule, paid again by every scan worker and by the server.
 */
function everyDayGap(fields: CronExpression['fields']): number | null {
  if (!fields.dayOfMonth.isWildcard) return null;
  const days = [...new Set(fields.dayOfWeek.values.map((d) => Number(d) % 7))].sort(
    (a, b) => a - b,
  );
  if (days.length === 0) return null;
  let dayGap = 7 - days[days.length - 1]! + days[0]!;
  for (let i = 1; i < days.length; i++) dayGap = Math.min(dayGap, days[i]! - days[i - 1]!);
  const times: number[] = [];
  for (const h of fields.hour.values) for (const m of fields.minute.values) times.push(h * 60 + m);
  times.sort((a, b) => a - b);
  let shortest = dayGap * 1440 - times[times.length - 1]! + times[0]!;
  for (let i = 1; i < times.length; i++) shortest = Math.min(shortest, times[i]! - times[i - 1]!);
  return shortest * 60;
}
