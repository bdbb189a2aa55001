import { ECRClient } from '@aws-sdk/client-ecr';

/**
 * The Region the SDK itself would use (AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`…), so the
 * default target is named the same way the SDK resolves it. Undefined when nothing sets one.
 */
export async function resolveDefaultRegion(): Promise<string | undefined> {
  const client = new ECRClient({});
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
