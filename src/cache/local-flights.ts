/**
 * In-process single-flight: concurrent calls for one key share one running load. The memory cache uses it as
 * its whole single-flight; the Redis cache puts it in front of the cross-replica lock so that a burst inside
 * one replica costs one lock attempt, not one per caller.
 *
 * Lease and wait are real-time bounds (timers), not the cache's TTL clock: they guard against a hung load, which
 * no fake clock can speed up.
 */
import { DEFAULT_LEASE_MS, type SingleFlightOptions, SingleFlightTimeoutError } from './cache.js';

interface Flight {
  promise: Promise<unknown>;
  /** Resolves when the lease runs out while the load is still going. */
  leaseOver: Promise<void>;
  expired: boolean;
}

export type LocalFlights = <T>(key: string, load: () => Promise<T>, opts: SingleFlightOptions) => Promise<T>;

const LEASE_OVER = Symbol('lease over');
const TIMED_OUT = Symbol('timed out');

export function createLocalFlights(): LocalFlights {
  const flights = new Map<string, Flight>();

  function start(key: string, load: () => Promise<unknown>, leaseMs: number): Flight {
    let timer: NodeJS.Timeout | undefined;
    const flight: Flight = {
      promise: Promise.resolve().then(load),
      leaseOver: new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          flight.expired = true;
          resolve();
        }, leaseMs);
        timer.unref();
      }),
      expired: false,
    };
    flights.set(key, flight);
    const settle = () => {
      clearTimeout(timer);
      if (flights.get(key) === flight) flights.delete(key);
    };
    flight.promise.then(settle, settle);
    return flight;
  }

  return async function run<T>(key: string, load: () => Promise<T>, opts: SingleFlightOptions): Promise<T> {
    const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    const deadline = Date.now() + opts.waitMs;
    for (;;) {
      const current = flights.get(key);
      if (current === undefined || current.expired) return (await start(key, load, leaseMs).promise) as T;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new SingleFlightTimeoutError(key, opts.waitMs);
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        current.promise,
        current.leaseOver.then(() => LEASE_OVER),
        new Promise<typeof TIMED_OUT>((resolve) => {
          timer = setTimeout(() => resolve(TIMED_OUT), remaining);
        }),
      ]).finally(() => clearTimeout(timer));
      if (outcome === TIMED_OUT) throw new SingleFlightTimeoutError(key, opts.waitMs);
      if (outcome !== LEASE_OVER) return outcome as T;
    }
  };
}
