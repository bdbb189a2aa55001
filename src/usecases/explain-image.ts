/**
 * `why <ref>`: parse the reference, pick the target, gather the facts (cached), diagnose.
 * Shared by Slack, the CLI and digests. Failures that are not diagnoses (bad reference, unknown
 * repository or tag, no access, AWS unreachable) become `UserFacingError`s with a helpful message.
 */
import { type AwsError, isAwsError } from '../aws/aws-error.js';
import type { AwsPorts, Target } from '../aws/ports.js';
import { diagnose } from '../diagnosis/diagnose.js';
import type { Diagnosis } from '../diagnosis/types.js';
import { closeMatches } from '../domain/close-matches.js';
import type { ImageFacts } from '../domain/image-facts.js';
import { formatImageReference, type ImageReference, parseImageReference } from '../domain/image-reference.js';
import { UserFacingError } from '../errors.js';
import { type FactLoader, factKeys, type QuestionFactLoader } from '../facts/fact-cache.js';
import { gatherImageFacts } from '../facts/gather-image-facts.js';
import type { TargetResolver } from './target-resolver.js';

export interface ExplainDeps {
  targets: TargetResolver;
  /** `forQuestion` gives each question its own view, so that it reads the facts it needs together. */
  loader: FactLoader & { forQuestion(): QuestionFactLoader };
  now: () => Date;
  expiryWarningDays: number;
}

export interface Explanation {
  reference: ImageReference;
  target: Target;
  facts: ImageFacts;
  diagnoses: Diagnosis[];
}

export async function explainImage(
  deps: ExplainDeps,
  input: string,
  opts: { fresh?: boolean; targetName?: string } = {},
): Promise<Explanation> {
  const parsed = parseImageReference(input);
  if (!parsed.ok) {
    throw new UserFacingError('INVALID_REFERENCE', `Not an image reference: ${parsed.problem}.`, {
      hints: [`For example: ${parsed.example}`],
    });
  }
  const ref = parsed.ref;
  const ports = deps.targets.resolve(ref, opts.targetName);
  const keys = factKeys(ports.target);
  let facts: ImageFacts;
  try {
    const loader = deps.loader.forQuestion();
    facts = await gatherImageFacts({ ports, loader, keys, now: deps.now }, ref, { fresh: opts.fresh });
  } catch (err) {
    throw await toUserError(err, ref, ports);
  }
  const diagnoses = diagnose(facts, { expiryWarningDays: deps.expiryWarningDays });
  return { reference: ref, target: ports.target, facts, diagnoses };
}

async function toUserError(err: unknown, ref: ImageReference, ports: AwsPorts): Promise<unknown> {
  if (!isAwsError(err)) return err;
  const where = `${ports.target.accountId ? `account ${ports.target.accountId}, ` : ''}Region ${ports.target.region}`;
  switch (err.code) {
    case 'REPOSITORY_NOT_FOUND': {
      const matches = await suggest(() => repositoryNames(ports), ref.repositoryName);
      return new UserFacingError(
        'REPOSITORY_NOT_FOUND',
        `Repository "${ref.repositoryName}" does not exist in ${where}.`,
        {
          hints: [
            ...(matches.length ? [`Did you mean: ${matches.join(', ')}?`] : []),
            'If it lives in another account or Region, give the full URI: <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>.',
          ],
          cause: err,
        },
      );
    }
    case 'IMAGE_NOT_FOUND': {
      const wanted = ref.tag ?? ref.digest ?? '';
      const matches = ref.tag ? await suggest(() => tagsOf(ports, ref.repositoryName), ref.tag) : [];
      return new UserFacingError(
        'IMAGE_NOT_FOUND',
        `No image ${ref.tag ? `tagged "${wanted}"` : `with digest ${wanted}`} in repository "${ref.repositoryName}" (${where}).`,
        {
          hints: matches.length
            ? [
                `Tags with close names: ${matches.map((t) => formatImageReference({ ...ref, tag: t, digest: undefined })).join(', ')}`,
              ]
            : [
                `List its tags: aws ecr describe-images --repository-name ${ref.repositoryName} --region ${ports.target.region}`,
              ],
          cause: err,
        },
      );
    }
    case 'ACCESS_DENIED':
      return new UserFacingError(
        'ACCESS_DENIED',
        `ecrscan may not read ${ref.repositoryName} in ${where}: ${err.message}`,
        {
          hints: [`Grant the bot's role ecr:DescribeImages and the read actions listed in the README (IAM policy).`],
          cause: err,
        },
      );
    case 'THROTTLED':
    case 'UNAVAILABLE':
      return new UserFacingError('AWS_UNAVAILABLE', `AWS did not answer (${describe(err)}). Try again in a minute.`, {
        cause: err,
      });
    default:
      return err;
  }
}

function describe(err: AwsError): string {
  return `${err.operation}: ${err.awsName ?? err.code}`;
}

/** Suggestions are a courtesy: if listing fails too, answer without them. */
async function suggest(list: () => Promise<string[]>, input: string): Promise<string[]> {
  try {
    return closeMatches(input, await list());
  } catch {
    return [];
  }
}

const SUGGESTION_SCAN_LIMIT = 5_000;

async function repositoryNames(ports: AwsPorts): Promise<string[]> {
  const names: string[] = [];
  for await (const page of ports.ecr.describeRepositories()) {
    names.push(...page.map((r) => r.repositoryName));
    if (names.length >= SUGGESTION_SCAN_LIMIT) break;
  }
  return names;
}

async function tagsOf(ports: AwsPorts, repo: string): Promise<string[]> {
  const tags: string[] = [];
  for await (const page of ports.ecr.describeImages(repo, { tagStatus: 'TAGGED' })) {
    for (const image of page) tags.push(...image.imageTags);
    if (tags.length >= SUGGESTION_SCAN_LIMIT) break;
  }
  return tags;
}
