#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (npm ci builds it through `prepare`).
//
// govblog runs on the Node LTS that `npm ci` brings as the `node` package. A
// script or service manager may start this file with an older system Node
// (`node bin/govblog.js serve`); then it runs itself again under the project's
// runtime, passing every argument, signal and exit code through. Nothing of
// govblog is loaded before that check: its native modules crash older Nodes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);

if (major >= REQUIRED_MAJOR) {
  const { main } = await import('../dist/cli/main.js');
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`govblog: ${err?.stack ?? err}\n`);
      process.exitCode = 1;
    },
  );
} else {
  const runtime = projectRuntime();
  if (!runtime || process.env.GOVBLOG_REEXEC === runtime) {
    process.stderr.write(
      `govblog: needs Node ${REQUIRED_MAJOR} or later (this is ${process.version}); run \`npm ci\` in the govblog folder, which installs it as the \`node\` package, or install Node ${REQUIRED_MAJOR} LTS\n`,
    );
    process.exit(2);
  }
  const child = spawn(runtime, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, GOVBLOG_REEXEC: runtime },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (err) => {
    process.stderr.write(`govblog: cannot start ${runtime}: ${err.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
}

/** The `node` package's binary, found as Node finds any dependency: this package's node_modules, then its parents'. */
function projectRuntime() {
  try {
    const require = createRequire(import.meta.url);
    const binary = join(dirname(require.resolve('node/package.json')), 'bin', 'node');
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}
