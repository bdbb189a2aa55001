/**
 * Parses what a user types to name an image: `repo`, `repo:tag`, `repo@sha256:<hex>`, `repo:tag@sha256:<hex>`
 * or a full ECR URI `<account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag|@digest]`.
 * Validation follows ECR's own rules (domain.md §9) so a bad reference is caught before any AWS call,
 * with a message that says what is wrong and shows a correct example.
 */

export interface ImageReference {
  repositoryName: string;
  /** Absent when only a digest was given. `latest` when neither tag nor digest was given. */
  tag?: string;
  digest?: string;
  /** From a full URI only. */
  accountId?: string;
  region?: string;
}

export type ParsedReference = { ok: true; ref: ImageReference } | { ok: false; problem: string; example: string };

const REPOSITORY = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
// ECR's API allows tags of 1–300 characters without a pattern; Docker clients allow only this character set.
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,299}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REGISTRY_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;

export const REFERENCE_EXAMPLE = 'payments-api:1.4.2';
const EXAMPLES = {
  plain: REFERENCE_EXAMPLE,
  digest: 'payments-api@sha256:4f1c…(64 hex characters)',
  uri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.4.2',
};

const fail = (problem: string, example: string = EXAMPLES.plain): ParsedReference => ({ ok: false, problem, example });

export function parseImageReference(input: string): ParsedReference {
  // Slack and chat clients wrap pasted text in backticks or angle brackets; neither can be part of a reference.
  const text = input.trim().replace(/^[`<]+|[`>]+$/g, '');
  if (text === '') return fail('no image given');
  if (/\s/.test(text)) return fail(`"${clip(text)}" contains spaces: give one image reference`);
  if (/^https?:\/\//i.test(text)) return fail('give the image reference without http(s)://', EXAMPLES.uri);

  let rest = text;
  let accountId: string | undefined;
  let region: string | undefined;
  const slash = rest.indexOf('/');
  const firstPart = slash === -1 ? '' : rest.slice(0, slash);
  if (firstPart.includes('.')) {
    const host = REGISTRY_HOST.exec(firstPart);
    if (!host) {
      return fail(
        `"${clip(firstPart)}" is not an Amazon ECR registry (expected <account>.dkr.ecr.<region>.amazonaws.com)`,
        EXAMPLES.uri,
      );
    }
    accountId = host[1];
    region = host[2];
    rest = rest.slice(slash + 1);
  }

  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) {
      return fail(
        `"${clip(digest)}" is not an image digest: expected sha256: followed by 64 lower-case hex characters`,
        EXAMPLES.digest,
      );
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      return fail(
        `"${clip(tag)}" is not a valid tag: use letters, digits, "_", "." and "-" (not first), at most 300 characters`,
      );
    }
  }
  const repositoryName = rest;
  if (repositoryName.length < 2 || repositoryName.length > 256) {
    return fail(`repository name "${clip(repositoryName)}" must be 2 to 256 characters long`);
  }
  if (!REPOSITORY.test(repositoryName)) {
    const hint = /[A-Z]/.test(repositoryName) ? ' (ECR repository names are lower-case)' : '';
    return fail(
      `"${clip(repositoryName)}" is not a valid ECR repository name${hint}: lower-case letters, digits, and . _ - / between them`,
    );
  }
  if (!tag && !digest) tag = 'latest';
  return { ok: true, ref: { repositoryName, tag, digest, accountId, region } };
}

/** Formats a reference back the way a user would write it (tag preferred over digest when both). */
export function formatImageReference(ref: ImageReference): string {
  const domain = ref.region?.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  const registry = ref.accountId && ref.region ? `${ref.accountId}.dkr.ecr.${ref.region}.${domain}/` : '';
  const suffix = ref.tag ? `:${ref.tag}` : ref.digest ? `@${ref.digest}` : '';
  return `${registry}${ref.repositoryName}${suffix}`;
}

function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
