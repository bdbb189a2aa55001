import { describe, expect, it } from 'vitest';
import { COMMAND_MAX, formatFixStep, formatFixSteps, splitCommands } from '../../../src/slack/blocks/fix-steps.js';

const D = `sha256:${'a'.repeat(64)}`;
const URI = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/svc@${D}`;

describe('splitCommands', () => {
  it.each([
    ['Ask again later.', ['Ask again later.']],
    [
      `Restore the image: aws ecr update-image-storage-class --repository-name svc --image-id imageDigest=${D} --target-storage-class STANDARD`,
      [
        'Restore the image: ',
        `$aws ecr update-image-storage-class --repository-name svc --image-id imageDigest=${D} --target-storage-class STANDARD`,
      ],
    ],
    [
      `Pull it: docker pull ${URI}. The pull must come from a principal not excluded (aws ecr list-pull-time-update-exclusions), and so on.`,
      [
        'Pull it: ',
        `$docker pull ${URI}`,
        '. The pull must come from a principal not excluded (',
        '$aws ecr list-pull-time-update-exclusions',
        '), and so on.',
      ],
    ],
    [
      'aws ecr start-image-scan does not help: manual scans are not supported with enhanced scanning.',
      ['$aws ecr start-image-scan', ' does not help: manual scans are not supported with enhanced scanning.'],
    ],
    [
      `Enable it: aws inspector2 enable --resource-types ECR --account-ids 123456789012 --region eu-west-1 (in an organization, the admin does).`,
      [
        'Enable it: ',
        '$aws inspector2 enable --resource-types ECR --account-ids 123456789012 --region eu-west-1',
        ' (in an organization, the admin does).',
      ],
    ],
    [
      `Ask about one platform directly: ecrscan why svc@${D}`,
      ['Ask about one platform directly: ', `$ecrscan why svc@${D}`],
    ],
    ['Talk to the aws ecrscan team; awsome docker pulls.', ['Talk to the aws ecrscan team; awsome docker pulls.']],
  ])('%s', (step, expected) => {
    expect(splitCommands(step).map((p) => (p.kind === 'command' ? `$${p.text}` : p.text))).toEqual(expected);
  });
});

describe('formatFixStep', () => {
  it('puts commands in inline code and escapes the prose', () => {
    expect(formatFixStep('If <b> & `x`: aws ecr describe-images --repository-name a --region r.')).toBe(
      "If &lt;b&gt; &amp; 'x': `aws ecr describe-images --repository-name a --region r`.",
    );
  });

  it('does not show a command too long to paste whole', () => {
    const out = formatFixStep(
      `Apply: aws ecr put-registry-scanning-configuration --rules '${'x'.repeat(COMMAND_MAX)}'`,
    );
    expect(out).toBe(
      'Apply: `aws ecr put-registry-scanning-configuration` … (too long to show here: `ecrscan why` in a terminal prints it in full)',
    );
  });
});

describe('formatFixSteps', () => {
  it('numbers the steps', () => {
    expect(formatFixSteps(['One.', 'Two.'], 1000)).toBe('1. One.\n2. Two.');
  });

  it('counts the steps that do not fit instead of cutting them', () => {
    const out = formatFixSteps(['a'.repeat(500), 'b'.repeat(500), 'c'.repeat(500)], 1100);
    expect(out.split('\n')).toEqual([
      `1. ${'a'.repeat(500)}`,
      `2. ${'b'.repeat(500)}`,
      '_… and 1 more step: `ecrscan why` in a terminal lists them all_',
    ]);
  });
});
