// Makes sure pg_dump, pg_restore and psql of at least PostgreSQL <major> are installed, for
// `olala db backup` / `olala db restore` on a server database, and prints their folder.
//   node scripts/pg-tools.mjs [major]     (default 15, Debian bookworm's own version)
// Debian's postgresql-client-<major> when apt has it (as root, through system-deps.mjs);
// otherwise it says what to run. CI and tests get the tools with the server package that
// scripts/pg-server.mjs installs.
import fs from 'node:fs';
import { ensureSystemPackages } from './system-deps.mjs';

function newestBinDir(minMajor) {
  let versions = [];
  try {
    versions = fs
      .readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .map(Number)
      .sort((a, b) => b - a);
  } catch {}
  const v = versions.find((n) => n >= minMajor && fs.existsSync(`/usr/lib/postgresql/${n}/bin/pg_dump`));
  return v === undefined ? undefined : `/usr/lib/postgresql/${v}/bin`;
}

export function ensurePgClientTools(major = 15) {
  const pkg = `postgresql-client-${major}`;
  ensureSystemPackages([
    {
      what: `pg_dump, pg_restore and psql ${major} or newer`,
      check: () => newestBinDir(major) !== undefined,
      packages: [pkg],
      hint:
        `If apt has no ${pkg} (Debian bookworm ships 15), add the PostgreSQL apt repository first: ` +
        `apt-get install -y postgresql-common && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y, then run this again`,
    },
  ]);
  return newestBinDir(major);
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
