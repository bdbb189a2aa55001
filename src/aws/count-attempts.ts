import type { ECRClient } from '@aws-sdk/client-ecr';
import type { Inspector2Client } from '@aws-sdk/client-inspector2';

type OnCall = (operation: string, attempt: number) => void;

const MIDDLEWARE_OPTIONS = { step: 'deserialize', name: 'ecrscanAttemptCounter', priority: 'high' } as const;

/**
 * Reports every HTTP attempt, retries included, so metrics and benchmarks count what AWS actually saw.
 * The middleware sits in the `deserialize` step, below the retry middleware (`finalizeRequest`), so it runs
 * once per attempt; its handler is built once per `send`, so it can number that call's attempts itself.
 */
export function countAttempts(
  client: ECRClient | Inspector2Client,
  service: 'ecr' | 'inspector2',
  onCall: OnCall,
): void {
  const middleware = <I, O>(next: (args: I) => Promise<O>, context: { commandName?: string }) => {
    const operation = `${service}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
    let attempt = 0;
    return (args: I): Promise<O> => {
      attempt += 1;
      onCall(operation, attempt);
      return next(args);
    };
  };
  client.middlewareStack.add(middleware, MIDDLEWARE_OPTIONS);
}
