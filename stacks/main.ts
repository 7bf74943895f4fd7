import { App } from 'cdktf';
import { buildBaseline } from './baseline';
import { ConfigError, loadConfig } from './config/load';

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
  const config = loadConfig();
  const app = new App();
  buildBaseline(app, config);
  app.synth();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.setSourceMapsEnabled(true);
  throw error;
}
