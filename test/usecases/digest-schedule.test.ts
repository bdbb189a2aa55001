/**
 * When digests run: `09:00 Europe/Berlin` is 08:00Z in winter and 07:00Z in summer, switching on the last Sunday
 * of March and of October; `America/New_York` switches on the second Sunday of March and the first of November.
 * The same computation BullMQ's job schedulers use (`getNextMillis`), so both schedulers agree.
 */
import { describe, expect, it } from 'vitest';
import { cronPatternFor, dayInZone, isSchedulableZone, nextRunAt } from '../../src/usecases/digest-schedule.js';

function runs(at: string, timeZone: string, from: string, n: number): string[] {
  const out: string[] = [];
  let t = new Date(from);
  for (let i = 0; i < n; i++) {
    const next = nextRunAt({ at, timeZone }, t);
    if (!next) throw new Error('no next run');
    out.push(next.toISOString());
    t = next;
  }
  return out;
}

describe('digest schedule', () => {
  it.each([
    ['09:00', '0 9 * * *'],
    ['00:05', '5 0 * * *'],
    ['23:59', '59 23 * * *'],
  ])('%s becomes the cron pattern %s', (at, pattern) => {
    expect(cronPatternFor(at)).toBe(pattern);
  });

  it.each(['24:00', '9:00', '09:60', '0900', ''])('%s is not a time', (at) => {
    expect(cronPatternFor(at)).toBeUndefined();
    expect(nextRunAt({ at, timeZone: 'UTC' }, new Date())).toBeUndefined();
  });

  it('09:00 Europe/Berlin across the last Sunday of March: 08:00Z, then 07:00Z', () => {
    expect(runs('09:00', 'Europe/Berlin', '2026-03-27T12:00:00Z', 4)).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
    ]);
  });

  it('09:00 Europe/Berlin across the last Sunday of October: 07:00Z, then 08:00Z', () => {
    expect(runs('09:00', 'Europe/Berlin', '2026-10-23T12:00:00Z', 3)).toEqual([
      '2026-10-24T07:00:00.000Z',
      '2026-10-25T08:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ]);
  });

  it('09:00 America/New_York across both of its changes', () => {
    expect(runs('09:00', 'America/New_York', '2026-03-06T20:00:00Z', 3)).toEqual([
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
    expect(runs('09:00', 'America/New_York', '2026-10-30T20:00:00Z', 3)).toEqual([
      '2026-10-31T13:00:00.000Z',
      '2026-11-01T14:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
    ]);
  });

  it('a local time skipped by the spring change runs once that day, an hour later; a doubled one runs once', () => {
    const spring = runs('02:30', 'Europe/Berlin', '2026-03-28T12:00:00Z', 2);
    expect(spring).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(spring.map((t) => dayInZone(new Date(t), 'Europe/Berlin'))).toEqual(['2026-03-29', '2026-03-30']);
    const autumn = runs('02:30', 'Europe/Berlin', '2026-10-24T12:00:00Z', 2);
    expect(autumn).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
    expect(autumn.map((t) => dayInZone(new Date(t), 'Europe/Berlin'))).toEqual(['2026-10-25', '2026-10-26']);
  });

  it('the run exactly at its time is not the next run: the one after is', () => {
    expect(nextRunAt({ at: '09:00', timeZone: 'Europe/Berlin' }, new Date('2026-03-29T07:00:00Z'))).toEqual(
      new Date('2026-03-30T07:00:00Z'),
    );
  });

  it('counts a run for the day in the subscription’s zone, not in UTC', () => {
    const instant = new Date('2026-05-01T23:30:00Z');
    expect(dayInZone(instant, 'UTC')).toBe('2026-05-01');
    expect(dayInZone(instant, 'Europe/Berlin')).toBe('2026-05-02');
    expect(dayInZone(instant, 'America/New_York')).toBe('2026-05-01');
    expect(dayInZone(new Date('2026-05-02T02:30:00Z'), 'Pacific/Auckland')).toBe('2026-05-02');
  });

  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Etc/GMT+5', true],
    ['Mars/Olympus', false],
    ['', false],
  ])('%s is a schedulable zone: %s', (zone, ok) => {
    expect(isSchedulableZone(zone)).toBe(ok);
  });
});
