/**
 * How a rescan follow-up ends in Slack: a scan that could not be followed is not reported as a slow one, and a
 * slow one says how long it was really followed (the follow policy can be tuned).
 */
import type { RespondArguments } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/aws/aws-error.js';
import { createActionValueCodec } from '../../../src/slack/action-value.js';
import { finishFollow } from '../../../src/slack/actions/rescan.js';
import type { SlackDeps } from '../../../src/slack/slack-deps.js';

const subject = {
  ref: 'payments-api:1.4.2',
  accountId: '111111111111',
  region: 'us-east-1',
  repositoryName: 'payments-api',
  imageDigest: `sha256:${'ab'.repeat(32)}`,
};
const deps = { values: createActionValueCodec('k') } as unknown as SlackDeps;

async function finish(result: Parameters<typeof finishFollow>[3]) {
  const replies: RespondArguments[] = [];
  await finishFollow(
    deps,
    async (m) => {
      replies.push(m);
      return true;
    },
    { subject, user: 'U0ALICE', replaceOriginal: true },
    result,
  );
  return replies.map((r) => JSON.stringify(r));
}

describe('finishFollow', () => {
  it('a status that could not be read is an error naming why, not "still not finished"', async () => {
    const error = new AwsError('ACCESS_DENIED', 'ecr:DescribeImageScanFindings', 'not authorised');
    const [reply] = await finish({ kind: 'error', message: 'not authorised', error, polls: 1 });
    expect(reply).toContain('ACCESS_DENIED');
    expect(reply).toContain('could not follow the scan of payments-api:1.4.2');
    expect(reply).not.toContain('has not finished');
  });

  it('a slow scan says how long it was followed', async () => {
    const [reply] = await finish({ kind: 'timed-out', lastStatus: 'IN_PROGRESS', polls: 9, waitedMs: 5 * 60_000 });
    expect(reply).toContain('has not finished after 5 minutes');
  });
});
