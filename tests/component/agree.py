#!/usr/bin/env python3
"""agree.py GENDIR ROUNDTRIP WASM_TOOLS - no false rejections.

Deterministic byte mutations of the type-only components (WIT packages
encoded as components, hand-written WAT without core code): whenever
`wasm-tools validate` accepts a mutant, our decoder and type model must
accept it too (and round-trip it).  The other direction is reported but
not required: we do not validate core code or everything wasmparser does.
"""
import os
import random
import subprocess
import sys
import tempfile

gen, roundtrip, wasm_tools = sys.argv[1:4]
seeds = sorted(f for f in os.listdir(gen)
               if f.startswith('witpkg-') or f in ('wat-names.wasm', 'wat-nested.wasm'))
if len(seeds) < 5:
    sys.exit('agree.py: too few seed components in ' + gen)
rng = random.Random(20261121)
tmpdir = tempfile.TemporaryDirectory()
tmp = tmpdir.name
accepted = rejected_by_us = extra = 0
for name in seeds:
    data = open(os.path.join(gen, name), 'rb').read()
    for k in range(25):
        m = bytearray(data)
        for _ in range(rng.choice((1, 1, 2))):
            i = rng.randrange(8, len(m))
            m[i] = rng.choice((m[i] ^ (1 << rng.randrange(8)), rng.randrange(256), 0))
        path = os.path.join(tmp, '%s.%d.wasm' % (name, k))
        open(path, 'wb').write(m)
        wt = subprocess.run([wasm_tools, 'validate', path], capture_output=True).returncode == 0
        us = subprocess.run([roundtrip, path], capture_output=True).returncode == 0
        if wt:
            accepted += 1
            if not us:
                rejected_by_us += 1
                keep = 'agree-fail-%s-%d.wasm' % (name, k)  # left in the working directory
                open(keep, 'wb').write(m)
                print('false rejection:', keep, file=sys.stderr)
        elif us:
            extra += 1
        os.remove(path)
print('%d mutants accepted by wasm-tools, %d of them rejected by us; we accepted %d that it rejects'
      % (accepted, rejected_by_us, extra))
sys.exit(1 if rejected_by_us or accepted < 50 else 0)
