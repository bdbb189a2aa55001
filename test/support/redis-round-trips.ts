/**
 * Counts what one client sends to Redis: commands, and serial round trips. It wraps the client's `sendCommand`,
 * through which ioredis sends every command, pipelined ones included.
 *
 * A command's round is 1 + the highest round among the commands whose reply had arrived when it was sent, so
 * commands sent together (a `Promise.all`, a pipeline, one MGET) share a round, and the highest round is the
 * number of round trips a caller waited for one after the other.
 */
import type { Command, Redis } from 'ioredis';

export interface SentCommand {
  name: string;
  /** Keys and arguments as sent, for messages when a count is off. */
  args: string[];
  round: number;
}

export interface RedisRoundTrips {
  /** Commands sent since the last `reset`, in order. */
  commands(): SentCommand[];
  /** Serial round trips since the last `reset`. */
  rounds(): number;
  /** Forgets what was counted; call it only while no command is in flight. */
  reset(): void;
  /** Gives the client its own `sendCommand` back. */
  restore(): void;
}

export function countRoundTrips(redis: Redis): RedisRoundTrips {
  const original = redis.sendCommand;
  let sent: SentCommand[] = [];
  let settledRound = 0;

  redis.sendCommand = function counted(this: Redis, command: Command, ...rest: unknown[]) {
    const entry: SentCommand = {
      name: command.name,
      args: command.args.map((arg) => (Buffer.isBuffer(arg) ? `<${arg.length} bytes>` : String(arg))),
      round: settledRound + 1,
    };
    sent.push(entry);
    const done = () => {
      // A reply from before the last reset belongs to another count.
      if (sent.includes(entry)) settledRound = Math.max(settledRound, entry.round);
    };
    command.promise.then(done, done);
    return (original as (...args: unknown[]) => unknown).call(this, command, ...rest);
  } as Redis['sendCommand'];

  return {
    commands: () => [...sent],
    rounds: () => Math.max(0, ...sent.map((c) => c.round)),
    reset() {
      sent = [];
      settledRound = 0;
    },
    restore() {
      redis.sendCommand = original;
    },
  };
}
