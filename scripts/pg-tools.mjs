// Makes sure pg_dump, pg_restore and psql of at least PostgreSQL <major> are installed, for
// `olala db backup` / `olala db restore` on a server database, and prints their folder.
//   node scripts/pg-tools.mjs [major]     (default 15, Debian bookworm's own version)
// Debian's postgresql-client-<major> when apt has it (as root); otherwise it says what to run.
// CI and tests get the tools with the server package that scripts/pg-server.mjs installs.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

function newestBinDir(minMajor) {
  let versions = [];
  try {
    versions = fs.readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).map(Number).sort((a, b) => b - a);
  } catch {}
  const v = versions.find((n) => n >= minMajor && fs.existsSync(`/usr/lib/postgresql/${n}/bin/pg_dump`));
  return v === undefined ? undefined : `/usr/lib/postgresql/${v}/bin`;
}

export function ensurePgClientTools(major = 15) {
  const found = newestBinDir(major);
  if (found) return found;
  const pkg = `postgresql-client-${major}`;
  if (process.getuid?.() !== 0) throw new Error(`pg_dump ${major} or newer is missing. Install it: sudo apt-get install -y ${pkg}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const known = spawnSync('apt-cache', ['show', pkg], { encoding: 'utf8' }).status === 0;
  if (!known) {
    throw new Error(
      `apt has no ${pkg} (Debian bookworm ships 15). Add the PostgreSQL apt repository first: ` +
        `apt-get install -y postgresql-common && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y, then run this again`,
    );
  }
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env });
  const dir = newestBinDir(major);
  if (!dir) throw new Error(`${pkg} was installed but pg_dump was not found under /usr/lib/postgresql`);
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const major = Number(process.argv[2] ?? 15);
  if (!Number.isInteger(major) || major < 10) {
    console.error(`usage: node scripts/pg-tools.mjs [major]   (got "${process.argv[2]}")`);
    process.exit(2);
  }
  try {
    console.log(ensurePgClientTools(major));
  } catch (err) {
    console.error(`error: ${err.message}`);
    process.exit(1);
  }
}
