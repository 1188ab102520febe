// A componentize-js command.  Without options it prints a greeting and its
// arguments (without argv[0], which differs between hosts).  "--fields"
// exercises wasi:http/types fields; "--deny" tries an outgoing request and
// a TCP socket, which a host without network grants must refuse.
import { getArguments } from 'wasi:cli/environment@0.2.12';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.12';

const enc = new TextEncoder();
const dec = new TextDecoder();

function attempt(name, fn) {
  try {
    const v = fn();
    console.log(name + ': ok ' + (v === undefined ? '' : v));
  } catch (e) {
    console.log(name + ': error ' + JSON.stringify(e.payload !== undefined ? e.payload : String(e)));
  }
}

function fields() {
  const f = new Fields();
  f.append('Content-Type', enc.encode('text/plain'));
  f.append('x-multi', enc.encode('one'));
  f.append('X-Multi', enc.encode('two'));
  console.log('get x-multi: ' + f.get('x-multi').map((v) => dec.decode(v)).join(','));
  console.log('has content-type: ' + f.has('content-type'));
  f.set('x-multi', [enc.encode('three')]);
  f.delete('content-type');
  console.log('entries: ' + f.entries().map(([k, v]) => k + '=' + dec.decode(v)).join(';'));
  attempt('bad name', () => f.append('bad name', enc.encode('v')));
  attempt('bad value', () => f.append('ok', enc.encode('a\nb')));
  const g = Fields.fromList([['a', enc.encode('1')], ['b', enc.encode('2')]]);
  console.log('from-list: ' + g.entries().map(([k, v]) => k + '=' + dec.decode(v)).join(';'));
  const req = new OutgoingRequest(g);
  attempt('immutable', () => req.headers().append('c', enc.encode('3')));
  attempt('set-authority', () => req.setAuthority('example.com'));
  console.log('authority: ' + req.authority());
}

function deny() {
  const req = new OutgoingRequest(new Fields());
  req.setAuthority('127.0.0.1:9');
  req.setPathWithQuery('/');
  attempt('http', () => handle(req, undefined));
  attempt('tcp', () => createTcpSocket('ipv4'));
}

export const run = {
  run() {
    const args = getArguments().slice(1);
    if (args[0] === '--fields') return fields();
    if (args[0] === '--deny') return deny();
    console.log('hello from js');
    console.log('argc ' + args.length);
    for (const a of args) console.log('arg ' + a);
  },
};
