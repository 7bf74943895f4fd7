import * as path from 'path';
import { App } from 'cdktf';
import { buildBaseline } from './baseline';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from './config/load';
import { synthSummary, warnAboutPlaceholders } from './synth-notes';

// Entry point of `cdktf synth` / `cdktf deploy` (see cdktf.json). The config is validated before any stack
// exists, so a bad config writes nothing.
try {
  const file = process.env.GUARDRAILS_CONFIG || DEFAULT_CONFIG_PATH;
  const config = loadConfig(file);
  const app = new App();
  const baseline = buildBaseline(app, config);
  const shownFile = path.relative(process.cwd(), path.resolve(file)) || file;
  const placeholders = warnAboutPlaceholders(baseline, config, shownFile);
  app.synth();
  const stacks = [...baseline.subscriptions, ...(baseline.managementGroup ? [baseline.managementGroup] : [])].map((s) => s.node.id);
  process.stdout.write(synthSummary(app.outdir, stacks, shownFile, placeholders));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
