// provider.js - the componentize-js provider of test:parity/text
// (wit/text.wit, world provider): the behaviour of provider.c, with
// JavaScript strings (UTF-16 inside, UTF-8 byte counts outside).
const enc = new TextEncoder();
const bytes = (s) => enc.encode(s).length;
const wordsOf = (s) => s.split(' ').filter((w) => w !== '');

function parseStr(s) {
  const digits = s.startsWith('-') ? s.slice(1) : s;
  if (digits === '') return { err: 'empty' };
  if (digits.length > 18) return { err: 'too long' };
  if (!/^[0-9]+$/.test(digits)) return { err: 'not a digit' };
  return { ok: BigInt(s) };
}

export const text = {
  analyze(s) {
    let longest = '';
    for (const w of wordsOf(s)) if (bytes(w) > bytes(longest)) longest = w;
    return { words: wordsOf(s).length, bytes: bytes(s), longest };
  },
  shout(words) {
    return words.map((w) => w.replace(/[a-z]/g, (c) => c.toUpperCase())).reverse();
  },
  parse(s) {
    const r = parseStr(s);
    if (r.err !== undefined) throw r.err; // the result's err case
    return r.ok;
  },
  tokens(s) {
    const out = [];
    for (const piece of s.split(/( )/)) {
      if (piece === '') continue;
      if (piece === ' ') {
        out.push({ tag: 'space' });
        continue;
      }
      const r = parseStr(piece);
      out.push(r.err === undefined ? { tag: 'num', val: r.ok } : { tag: 'word', val: piece });
    }
    return out;
  },
  nth(s, i) {
    return wordsOf(s)[i];
  },
};
