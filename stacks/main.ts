import { App } from 'cdktf';
import { buildBaseline } from './baseline';
import { ConfigError, loadConfig } from './config/load';

// Entry point of `cdktf synth` / `cdktf deploy` (see cdktf.json). The config is validated before any stack
// exists, so a bad config writes nothing.
try {
  const config = loadConfig();
  const app = new App();
  buildBaseline(app, config);
  app.synth();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
