import type { AnyBlock, HomeView, ModalView } from '@slack/types';

/** Where Block Kit is shown; each surface has its own block cap and envelope rules. */
export type Surface = 'message' | 'modal' | 'home';

/** The message part of chat.postMessage / chat.update / postEphemeral / response_url bodies. */
export interface MessagePayload {
  text?: string;
  blocks?: AnyBlock[];
}

/**
 * Slack's per-field limits (platform.md §3.1, from @slack/types JSDoc and Slack's reference). Lengths are counted
 * in UTF-16 code units (`String.length`): Slack does not document its unit, and this count is never below the
 * code-point count, so a payload that passes here is not over a limit because of how characters are counted.
 */
export const BLOCK_KIT_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 4000,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  blockId: 255,
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  accessibilityLabel: 75,
  placeholder: 150,
  overflowOptions: 5,
  selectOptions: 100,
  choiceOptions: 10,
  optionText: 75,
  /** Slack's option-object reference says 150; the @slack/types JSDoc says 75. */
  optionValue: 150,
  optionUrl: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  imageAltText: 2000,
  imageTitle: 2000,
  inputLabel: 2000,
  inputHint: 2000,
  markdownText: 12_000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

/**
 * Our ceiling for the summed block text of one message. Slack answers chat.postMessage with the undocumented
 * `msg_blocks_too_long` at roughly 12–13k characters even when every block is within its own limit (bolt-js #2509,
 * #2867: one report was rejected at 11,341 summed `text` characters), so renderers stay at or under 10k and page
 * or link to a "show all" view beyond that.
 */
export const MSG_BLOCKS_TOO_LONG_SAFE_BUDGET = 10_000;

export const BLOCK_KIT_RULES = [
  'message.text.required',
  'message.text.length',
  'message.block_text_budget',
  'markdown.cumulative_length',
  'blocks.count',
  'block.type',
  'block_id.length',
  'section.content',
  'section.text.length',
  'section.fields.count',
  'section.field.length',
  'header.text.length',
  'context.elements.count',
  'actions.elements.count',
  'image.alt_text.length',
  'image.title.length',
  'input.label.length',
  'input.hint.length',
  'markdown.text.length',
  'action_id.length',
  'button.text.length',
  'button.value.length',
  'button.url.length',
  'accessibility_label.length',
  'placeholder.length',
  'overflow.options.count',
  'select.options.count',
  'select.option_groups.count',
  'choice.options.count',
  'option.text.length',
  'option.value.length',
  'option.description.length',
  'option.url.length',
  'option_group.label.length',
  'confirm.title.length',
  'confirm.text.length',
  'confirm.confirm.length',
  'confirm.deny.length',
  'text.type',
  'text.empty',
  'text.length',
  'value.type',
  'view.type',
  'view.title.required',
  'view.title.length',
  'view.submit.required',
  'view.submit.length',
  'view.close.length',
  'view.private_metadata.length',
  'view.callback_id.length',
] as const;

export type BlockKitRule = (typeof BLOCK_KIT_RULES)[number];

/** One broken limit: `path` is a JSON pointer into the payload, as in Slack's own `invalid_blocks` messages. */
export interface BlockKitViolation {
  path: string;
  rule: BlockKitRule;
  limit: number | string;
  actual: number | string;
}

const L = BLOCK_KIT_LIMITS;
type Json = Record<string, unknown>;
type Out = BlockKitViolation[];
interface TextSpec {
  rule: BlockKitRule;
  max: number;
  plainOnly?: boolean;
}

const ANY_TEXT: TextSpec = { rule: 'text.length', max: L.textObject };
/** The block types of @slack/types `KnownBlock`; anything else is what Slack rejects as `invalid_blocks`. */
const KNOWN_BLOCK_TYPES: ReadonlySet<string> = new Set([
  'actions',
  'alert',
  'card',
  'carousel',
  'container',
  'context',
  'context_actions',
  'data_table',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'plan',
  'rich_text',
  'section',
  'table',
  'task_card',
  'video',
]);

/**
 * Checks a payload against Slack's Block Kit limits before Slack does, so renderers can be tested without Slack and
 * the fake Slack server can reject what the real one would. `payload` is the message (`{ text, blocks }`) for
 * 'message' and the view object for 'modal' / 'home'. Returns every violation found, never throws.
 */
export function checkBlockKit(payload: MessagePayload, surface: 'message'): BlockKitViolation[];
export function checkBlockKit(payload: ModalView | HomeView, surface: 'modal' | 'home'): BlockKitViolation[];
export function checkBlockKit(payload: unknown, surface: Surface): BlockKitViolation[];
export function checkBlockKit(payload: unknown, surface: Surface): BlockKitViolation[] {
  if (!isRecord(payload)) return [{ path: '', rule: 'value.type', limit: 'object', actual: kind(payload) }];
  const out: Out = [];
  if (surface === 'message') checkMessageText(out, payload);
  else checkView(out, payload, surface);
  checkBlockList(out, payload.blocks, surface);
  return out;
}

/** Sums every `text` string in a block tree: the measure behind {@link MSG_BLOCKS_TOO_LONG_SAFE_BUDGET}. */
export function blockTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + blockTextLength(item), 0);
  if (!isRecord(value)) return 0;
  let n = 0;
  for (const [key, item] of Object.entries(value)) {
    n += key === 'text' && typeof item === 'string' ? item.length : blockTextLength(item);
  }
  return n;
}

function checkMessageText(out: Out, message: Json): void {
  if (message.text === undefined || message.text === '') {
    out.push({ path: '/text', rule: 'message.text.required', limit: 'fallback text', actual: kind(message.text) });
  } else {
    checkString(out, message.text, '/text', 'message.text.length', L.messageText);
  }
}

function checkView(out: Out, view: Json, surface: 'modal' | 'home'): void {
  if (view.type !== surface) out.push({ path: '/type', rule: 'view.type', limit: surface, actual: String(view.type) });
  checkString(out, view.private_metadata, '/private_metadata', 'view.private_metadata.length', L.privateMetadata);
  checkString(out, view.callback_id, '/callback_id', 'view.callback_id.length', L.callbackId);
  if (surface !== 'modal') return;
  const button = (rule: BlockKitRule, max: number): TextSpec => ({ rule, max, plainOnly: true });
  if (view.title === undefined) {
    out.push({ path: '/title', rule: 'view.title.required', limit: 'plain_text', actual: 'missing' });
  } else {
    checkText(out, view.title, '/title', button('view.title.length', L.viewTitle));
  }
  optionalText(out, view.submit, '/submit', button('view.submit.length', L.viewButton));
  optionalText(out, view.close, '/close', button('view.close.length', L.viewButton));
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isRecord(b) && b.type === 'input');
  if (hasInput && view.submit === undefined) {
    out.push({ path: '/submit', rule: 'view.submit.required', limit: 'plain_text', actual: 'missing' });
  }
}

function checkBlockList(out: Out, blocks: unknown, surface: Surface): void {
  const list = checkList(
    out,
    blocks,
    '/blocks',
    'blocks.count',
    surface === 'message' ? L.messageBlocks : L.viewBlocks,
  );
  for (const [i, block] of list.entries()) checkBlock(out, block, `/blocks/${i}`);
  const markdown = list.reduce(
    (n: number, b) => n + (isRecord(b) && b.type === 'markdown' ? stringLength(b.text) : 0),
    0,
  );
  if (markdown > L.markdownText) {
    out.push({ path: '/blocks', rule: 'markdown.cumulative_length', limit: L.markdownText, actual: markdown });
  }
  const total = blockTextLength(list);
  if (surface === 'message' && total > MSG_BLOCKS_TOO_LONG_SAFE_BUDGET) {
    out.push({
      path: '/blocks',
      rule: 'message.block_text_budget',
      limit: MSG_BLOCKS_TOO_LONG_SAFE_BUDGET,
      actual: total,
    });
  }
}

function checkBlock(out: Out, block: unknown, path: string): void {
  if (!isRecord(block) || typeof block.type !== 'string' || !KNOWN_BLOCK_TYPES.has(block.type)) {
    const actual = isRecord(block) ? String(block.type) : kind(block);
    out.push({ path: `${path}/type`, rule: 'block.type', limit: 'a known block type', actual });
    return;
  }
  checkString(out, block.block_id, `${path}/block_id`, 'block_id.length', L.blockId);
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        out.push({ path, rule: 'section.content', limit: 'text or fields', actual: 'neither' });
      }
      optionalText(out, block.text, `${path}/text`, { rule: 'section.text.length', max: L.sectionText });
      checkEach(out, block.fields, `${path}/fields`, 'section.fields.count', L.sectionFields, (field, at) =>
        checkText(out, field, at, { rule: 'section.field.length', max: L.sectionFieldText }),
      );
      if (block.accessory !== undefined) checkElement(out, block.accessory, `${path}/accessory`);
      break;
    case 'header':
      checkText(out, block.text, `${path}/text`, { rule: 'header.text.length', max: L.headerText, plainOnly: true });
      break;
    case 'context':
      checkEach(out, block.elements, `${path}/elements`, 'context.elements.count', L.contextElements, (e, at) =>
        isRecord(e) && e.type === 'image' ? checkElement(out, e, at) : checkText(out, e, at, ANY_TEXT),
      );
      break;
    case 'actions':
      checkEach(out, block.elements, `${path}/elements`, 'actions.elements.count', L.actionsElements, (e, at) =>
        checkElement(out, e, at),
      );
      break;
    case 'image':
      checkString(out, block.alt_text, `${path}/alt_text`, 'image.alt_text.length', L.imageAltText);
      optionalText(out, block.title, `${path}/title`, {
        rule: 'image.title.length',
        max: L.imageTitle,
        plainOnly: true,
      });
      break;
    case 'input':
      checkText(out, block.label, `${path}/label`, { rule: 'input.label.length', max: L.inputLabel, plainOnly: true });
      optionalText(out, block.hint, `${path}/hint`, { rule: 'input.hint.length', max: L.inputHint, plainOnly: true });
      if (block.element !== undefined) checkElement(out, block.element, `${path}/element`);
      break;
    case 'markdown':
      checkString(out, block.text, `${path}/text`, 'markdown.text.length', L.markdownText);
      break;
  }
}

function checkElement(out: Out, el: unknown, path: string): void {
  if (!isRecord(el)) {
    out.push({ path, rule: 'value.type', limit: 'object', actual: kind(el) });
    return;
  }
  checkString(out, el.action_id, `${path}/action_id`, 'action_id.length', L.actionId);
  checkString(
    out,
    el.accessibility_label,
    `${path}/accessibility_label`,
    'accessibility_label.length',
    L.accessibilityLabel,
  );
  const placeholder: TextSpec = { rule: 'placeholder.length', max: L.placeholder, plainOnly: true };
  optionalText(out, el.placeholder, `${path}/placeholder`, placeholder);
  if (el.confirm !== undefined) checkConfirm(out, el.confirm, `${path}/confirm`);
  switch (el.type) {
    case 'button':
    case 'workflow_button':
      checkText(out, el.text, `${path}/text`, { rule: 'button.text.length', max: L.buttonText, plainOnly: true });
      checkString(out, el.value, `${path}/value`, 'button.value.length', L.buttonValue);
      checkString(out, el.url, `${path}/url`, 'button.url.length', L.buttonUrl);
      break;
    case 'overflow':
      checkOptions(out, el.options, `${path}/options`, 'overflow.options.count', L.overflowOptions);
      break;
    case 'static_select':
    case 'multi_static_select':
      checkOptions(out, el.options, `${path}/options`, 'select.options.count', L.selectOptions);
      checkEach(
        out,
        el.option_groups,
        `${path}/option_groups`,
        'select.option_groups.count',
        L.selectOptions,
        (g, at) => checkOptionGroup(out, g, at),
      );
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(out, el.options, `${path}/options`, 'choice.options.count', L.choiceOptions);
      break;
    case 'image':
      checkString(out, el.alt_text, `${path}/alt_text`, 'image.alt_text.length', L.imageAltText);
      break;
  }
}

function checkOptionGroup(out: Out, group: unknown, path: string): void {
  if (!isRecord(group)) {
    out.push({ path, rule: 'value.type', limit: 'object', actual: kind(group) });
    return;
  }
  checkText(out, group.label, `${path}/label`, {
    rule: 'option_group.label.length',
    max: L.optionText,
    plainOnly: true,
  });
  checkOptions(out, group.options, `${path}/options`, 'select.options.count', L.selectOptions);
}

function checkOptions(out: Out, options: unknown, path: string, rule: BlockKitRule, max: number): void {
  checkEach(out, options, path, rule, max, (option, at) => {
    if (!isRecord(option)) {
      out.push({ path: at, rule: 'value.type', limit: 'object', actual: kind(option) });
      return;
    }
    checkText(out, option.text, `${at}/text`, { rule: 'option.text.length', max: L.optionText });
    checkString(out, option.value, `${at}/value`, 'option.value.length', L.optionValue);
    optionalText(out, option.description, `${at}/description`, {
      rule: 'option.description.length',
      max: L.optionText,
    });
    checkString(out, option.url, `${at}/url`, 'option.url.length', L.optionUrl);
  });
}

function checkConfirm(out: Out, confirm: unknown, path: string): void {
  if (!isRecord(confirm)) {
    out.push({ path, rule: 'value.type', limit: 'object', actual: kind(confirm) });
    return;
  }
  const plain = (rule: BlockKitRule, max: number): TextSpec => ({ rule, max, plainOnly: true });
  optionalText(out, confirm.title, `${path}/title`, plain('confirm.title.length', L.confirmTitle));
  checkText(out, confirm.text, `${path}/text`, { rule: 'confirm.text.length', max: L.confirmText });
  optionalText(out, confirm.confirm, `${path}/confirm`, plain('confirm.confirm.length', L.confirmButton));
  optionalText(out, confirm.deny, `${path}/deny`, plain('confirm.deny.length', L.confirmButton));
}

function checkText(out: Out, value: unknown, path: string, spec: TextSpec): void {
  const allowed = spec.plainOnly ? 'plain_text' : 'plain_text|mrkdwn';
  if (!isRecord(value) || typeof value.text !== 'string' || (value.type !== 'plain_text' && value.type !== 'mrkdwn')) {
    out.push({ path, rule: 'text.type', limit: allowed, actual: isRecord(value) ? String(value.type) : kind(value) });
    return;
  }
  if (spec.plainOnly && value.type !== 'plain_text') {
    out.push({ path: `${path}/type`, rule: 'text.type', limit: allowed, actual: value.type });
    return;
  }
  const n = value.text.length;
  if (n === 0) out.push({ path: `${path}/text`, rule: 'text.empty', limit: 1, actual: 0 });
  else if (n > spec.max) out.push({ path: `${path}/text`, rule: spec.rule, limit: spec.max, actual: n });
}

function optionalText(out: Out, value: unknown, path: string, spec: TextSpec): void {
  if (value !== undefined) checkText(out, value, path, spec);
}

function checkString(out: Out, value: unknown, path: string, rule: BlockKitRule, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'string') out.push({ path, rule: 'value.type', limit: 'string', actual: kind(value) });
  else if (value.length > max) out.push({ path, rule, limit: max, actual: value.length });
}

function checkList(out: Out, value: unknown, path: string, rule: BlockKitRule, max: number): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    out.push({ path, rule: 'value.type', limit: 'array', actual: kind(value) });
    return [];
  }
  if (value.length > max) out.push({ path, rule, limit: max, actual: value.length });
  return value;
}

function checkEach(
  out: Out,
  value: unknown,
  path: string,
  rule: BlockKitRule,
  max: number,
  check: (item: unknown, at: string) => void,
): void {
  for (const [i, item] of checkList(out, value, path, rule, max).entries()) check(item, `${path}/${i}`);
}

function stringLength(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kind(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
