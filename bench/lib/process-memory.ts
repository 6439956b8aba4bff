import fs from 'node:fs';

/** kB of a `Name:  N kB` line of a /proc file, or 0 (a process that ended between the reads). */
function kbOf(file: string, name: string): number {
  try {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(file, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** A process and every process below it, each found through the parent its /proc/N/stat names. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // The command name, in parentheses, may hold spaces and parentheses: the fields follow the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/**
 * The memory of a process tree (a PostgreSQL server: the postmaster and its backends), sampled
 * every `everyMs` until `stop()`, which returns the highest sum seen, in MB. Each process counts
 * its PSS (proportional set size: a page shared by n processes counts 1/n in each), so the
 * shared buffers every backend maps count once, which a sum of RSS would count per backend.
 */
export function sampleTreeMemory(root: number, everyMs = 500): { stop(): number } {
  let peakKb = 0;
  const sample = () => {
    let kb = 0;
    for (const pid of processTree(root)) kb += kbOf(`/proc/${pid}/smaps_rollup`, 'Pss');
    peakKb = Math.max(peakKb, kb);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return Math.round(peakKb / 1024);
    },
  };
}
