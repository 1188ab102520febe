// run_types.mjs DIR - instantiate the transpiled component of world
// test:types/types (guests/types.c through `witc bindgen`), give it the host
// imports, call every export and check the results.  Exit status 0 = pass.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2];
const { instantiate } = await import(pathToFileURL(join(dir, 'types.js')).href);

const logs = [];
class Counter {
  constructor(start) { this.n = start; }
  add(n) { this.n += n; return this.n; }
  get() { return this.n; }
  static sum(a, b) { return a.n + b.n; }
}
const host = {
  summarize(xs) {
    return [BigInt(xs.reduce((s, p) => s + p.a, 0)), xs.map((p) => p.b).join(',')];
  },
  reverse(s) { return s === '' ? undefined : [...s].reverse().join(''); },
  checkedDouble(n) {
    if (n < 100) return n * 2;
    throw { payload: 'too big' };
  },
  bounce(v, w) {
    const k = w === undefined ? 0 : w * 2; // some(0.5) adds one more
    switch (v.tag) {
      case 'i': return { tag: 'i', val: v.val + 1 + k };
      case 'l': return { tag: 'l', val: v.val + 1n };
      case 'f': return { tag: 'f', val: v.val + 1 + k };
      case 'd': return { tag: 'd', val: v.val + 1 + k };
      case 's': return { tag: 's', val: v.val + '+' };
      default: return v;
    }
  },
  Counter,
};
const inst = await instantiate(
  (path) => readFile(join(dir, path)).then((b) => WebAssembly.compile(b)),
  { 'test:types/host': host, log: { default: (m) => logs.push(m) } });
const api = inst.api;

// primitives, at their limits
assert.equal(api.roundtripBool(true), false);
assert.equal(api.roundtripBool(false), true);
assert.equal(api.roundtripU8(254), 255);
assert.equal(api.roundtripU8(255), 0);
assert.equal(api.roundtripS8(-127), 127);
assert.equal(api.roundtripU16(40000), 14464);
assert.equal(api.roundtripS16(-32767), -32768);
assert.equal(api.roundtripU32(0), 4294967295);
assert.equal(api.roundtripS32(-7), -3);
assert.equal(api.roundtripU64(18446744073709551614n), 18446744073709551615n);
assert.equal(api.roundtripS64(-9223372036854775807n), 9223372036854775807n);
assert.equal(api.roundtripF32(1.25), 2.5);
assert.equal(api.roundtripF64(-10), -2.5);
assert.equal(api.roundtripChar('a'), 'b');
assert.equal(api.roundtripChar('\u{1F600}'), '\u{1F601}');

// strings: empty, ASCII, non-ASCII
assert.equal(api.reverseString(''), '');
assert.equal(api.reverseString('hello'), 'olleh');
assert.equal(api.reverseString('añb€😀'), '😀€bña');
assert.equal(api.stringBytes('añ€😀'), 1 + 2 + 3 + 4);
assert.equal(api.stringBytes(''), 0);

// lists of lists
assert.deepEqual(api.transpose([['a', 'b', 'c'], ['d'], []]),
  [['a', 'd', ''], ['b', '', ''], ['c', '', '']]);
assert.deepEqual(api.transpose([]), []);

// records, enums, flags
assert.deepEqual(api.movePoint({ x: 1, y: -2 }, 10, 20), { x: 11, y: 18 });
assert.equal(api.nextColor('red'), 'green');
assert.equal(api.nextColor('blue'), 'red');
assert.deepEqual(api.flipOne({}), { a: true });
assert.deepEqual(api.flipOne({ a: true }), { a: false });
const set = (r) => Object.keys(r).filter((k) => r[k]).sort();
assert.deepEqual(set(api.flipNine({ b1: true, b8: true })), ['b0', 'b1']);
assert.deepEqual(set(api.flipSeventeen({ c0: true })), ['c0', 'c1', 'c16']);
assert.deepEqual(set(api.flipThirtyTwo({ d31: true, d5: true })), ['d2', 'd5']);

// variants whose payloads join into shared slots
assert.deepEqual(api.doubleNum({ tag: 'i', val: -21 }), { tag: 'i', val: -42 });
assert.deepEqual(api.doubleNum({ tag: 'l', val: 1n << 40n }), { tag: 'l', val: 1n << 41n });
assert.deepEqual(api.doubleNum({ tag: 'f', val: 1.5 }), { tag: 'f', val: 3 });
assert.deepEqual(api.doubleNum({ tag: 'd', val: -0.25 }), { tag: 'd', val: -0.5 });
assert.deepEqual(api.doubleNum({ tag: 'none' }), { tag: 'none' });
assert.deepEqual(api.doubleNum({ tag: 'text', val: 'ab' }), { tag: 'text', val: 'abab' });
assert.equal(api.area({ tag: 'circle', val: 2 }), 12);
assert.equal(api.area({ tag: 'rect', val: { x: 3, y: 4 } }), 12);
assert.equal(api.area({ tag: 'poly', val: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }), 2);
assert.equal(api.area({ tag: 'empty' }), 0);
assert.deepEqual(api.scale({ tag: 'poly', val: [{ x: 1, y: 2 }, { x: -3, y: 4 }] }, 3),
  { tag: 'poly', val: [{ x: 3, y: 6 }, { x: -9, y: 12 }] });
assert.deepEqual(api.scale({ tag: 'circle', val: 1.5 }, 2), { tag: 'circle', val: 3 });

// options
assert.equal(api.addOptions(undefined, undefined), undefined);
assert.equal(api.addOptions(2, undefined), 2);
assert.equal(api.addOptions(2, 40), 42);
assert.equal(api.optionString(undefined), undefined);
assert.equal(api.optionString(''), '<>');
assert.equal(api.optionString('ü'), '<ü>');
// jco spells the outer option of option<option<u8>> as a tagged object
assert.deepEqual(api.nestedOption({ tag: 'none' }), { tag: 'none' });
assert.deepEqual(api.nestedOption({ tag: 'some', val: undefined }), { tag: 'some', val: 0 });
assert.deepEqual(api.nestedOption({ tag: 'some', val: 7 }), { tag: 'some', val: undefined });

// the four result forms (jco throws the error payload)
const err = (f) => { try { f(); } catch (e) { return e.payload; } assert.fail('no error'); };
assert.equal(api.resultBoth(4), 40);
assert.equal(err(() => api.resultBoth(-1)), 'negative');
assert.equal(api.resultOkOnly(123), '123');
assert.equal(err(() => api.resultOkOnly(-1)), undefined);
assert.equal(api.resultErrOnly(0), undefined);
assert.equal(err(() => api.resultErrOnly(5)), 'green');
assert.equal(err(() => api.resultErrOnly(-5)), 'blue');
assert.equal(api.resultNone(2), undefined);
assert.equal(err(() => api.resultNone(3)), undefined);

// tuples, > 16 flat parameters, several results through memory
assert.deepEqual(api.swap([7, 'mid', 2.5]), [2.5, 'mid', 7]);
assert.equal(api.many(1, -2, 3, -4, 5, -6, 7n, -8n, 9.5, 10.5, 'x', true, 'four', 14, 15, 16, 17,
  18), BigInt(1 - 2 + 3 - 4 + 5 - 6 + 7 - 8 + 9 + 10 + 'x'.codePointAt(0) + 1 + 4 + 14 + 15 + 16 + 17 + 18));
assert.deepEqual(api.multi(13), [14, '13', 6.5, new Uint8Array([0, 1, 2, 3, 4])]);
assert.deepEqual(api.multi(8), [9, '8', 4, new Uint8Array([])]);

// lists of records of variants of lists
const items = [
  { name: 'first', tags: [['a'], [], ['b', 'c']], shapes: [{ tag: 'poly', val: [{ x: 1, y: 1 }] }, { tag: 'empty' }], color: 'red' },
  { name: 'zweite ü', tags: [], shapes: [], color: 'blue' },
];
assert.deepEqual(api.items(items), [
  { name: 'ZWEITE ü', tags: [], shapes: [], color: 'blue' },
  { name: 'FIRST', tags: [['a'], [], ['b', 'c']], shapes: [{ tag: 'poly', val: [{ x: 1, y: 1 }] }, { tag: 'empty' }], color: 'red' },
]);
assert.deepEqual(api.items([]), []);

// imports: records in lists, tuples, options, results, resources with borrows
const bounced = 'bounce=-3,-1099511627775,350,-25,é+,nothing';
assert.equal(api.useHost('hello'),
  `sum=12 joined=x,hello rev=olleh dbl=42 err=too big ${bounced} counters=15,12`);
assert.equal(api.useHost(''),
  `sum=12 joined=x, rev=none dbl=42 err=too big ${bounced} counters=15,12`);

// an exported resource: constructor, methods, static, borrows, destructor
const a = new api.Blob(new Uint8Array([1, 2]));
const b = new api.Blob(new Uint8Array([3]));
a.append(b);
assert.deepEqual(a.bytes(), new Uint8Array([1, 2, 3]));
const m = api.Blob.merge(a, b);
assert.equal(m.size(), 4);
assert.deepEqual(m.bytes(), new Uint8Array([1, 2, 3, 3]));
logs.length = 0;
assert.equal(api.consume(m), 4);
assert.deepEqual(logs, ['drop blob 4']);
b[Symbol.dispose]();
assert.deepEqual(logs, ['drop blob 4', 'drop blob 1']);

// a world-level export and a world-level import
logs.length = 0;
assert.equal(inst.run(), 'ran');
assert.deepEqual(logs, ['run called']);
console.log('types: all checks passed');
