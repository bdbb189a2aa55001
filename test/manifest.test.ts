/**
 * manifest.yml against Slack's official app-manifest JSON Schema (vendored in vendor/slack-manifest-schema,
 * because the schema's $ref points at a URL and tests run without network).
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const SCHEMA_DIR = new URL('../vendor/slack-manifest-schema/', import.meta.url);
const readJson = (name: string) => JSON.parse(readFileSync(new URL(name, SCHEMA_DIR), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv-formats is CommonJS with a default export; under nodenext it arrives as `.default`.
  formats.default(ajv);
  const root = readJson('manifest.schema.json');
  // Resolve the remote $refs of the root schema to the vendored versioned files.
  for (const version of ['1.0.0', '2.0.0']) {
    const schema = readJson(`schemas/manifest.schema.${version}.json`);
    delete schema.$schema;
    ajv.addSchema(
      schema,
      `https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.${version}.json`,
    );
  }
  delete root.$schema;
  return ajv.compile(root);
}

const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8'));

describe('manifest.yml', () => {
  const validate = validator();

  it('is valid against the official Slack manifest schema', () => {
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail: a manifest without a name is rejected', () => {
    const broken = structuredClone(manifest);
    delete broken.display_information.name;
    broken.features.slash_commands[0].command = 'ecrscan';
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('\n');
    expect(paths).toMatch(/display_information|command/);
  });

  it('declares what ecrscan needs: /ecrscan, interactivity, App Home, the six bot scopes', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/ecrscan']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['channels:history', 'chat:write', 'chat:write.public', 'commands', 'groups:history', 'usergroups:read'].sort(),
    );
    expect(typeof manifest.settings.socket_mode_enabled).toBe('boolean');
  });
});
