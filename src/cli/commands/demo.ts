/**
 * `ecrscan demo [--json]`: starts the sandbox in-process and explains every seeded image, grouped by
 * account, so a newcomer sees every diagnosis in one run with no AWS, Slack or Redis. Ends with a table of
 * image → codes checked against what each seeded problem must produce (exit 1 if one is missing).
 */
import { parseArgs } from 'node:util';
import { UserFacingError } from '../../errors.js';
import { sandboxAwsOptions } from '../../sandbox/client-options.js';
import { SEEDED_IMAGES, type SeededImage } from '../../sandbox/seeded-images.js';
import { startSandbox } from '../../sandbox/server.js';
import { toExplanationView } from '../../usecases/explanation-view.js';
import { createCliCore } from '../cli-core.js';
import type { CliCommand } from '../io.js';
import { COLOUR, PLAIN, renderExplanation } from '../render-explanation.js';

export const demoCommand: CliCommand = async (args, io) => {
  let json = false;
  try {
    json = parseArgs({ args, options: { json: { type: 'boolean' } } }).values.json ?? false;
  } catch (err) {
    io.stderr(`ecrscan demo: ${(err as Error).message}\nUsage: ecrscan demo [--json]\n`);
    return 2;
  }
  const style = io.isTTY && !json ? COLOUR : PLAIN;
  const sandbox = await startSandbox();
  // The demo ignores the user's AWS and Redis settings: everything it talks to is in this process.
  const env = { LOG_LEVEL: io.env.LOG_LEVEL ?? 'warn', AWS_REGION: 'us-east-1' };
  const core = await createCliCore(
    { ...io, env },
    {
      awsOptions: sandboxAwsOptions(sandbox.url),
    },
  );
  const results: { image: SeededImage; codes: string[]; error?: string }[] = [];
  const views = [];
  try {
    let account = '';
    for (const image of SEEDED_IMAGES) {
      if (!json && image.accountId !== account) {
        account = image.accountId;
        io.stdout(`\n${style.bold(`══ Account ${account} · ${image.region} ══`)}\n`);
      }
      try {
        const view = toExplanationView(await core.explain(image.ref));
        views.push({ seeded: image.id, problem: image.problem, ...view });
        results.push({ image, codes: view.diagnoses.map((d) => d.code) });
        if (!json) io.stdout(`\n${style.dim(`— ${image.problem}`)}\n${renderExplanation(view, style)}`);
      } catch (err) {
        const message = err instanceof UserFacingError ? err.message : String(err);
        results.push({ image, codes: [], error: message });
        if (!json) io.stdout(`\n${image.ref}\n  could not answer: ${message}\n`);
      }
    }
  } finally {
    await core.close();
    await sandbox.close();
  }
  const missing = results.filter((r) => !r.image.expectedCodes.every((c) => r.codes.includes(c)));
  if (json) {
    io.stdout(`${JSON.stringify({ images: views, missing: missing.map((m) => m.image.id) }, null, 2)}\n`);
  } else {
    io.stdout(`\n${style.bold('Summary: seeded problem → diagnosis codes')}\n`);
    for (const r of results) {
      const ok = r.image.expectedCodes.every((c) => r.codes.includes(c));
      const mark = ok ? style.green('✓') : style.red('✗');
      io.stdout(`  ${mark} ${r.image.id.padEnd(22)} ${(r.codes.join(', ') || r.error) ?? ''}\n`);
    }
    io.stdout(`\n${results.length - missing.length} of ${results.length} seeded problems diagnosed as expected.\n`);
  }
  return missing.length === 0 ? 0 : 1;
};
