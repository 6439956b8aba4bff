import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const MODULE = pathToFileURL(path.resolve(import.meta.dirname, '../scripts/pg-server.mjs')).href;

// An owner of a throwaway server: starts it, says where it is, then waits to be killed. With
// `own`, it handles the signal itself first, as the benches do (clean up, then exit).
const OWNER = `
const [moduleUrl, own] = process.argv.slice(1);
if (own === 'own') process.once('SIGINT', () => process.exit(130));
const { startPostgres } = await import(moduleUrl);
const pg = await startPostgres();
console.log(JSON.stringify({ dir: pg.dir, port: pg.port }));
setInterval(() => {}, 1 << 30);
`;

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

async function killedOwner(signal: NodeJS.Signals, own: boolean) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', OWNER, MODULE, own ? 'own' : ''], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const server = await new Promise<{ dir: string; port: number }>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out) as { dir: string; port: number });
    });
    child.on('exit', (code) => reject(new Error(`the owner exited (${code}) before its server started`)));
  });
  assert.ok(await accepts(server.port), 'the server listens while its owner runs');
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill(signal);
  return { ...server, code: await exited };
}

test('a throwaway PostgreSQL stops and its folder goes when its owner is killed by SIGTERM', async () => {
  const { dir, port, code } = await killedOwner('SIGTERM', false);
  assert.equal(code, 143);
  assert.equal(fs.existsSync(dir), false, 'the data folder is removed');
  assert.equal(await accepts(port), false, 'nothing listens on its port any more');
});

test("an owner's own Ctrl-C handler that exits also stops the server", async () => {
  const { dir, port, code } = await killedOwner('SIGINT', true);
  assert.equal(code, 130);
  assert.equal(fs.existsSync(dir), false);
  assert.equal(await accepts(port), false);
});
