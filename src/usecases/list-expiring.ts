/**
 * The expiring report behind `ecrscan expiring`, `/ecrscan expiring`, digests and the App Home: every configured
 * Inspector target's coverage streamed (`expiring-stream.ts`), joined with ECR push dates, sorted and counted.
 * A target or repository that cannot be read is listed in `errors`: the report may be partial, never silently.
 */

import { describeError } from '../aws/aws-error.js';
import { byUrgency, countImages, type ExpiringImage, type ExpiringReport } from '../domain/expiring.js';
import type { FactLoader } from '../facts/fact-cache.js';
import { type ExpiringStreamError, type ExpiringStreamOptions, streamExpiring } from './expiring-stream.js';
import type { TargetResolver } from './target-resolver.js';

export const DEFAULT_WITHIN_DAYS = 7;

/** What `Core` provides; `listExpiring(core, …)` works as is. */
export interface ListExpiringDeps {
  targets: TargetResolver;
  loader: FactLoader;
  now: () => Date;
}

export interface ListExpiringOptions extends Omit<ExpiringStreamOptions, 'onError'> {
  /**
   * Inspector targets to read, by name. Default: every configured target. With a delegated administrator,
   * naming only its target reads the whole organisation from one account (domain.md §8.3).
   */
  targetNames?: readonly string[];
}

export async function listExpiring(deps: ListExpiringDeps, opts: ListExpiringOptions): Promise<ExpiringReport> {
  const now = deps.now();
  const names = opts.targetNames?.length ? opts.targetNames : deps.targets.targets().map((t) => t.name);
  // Resolved before any call, so an unknown name fails the whole request (a usage error, not a partial report).
  const inspectors = names.map((name) => deps.targets.resolve({ repositoryName: '' }, name));
  const images = new Map<string, ExpiringImage>();
  // Resource ids, as two targets can see the same account (a delegated administrator and a member).
  const unsupported = new Set<string>();
  const errors = new ErrorLog();

  await Promise.all(
    inspectors.map(async (inspector) => {
      const stream = streamExpiring(
        {
          inspector,
          portsFor: (accountId, region) => deps.targets.resolve({ repositoryName: '', accountId, region }),
          loader: deps.loader,
          now: () => now,
        },
        {
          ...opts,
          onError: (e) => errors.repository(e),
          onUnsupported: (coverage) => unsupported.add(coverage.resourceId),
        },
      );
      try {
        // Two targets can see the same account (a delegated administrator and a member): one row per image.
        for await (const image of stream) images.set(imageKey(image), image);
      } catch (err) {
        errors.target(inspector.target.name, err);
      }
    }),
  );

  const sorted = [...images.values()].sort(byUrgency);
  return {
    generatedAt: now,
    withinDays: opts.withinDays,
    images: sorted,
    counts: countImages(sorted),
    unsupported: unsupported.size,
    errors: errors.list(),
  };
}

function imageKey(image: ExpiringImage): string {
  return `${image.accountId}|${image.region}|${image.repositoryName}|${image.imageDigest}`;
}

/** One line per target and problem: 300 repositories denied in one account is one error, not 300. */
class ErrorLog {
  private readonly byRepository = new Map<
    string,
    { kind: ExpiringStreamError['kind']; target: string; message: string; repositories: string[] }
  >();
  private readonly byTarget: { target: string; message: string }[] = [];

  repository(e: ExpiringStreamError): void {
    const key = `${e.kind}\n${e.target}\n${e.message}`;
    const entry = this.byRepository.get(key) ?? {
      kind: e.kind,
      target: e.target,
      message: e.message,
      repositories: [],
    };
    entry.repositories.push(e.repositoryName);
    this.byRepository.set(key, entry);
  }

  target(target: string, err: unknown): void {
    this.byTarget.push({ target, message: `Inspector coverage could not be read: ${describeError(err)}` });
  }

  list(): ExpiringReport['errors'] {
    const repositories = [...this.byRepository.values()].map(({ kind, target, message, repositories: names }) => {
      const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
      const count = names.length === 1 ? '1 repository' : `${names.length} repositories`;
      if (kind === 'severity') {
        return {
          target,
          message: `finding severities of ${count} (${shown}) could not be read, so their images are listed whatever the minimum severity: ${message}`,
        };
      }
      return { target, message: `${count} (${shown}) could not be described: ${message}` };
    });
    return [...this.byTarget, ...repositories];
  }
}
