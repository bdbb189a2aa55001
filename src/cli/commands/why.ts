/**
 * `ecrscan why REF [--json] [--fresh] [--target NAME]`.
 * Exit 0: nothing blocking or warning; 1: at least one such diagnosis; 2: could not answer.
 */
import { parseArgs } from 'node:util';
import type { Core } from '../../core.js';
import { toExplanationView } from '../../usecases/explanation-view.js';
import { withCliCore } from '../cli-core.js';
import type { CliCommand, CliIo } from '../io.js';
import { COLOUR, PLAIN, renderExplanation } from '../render-explanation.js';
import { reportError } from '../report-error.js';

export const WHY_USAGE =
  'Usage: ecrscan why <repo[:tag]|repo@sha256:…|<account>.dkr.ecr.<region>.amazonaws.com/repo:tag> [--json] [--fresh] [--target NAME]\n';

export const whyCommand: CliCommand = async (args, io) => {
  let parsed: ReturnType<typeof parseWhyArgs>;
  try {
    parsed = parseWhyArgs(args);
  } catch (err) {
    io.stderr(`ecrscan why: ${(err as Error).message}\n${WHY_USAGE}`);
    return 2;
  }
  return withCliCore(io, parsed.json, (core) => answerWhy(core, io, parsed.ref, parsed));
};

function parseWhyArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, fresh: { type: 'boolean' }, target: { type: 'string' } },
  });
  if (positionals.length !== 1)
    throw new Error(positionals.length ? 'give exactly one image reference' : 'no image given');
  return { ref: positionals[0]!, json: values.json ?? false, fresh: values.fresh ?? false, target: values.target };
}

/** Prints one answer (text or JSON) and returns the exit status. Shared with `ecrscan demo`. */
export async function answerWhy(
  core: Core,
  io: CliIo,
  ref: string,
  opts: { json?: boolean; fresh?: boolean; target?: string },
): Promise<number> {
  try {
    const view = toExplanationView(await core.explain(ref, { fresh: opts.fresh, targetName: opts.target }));
    io.stdout(opts.json ? `${JSON.stringify(view, null, 2)}\n` : renderExplanation(view, io.isTTY ? COLOUR : PLAIN));
    return view.worst === 'blocking' || view.worst === 'warning' ? 1 : 0;
  } catch (err) {
    return reportError(io, opts.json ?? false, err);
  }
}
