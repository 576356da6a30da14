import { describe, expect, it } from 'vitest';
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
