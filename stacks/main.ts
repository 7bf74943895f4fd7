import * as path from 'path';
import { App } from 'cdktf';
import { buildBaseline, checkBaselinePolicies } from './baseline';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from './config/load';
import { synthSummary, warnAboutPlaceholders } from './synth-notes';

// Entry point of `cdktf synth` / `cdktf deploy` (see cdktf.json). The config is validated before any stack
// exists, so a bad config writes nothing.
//
// Source maps: tsx turns on Node's source-map support, and cdktf captures a full stack trace for every token it
// creates, so every token paid for mapping every frame of its stack through the source maps (most of a large synth).
// No output needs them: they only make stack traces point at the TypeScript sources. So they are off while the app
// builds and synthesizes, and back on before an unexpected error is printed (its stack is rendered when it is first
// read, so it still points at the .ts files). GUARDRAILS_SOURCE_MAPS=1 keeps them on throughout, for the creation
// stacks cdktf prints with a token error. The modules above were loaded, and their maps registered, before this line.
const keepSourceMaps = process.env.GUARDRAILS_SOURCE_MAPS === '1';
if (!keepSourceMaps) process.setSourceMapsEnabled(false);

try {
  const file = process.env.GUARDRAILS_CONFIG || DEFAULT_CONFIG_PATH;
  const config = loadConfig(file);
  const app = new App();
  const shownFile = path.relative(process.cwd(), path.resolve(file)) || file;
  const baseline = buildBaseline(app, config, shownFile);
  checkBaselinePolicies(app, config);
  const placeholders = warnAboutPlaceholders(baseline, config, shownFile);
  app.synth();
  const stacks = [...baseline.subscriptions, ...(baseline.managementGroup ? [baseline.managementGroup] : [])].map((s) => s.node.id);
  process.stdout.write(synthSummary(app.outdir, stacks, shownFile, placeholders));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.setSourceMapsEnabled(true);
  throw error;
}
