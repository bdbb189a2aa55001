/**
 * Picks the AWS target (account + Region [+ role]) for an image reference and hands out one set of
 * ports per target, created on first use. A full URI selects a configured target for its account
 * and Region; a URI for an account with no configured target is reached with the default credentials
 * in that Region (a cross-account repository policy must allow it).
 */
import type { AwsPorts, Target } from '../aws/ports.js';
import type { ImageReference } from '../domain/image-reference.js';
import { UserFacingError } from '../errors.js';

export interface TargetResolver {
  resolve(ref: ImageReference, targetName?: string): AwsPorts;
  /**
   * For an image a button or job already carries (account + Region, maybe the name of the target it came from):
   * the named target when it is a configured one, else the target for its account and Region. Never throws for
   * a name that is not configured (answers also come from targets derived from a URI).
   */
  resolveImage(image: { repositoryName: string; accountId: string; region: string; target?: string }): AwsPorts;
  targets(): Target[];
  close(): void;
}

export function createTargetResolver(opts: {
  defaultTarget: Target;
  targets: Target[];
  makePorts: (target: Target) => AwsPorts & { destroy?: () => void };
}): TargetResolver {
  const made = new Map<string, AwsPorts & { destroy?: () => void }>();
  const portsFor = (target: Target) => {
    let ports = made.get(target.name);
    if (!ports) {
      ports = opts.makePorts(target);
      made.set(target.name, ports);
    }
    return ports;
  };
  const all = [opts.defaultTarget, ...opts.targets];

  return {
    resolve(ref, targetName) {
      if (targetName) {
        const named = all.find((t) => t.name === targetName);
        if (!named) {
          throw new UserFacingError('UNKNOWN_TARGET', `No target named "${targetName}".`, {
            hints: [`Configured targets: ${all.map((t) => t.name).join(', ')}`],
          });
        }
        return portsFor(named);
      }
      if (!ref.accountId || !ref.region) return portsFor(opts.defaultTarget);
      const exact = all.find((t) => t.accountId === ref.accountId && t.region === ref.region);
      if (exact) return portsFor(exact);
      const sameAccount = all.find((t) => t.accountId === ref.accountId);
      const base = sameAccount ?? { name: 'default', region: ref.region, accountId: ref.accountId };
      return portsFor({
        ...base,
        name: `${ref.accountId}-${ref.region}`,
        region: ref.region,
        accountId: ref.accountId,
      });
    },
    resolveImage(image) {
      const known = image.target !== undefined && all.some((t) => t.name === image.target);
      return this.resolve(
        { repositoryName: image.repositoryName, accountId: image.accountId, region: image.region },
        known ? image.target : undefined,
      );
    },
    targets: () => [...all],
    close() {
      for (const ports of made.values()) ports.destroy?.();
      made.clear();
    },
  };
}
