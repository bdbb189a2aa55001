#!/usr/bin/env node
// The AWS SDK warns on Node 20 that its 2027 releases need Node 22. ecrscan supports Node >= 20 and
// the warning is noise in CLI output and JSON, so it is off unless the user sets the variable.
if (process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === undefined) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    console.error('ecrscan is not built yet: run `npm ci` (or `npm run build`) in the ecrscan folder first.');
    process.exit(2);
  }
  throw err;
}
process.exitCode = await cli.main(process.argv.slice(2));
