// run_naming.mjs DIR - run the transpiled component of world
// test:naming/naming (guests/naming.c): plain-named interfaces, an interface
// both imported (from here) and exported (by the guest), `use`d types, and
// resources handed to the guest as owned lists and as borrows.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2];
const { instantiate } = await import(pathToFileURL(join(dir, 'naming.js')).href);

class Handle {
  constructor(id) { this.n = id * 10; }
  id() { return this.n; }
}
const inst = await instantiate(
  (path) => readFile(join(dir, path)).then((b) => WebAssembly.compile(b)),
  {
    plain: { getMode: () => 'slow' },
    'world-fn': { default: (r) => ({ n: r.n + 1, tag: r.tag + '!' }) },
    'test:naming/shared': { make: (r, e) => ({ default: r * e, stdin: false }), Handle },
  });

// the guest's own `shared` (exports_ names), not the host's
const s = inst.shared.make(5, 2);
assert.deepEqual(s, { default: 7, stdin: true });
const h1 = new inst.shared.Handle(1);
const h2 = new inst.shared.Handle(20);
const first = new inst.shared.Handle(3);
assert.equal(first.id(), 3);
// the guest owns h1 and h2 (it drops them: destructors add 21), borrows `first`
assert.equal(inst.consumer.count([h1, h2], first, { default: 4, stdin: false }), 300 + 4 + 21);
// the imported `shared` is the host's (ids times ten, product, stdin false)
assert.equal(inst.inline.hello('wörld'),
  'hello wörld mode=slow world=42,t! made=6,out handle=90 dropped=21');
console.log('naming: all checks passed');
