/**
 * Runs slow work behind a reply: a "looking…" note appears only when the work outlasts `lookingAfterMs`, and the
 * answer then replaces it. The answer waits for the note's own post, so the note can never land after it.
 */
import { renderLooking } from '../blocks/notices.js';
import { type Reply, replyWithError } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';

export async function withLooking<T>(
  deps: Pick<SlackDeps, 'lookingAfterMs' | 'log'>,
  reply: Reply,
  label: string,
  work: Promise<T>,
  answer: (result: T, replaceOriginal: boolean) => Promise<unknown>,
): Promise<void> {
  let note: Promise<boolean> | undefined;
  const timer = setTimeout(() => {
    note = reply({ ...renderLooking(label), response_type: 'ephemeral' });
  }, deps.lookingAfterMs);
  try {
    const result = await work;
    clearTimeout(timer);
    await note;
    await answer(result, note !== undefined);
  } catch (err) {
    clearTimeout(timer);
    await note;
    await replyWithError(reply, deps.log, err, note !== undefined);
  }
}
