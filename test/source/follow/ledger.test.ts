import { describe, expect, it } from 'vitest';
import { AckLedger } from '../../../src/source/follow/ledger.js';

describe('AckLedger', () => {
  it('commits a line end only once every item up to it is acknowledged', () => {
    const ledger = new AckLedger({ offset: 10, line: 2 });
    const [a] = ledger.deliver(1, { offset: 20, line: 3 });
    const [b, c] = ledger.deliver(2, { offset: 30, line: 4 });
    expect(ledger.committed()).toEqual({ offset: 10, line: 2 });
    ledger.ack(b!);
    expect(ledger.committed()).toEqual({ offset: 20, line: 3 }); // c of line 4 still open
    ledger.ack(a!); // an older ack changes nothing
    expect(ledger.committed()).toEqual({ offset: 20, line: 3 });
    ledger.ack(c!);
    expect(ledger.committed()).toEqual({ offset: 30, line: 4 });
    expect(ledger.settled()).toBe(true);
  });

  it('lets item-less lines ride with the items before them, in one boundary', () => {
    const ledger = new AckLedger({ offset: 0, line: 0 });
    ledger.deliver(0, { offset: 1, line: 1 }); // nothing before it: committed at once
    expect(ledger.committed()).toEqual({ offset: 1, line: 1 });
    const [a] = ledger.deliver(1, { offset: 10, line: 2 });
    for (let i = 3; i < 1000; i++) ledger.deliver(0, { offset: i * 10, line: i });
    expect(ledger.committed()).toEqual({ offset: 1, line: 1 });
    ledger.ack(a!);
    expect(ledger.committed()).toEqual({ offset: 9990, line: 999 });
  });

  it('ignores acks of items it never delivered', () => {
    const ledger = new AckLedger({ offset: 0, line: 0 });
    ledger.ack(5);
    const [a] = ledger.deliver(1, { offset: 10, line: 1 });
    expect(ledger.committed()).toEqual({ offset: 0, line: 0 });
    ledger.ack(a!);
    expect(ledger.committed()).toEqual({ offset: 10, line: 1 });
  });
});
