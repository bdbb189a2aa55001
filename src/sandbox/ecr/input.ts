/**
 * ECR input checks with ECR's own error names and wording: modelled constraints (patterns, lengths,
 * ranges) fail with InvalidParameterException "Invalid parameter at '<field>' failed to satisfy constraint".
 */
import { ecrInvalidParameter, SandboxError } from '../errors.js';
import type { HandlerContext, Input } from '../handler.js';
import { defaultRegistry, registryKey, type SandboxRegistry, type SandboxRepository } from '../world.js';

export const REPOSITORY_NAME = /^(?=.{2,256}$)[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
const REGISTRY_ID = /^[0-9]{12}$/;
export const LAYER_DIGEST = /^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$/;

export interface ImageId {
  imageDigest?: string;
  imageTag?: string;
}

export function optionalString(input: Input, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw ecrInvalidParameter(field, 'Member must be a string');
  return value;
}

export function requiredString(input: Input, field: string): string {
  const value = optionalString(input, field);
  if (value === undefined) throw ecrInvalidParameter(field, 'Member must not be null');
  return value;
}

export function repositoryNameOf(input: Input, field = 'repositoryName'): string {
  const name = requiredString(input, field);
  if (!REPOSITORY_NAME.test(name)) {
    throw ecrInvalidParameter(field, `must satisfy regular expression '${REPOSITORY_NAME.source}'`);
  }
  return name;
}

/** The registry a request addresses: `registryId` (another account's, as with a repository policy) or the caller's. */
export function targetRegistry(ctx: HandlerContext, input: Input): SandboxRegistry {
  const registryId = optionalString(input, 'registryId');
  if (registryId === undefined || registryId === ctx.registry.accountId) return ctx.registry;
  if (!REGISTRY_ID.test(registryId))
    throw ecrInvalidParameter('registryId', "must satisfy regular expression '[0-9]{12}'");
  return (
    ctx.world.registries.get(registryKey(registryId, ctx.caller.region)) ??
    defaultRegistry(registryId, ctx.caller.region, ctx.now())
  );
}

export function repositoryNotFound(registry: SandboxRegistry, name: string): SandboxError {
  return new SandboxError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${registry.accountId}'`,
  );
}

export function findRepository(registry: SandboxRegistry, name: string): SandboxRepository {
  const repository = registry.repositories.get(name);
  if (!repository) throw repositoryNotFound(registry, name);
  return repository;
}

export function maxResultsOf(input: Input, max: number, fallback: number): number {
  const value = input.maxResults;
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw ecrInvalidParameter('maxResults', 'Member must be an integer');
  if (value < 1) throw ecrInvalidParameter('maxResults', 'Member must have value greater than or equal to 1');
  if (value > max) throw ecrInvalidParameter('maxResults', `Member must have value less than or equal to ${max}`);
  return value;
}

function imageIdOf(value: unknown, field: string): ImageId {
  if (value === null || typeof value !== 'object') throw ecrInvalidParameter(field, 'Member must not be null');
  const { imageDigest, imageTag } = value as Record<string, unknown>;
  if (imageDigest !== undefined && typeof imageDigest !== 'string')
    throw ecrInvalidParameter(`${field}.imageDigest`, 'Member must be a string');
  if (imageTag !== undefined && typeof imageTag !== 'string')
    throw ecrInvalidParameter(`${field}.imageTag`, 'Member must be a string');
  if (typeof imageTag === 'string' && (imageTag.length < 1 || imageTag.length > 300)) {
    throw ecrInvalidParameter(`${field}.imageTag`, 'Member must have length between 1 and 300');
  }
  return { imageDigest: imageDigest as string | undefined, imageTag: imageTag as string | undefined };
}

export function requiredImageId(input: Input, field = 'imageId'): ImageId {
  return imageIdOf(input[field], field);
}

export function imageIdListOf(input: Input, field: string, max: number, required: boolean): ImageId[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) {
    if (required) throw ecrInvalidParameter(field, 'Member must not be null');
    return undefined;
  }
  if (!Array.isArray(value)) throw ecrInvalidParameter(field, 'Member must be a list');
  if (value.length < 1) throw ecrInvalidParameter(field, 'Member must have length greater than or equal to 1');
  if (value.length > max) throw ecrInvalidParameter(field, `Member must have length less than or equal to ${max}`);
  return value.map((item, i) => imageIdOf(item, `${field}.${i + 1}`));
}

export function stringListOf(input: Input, field: string, min: number, max: number): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw ecrInvalidParameter(field, 'Member must be a list of strings');
  if (value.length < min) throw ecrInvalidParameter(field, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw ecrInvalidParameter(field, `Member must have length less than or equal to ${max}`);
  return value as string[];
}

/** ECR's rendering of an image id in messages (as moto mirrors it): {imageDigest:'…', imageTag:'…'}. */
export function describeImageId(id: ImageId): string {
  return `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}`;
}

export function imageNotFound(registry: SandboxRegistry, repository: string, id: ImageId): SandboxError {
  return new SandboxError(
    'ImageNotFoundException',
    `The image with imageId ${describeImageId(id)} does not exist within the repository with name '${repository}' in the registry with id '${registry.accountId}'`,
  );
}
