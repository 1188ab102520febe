// A componentize-js command: prints a greeting and its arguments (without
// argv[0], which differs between hosts).
import { getArguments } from 'wasi:cli/environment@0.2.12';

export const run = {
  run() {
    const args = getArguments().slice(1);
    console.log('hello from js');
    console.log('argc ' + args.length);
    for (const a of args) console.log('arg ' + a);
  },
};
