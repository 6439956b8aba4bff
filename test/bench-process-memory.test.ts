import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { processTree, sampleTreeMemory } from '../bench/lib/process-memory.js';

test("a process tree's memory counts its children: a child holding 256 MB raises the peak by about that", async () => {
  const sampler = sampleTreeMemory(process.pid, 50);
  // The child fills 256 MB (touched, so resident), says so, and waits to be ended.
  const child = spawn(
    process.execPath,
    ['-e', "const b = Buffer.alloc(256 * 2 ** 20, 1); process.stdout.write('ready'); setInterval(() => b[0]++, 1000);"],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await once(child.stdout, 'data');
    assert.ok(processTree(process.pid).includes(child.pid!), 'the child is in the tree');
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    child.kill();
  }
  await once(child, 'close');
  const peak = sampler.stop();
  const own = Math.round(process.memoryUsage().rss / 2 ** 20);
  // PSS of this process is at most its RSS; the child added its 256 MB.
  assert.ok(peak >= 256, `peak ${peak} MB`);
  assert.ok(peak <= own + 256 + 200, `peak ${peak} MB, this process ${own} MB`);
});

test("a tree is its root's descendants only: another process's child is not in this one's", () => {
  const tree = processTree(process.pid);
  assert.equal(tree[0], process.pid);
  assert.ok(!tree.includes(process.ppid), 'the parent is not below its child');
});
