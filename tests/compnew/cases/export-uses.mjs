// export-uses.mjs DIR NAME - run the transpiled component of export-uses.wit
// (jco transpile --instantiation async): b's functions take and return the
// exported a's `thing` handles.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, name] = process.argv.slice(2);
const { instantiate } = await import(pathToFileURL(join(dir, `${name}.js`)).href);

class Thing { // the imported a's resource: the guest never uses it
  constructor() { throw new Error('imported thing constructed'); }
  id() { throw new Error('imported thing used'); }
}
const inst = await instantiate(
  (path) => readFile(join(dir, path)).then((b) => WebAssembly.compile(b)),
  { 'test:uses/a': { Thing } });
const { a, b } = inst;

const t = new a.Thing(5);
assert.equal(t.id(), 5);
assert.deepEqual(a.describe(t), { id: 5, flag: false });
// a's handle borrowed by b
assert.equal(b.peek(t), 6);
// b makes one of a's things ...
const w = b.wrap({ id: 7, flag: true });
assert.ok(w instanceof a.Thing, 'b.wrap returns the exported a.Thing');
assert.equal(w.id(), 14);
assert.equal(b.peek(w), 15);
// ... and takes one back (its destructor runs in the guest)
assert.deepEqual(b.take(w), { id: 14, flag: true });
assert.deepEqual(a.describe(t), { id: 19, flag: true });
console.log('export-uses: all checks passed');
