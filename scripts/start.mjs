// `npm start`: installs what is missing, then runs the server through the CLI (`olala serve`),
// which migrates the database, imports the bundled sample wiki into an empty one and serves
// on http://localhost:8080 (PORT and HOST change that; see .env.example). The web app is built
// first when apps/web/dist is missing or older than its sources.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureWebBuild } from './build-web.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureDeps();
try {
  ensureWebBuild('prod');
} catch (err) {
  // The API still works without the app; say why the page is the placeholder.
  console.error(`[olala] warning: ${err.message}; serving without the web app`);
}

const child = spawn(process.execPath, [path.join(root, 'apps/cli/bin/olala.mjs'), 'serve', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.cwd(),
});

// Ctrl-C reaches the server too (same process group); it shuts down gracefully and we exit with it.
// A SIGTERM sent to this process alone (say by a supervisor) is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
