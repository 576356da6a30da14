import { describe, expect, it } from 'vitest';
import { CronExpressionParser } from 'cron-parser';
import { scheduleFacts } from '../../src/normalize/schedule.js';

describe('scheduleFacts', () => {
  it.each([
    ['* * * * *', 60],
    ['*/5 * * * *', 300],
    ['0-59/2 * * * *', 120],
    ['1,2,3 * * * *', 60],
    ['0 * * * *', 3600],
    ['@hourly', 3600],
    ['@daily', 86400],
    ['0 3 * * 1', 604800],
    ['30 2 1 * *', 28 * 86400],
  ])('%s runs at most every %d s', (schedule, seconds) => {
    expect(scheduleFacts(schedule)).toEqual({ intervalSeconds: seconds, error: null });
  });

  it.each(['bogus', '* * * *', 'TZ=UTC * * * * *', '61 * * * *', 'x'.repeat(300)])(
    'reports %j as unreadable instead of throwing',
    (schedule) => {
      const facts = scheduleFacts(schedule);
      expect(facts.intervalSeconds).toBeNull();
      expect(facts.error).toBeTruthy();
    },
  );
});

/** The walk scheduleFacts used to run for every schedule, kept here as the reference. */
function walkedGap(text: string): number | null {
  const start = new Date('2026-01-01T00:00:00Z');
  const expr = CronExpressionParser.parse(text, { currentDate: start, tz: 'UTC' });
  let previous = expr.next().getTime();
  let shortest = Infinity;
  for (let i = 1; i < 3000 && expr.hasNext(); i++) {
    const next = expr.next().getTime();
    shortest = Math.min(shortest, next - previous);
    if (next - start.getTime() > 400 * 86_400_000 || shortest <= 60_000) break;
    previous = next;
  }
  return Number.isFinite(shortest) ? shortest / 1000 : null;
}

describe('scheduleFacts without walking (days decided by the weekday)', () => {
  const schedules = [
    '*/5 * * * *',
    '0 0,23 * * *',
    '0,59 23 * * *',
    '0 0 * 2 *',
    '*/7 */3 * * *',
    '5-10 1 * 3,6 *',
    '30 2,14 * 1-6 *',
    '@daily',
    '@hourly',
    '*/13 * * * *',
    '1,2 0 * * *',
    '*/11 * * * 1-5',
    '0 3 * * 0',
    '30 23 * * 5,6',
    '0 0,12 * * 1,3,5',
    '15 8 * 6 2',
    '0 0 * * 6,0',
    '45 1 * * 7',
  ];
  for (let i = 0; i < 12; i++)
    schedules.push(
      `${i * 5},${(i * 7 + 1) % 60 === i * 5 ? 59 : (i * 7 + 1) % 60} ${(i * 5) % 24},${(i * 11 + 1) % 24 === (i * 5) % 24 ? 23 : (i * 11 + 1) % 24} * * *`,
    );
  it.each(schedules)('%s: the same gap as walking the runs', (s) => {
    expect(scheduleFacts(s).intervalSeconds).toBe(walkedGap(s));
  });
});
