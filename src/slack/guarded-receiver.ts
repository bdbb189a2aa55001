/**
 * Bolt's own HTTPReceiver with the request guard (request-guard.ts) between its signature check and
 * `app.processEvent`.
 *
 * Why there: the receiver is the only place that sees the raw headers after the signature has been verified
 * (`customPropertiesExtractor`, so a forged request never reaches Redis) and the only one that can answer 401
 * (`processEventErrorHandler`). A global middleware would come too late: Bolt acks Events API deliveries before
 * middleware runs, so it could not refuse them, and it crashes on a payload without a user before any middleware.
 * Verifying the signature ourselves (`signatureVerification: false`) would mean owning Bolt's body parsing too.
 * Everything else (routing, acks, custom routes, timeouts) stays Bolt's.
 */
import { type App, HTTPModuleFunctions, HTTPReceiver, type HTTPReceiverOptions, type Receiver } from '@slack/bolt';
import { RejectedSlackRequest, type RequestGuard } from './request-guard.js';

type GuardedOptions = Omit<HTTPReceiverOptions, 'customPropertiesExtractor' | 'processEventErrorHandler'>;

export function createGuardedReceiver(options: GuardedOptions, guard: RequestGuard): Receiver {
  const http = new HTTPReceiver({
    ...options,
    customPropertiesExtractor: (request) => guard.carrySignature(request),
    processEventErrorHandler: async (args) => {
      if (!(args.error instanceof RejectedSlackRequest) || args.response.headersSent) {
        return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
      }
      HTTPModuleFunctions.buildNoBodyResponse(args.response, 401);
      return true;
    },
  });
  return {
    init(app: App) {
      // HTTPReceiver calls only `processEvent`; the rest of the real App is still reachable through the prototype.
      const gated: App = Object.create(app);
      gated.processEvent = async (event) => {
        const passed = await guard.pass(event);
        if (passed) await app.processEvent(passed);
      };
      http.init(gated);
    },
    start: (...args: Parameters<HTTPReceiver['start']>) => http.start(...args),
    stop: () => http.stop(),
  };
}
