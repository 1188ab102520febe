#!/usr/bin/env python3
"""Writes echo.wat (and its utf16 / latin1+utf16 variants): a component whose
export echo-T(x: T) -> T calls the host import echo-T with the same core
values and returns what it got, for many types T.  A host that echoes its
argument then sees every value lowered host->guest, lifted guest->host,
lowered host->guest and lifted guest->host again.  Flattening follows
CanonicalABI.md flatten_type/flatten_functype (written here independently of
libcm/cabi.c).

With --fuse, writes fuse-A-B.wat for every pair of encodings instead: the
echo component in encoding A whose import is the echo component in encoding
B (nested, linked guest to guest), whose import is the host.  A value then
crosses the A->B boundary both ways with no host in between.  And fz-A-B.wat
(gen_fuzz): arbitrary bytes as values across the same boundary.

usage: gen_echo.py OUT_DIR | gen_echo.py --fuse OUT_DIR
"""
import sys

# Types: (wit-ish name, component WAT type text, flat core types)
NAMED = [
    ("point", '(record (field "x" s32) (field "y" s32))'),
    ("shape", '(variant (case "circle" f32) (case "rect" $point) (case "empty") (case "big" u64))'),
    ("color", '(enum "red" "green" "blue")'),
    ("perms", '(flags "read" "write" "exec")'),
    ("mixed", '(variant (case "f" f32) (case "i" s8) (case "d" f64))'),
]

def flat(t):
    prim = {"bool": ["i32"], "s8": ["i32"], "u8": ["i32"], "s16": ["i32"], "u16": ["i32"],
            "s32": ["i32"], "u32": ["i32"], "s64": ["i64"], "u64": ["i64"], "f32": ["f32"],
            "f64": ["f64"], "char": ["i32"], "string": ["i32", "i32"]}
    if t in prim:
        return prim[t]
    if t.startswith("list"):
        return ["i32", "i32"]
    return {
        "$point": ["i32", "i32"],
        "$shape": ["i32", "i64", "i32"],   # join(f32,i32,-,i64)=i64 ; rect.y -> i32
        "$color": ["i32"],
        "$perms": ["i32"],
        "$mixed": ["i32", "i64"],          # join(f32, i32, f64) = i64
        "(option string)": ["i32", "i32", "i32"],
        "(option u8)": ["i32", "i32"],
        "(result u32 (error string))": ["i32", "i32", "i32"],
        "(result)": ["i32"],
        "(result (error u8))": ["i32", "i32"],
        "(tuple u8 string f64)": ["i32", "i32", "i32", "f64"],
        "(list (option $point))": ["i32", "i32"],
        "(list string)": ["i32", "i32"],
        "(list u8)": ["i32", "i32"],
        "(list u32)": ["i32", "i32"],
        "(list $entry)": ["i32", "i32"],
    }[t]

TYPES = ["bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64", "char",
         "string", "(list u8)", "(list string)", "(list u32)", "$point", "(tuple u8 string f64)",
         "$shape", "$color", "(option string)", "(option u8)", "(result u32 (error string))",
         "(result)", "(result (error u8))", "$perms", "(list (option $point))", "$mixed"]

def fname(i):
    return "echo-t%d" % i

def gen(enc):
    encopt = {"utf8": "", "utf16": " string-encoding=utf16", "latin1": " string-encoding=latin1+utf16"}[enc]
    o = []
    o.append("(component")
    o.append('  (import "test:echo/host@0.1.0" (instance $h')
    for n, body in NAMED:
        o.append('    (type $%s0 %s)' % (n, body.replace("$point", "$point")))
        o.append('    (export "%s" (type $%s (eq $%s0)))' % (n, n, n))
    for i, t in enumerate(TYPES):
        o.append('    (export "%s" (func (param "x" %s) (result %s)))' % (fname(i), t, t))
    o.append('    (export "sum17" (func %s (result u32)))' % " ".join('(param "p%d" u32)' % k for k in range(17)))
    o.append("  ))")
    for n, _ in NAMED:
        o.append('  (alias export $h "%s" (type $%s))' % (n, n))
    o.append("""  (core module $mm
    (memory (export "mem") 1)
    (global $heap (mut i32) (i32.const 4096))
    (global $posts (mut i32) (i32.const 0))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then (if (i32.lt_s (memory.grow (i32.sub (i32.shr_u (i32.add (global.get $heap) (i32.const 65535))
                                                             (i32.const 16))
                                                    (memory.size)))
                            (i32.const 0))
                (then unreachable))))
      (local.get $p))
    (func (export "post") (param i32) (global.set $posts (i32.add (global.get $posts) (i32.const 1))))
    (func (export "posts") (result i32) (global.get $posts)))
  (core instance $mi (instantiate $mm))
  (alias core export $mi "mem" (core memory $mem))
  (alias core export $mi "realloc" (core func $realloc))
  (alias core export $mi "post" (core func $post))""")
    sigs = []
    for i, t in enumerate(TYPES):
        f = flat(t)
        res_flat = f if len(f) == 1 else []
        if len(f) > 1:
            lp = f + ["i32"]     # lowered import: out-pointer
            lr = []
            ep, er = f, ["i32"]  # lifted export returns a pointer
        else:
            lp, lr, ep, er = f, f, f, f
        if len(f) > 16:
            raise SystemExit("too many")
        sigs.append((i, lp, lr, ep, er))
        o.append('  (core func $l%d (canon lower (func $h "%s") (memory $mem) (realloc $realloc)%s))' % (i, fname(i), encopt))
    o.append('  (core func $lsum (canon lower (func $h "sum17") (memory $mem) (realloc $realloc)%s))' % encopt)
    o.append("  (core module $m")
    o.append('    (import "h" "mem" (memory 1))')
    for i, lp, lr, ep, er in sigs:
        o.append('    (import "h" "%s" (func $i%d (param %s)%s))' % (fname(i), i, " ".join(lp), (" (result %s)" % " ".join(lr)) if lr else ""))
    o.append('    (import "h" "sum17" (func $isum (param i32) (result i32)))')
    for i, lp, lr, ep, er in sigs:
        args = " ".join("(local.get %d)" % k for k in range(len(ep)))
        if len(ep) == len(lp):
            body = "(call $i%d %s)" % (i, args)
        else:
            # results through memory: the import writes them to the return
            # area, which the export then returns (the host copies them out)
            body = "(call $i%d %s (i32.const 1024)) (i32.const 1024)" % (i, args)
        o.append('    (func (export "%s") (param %s) (result %s) %s)' % (fname(i), " ".join(ep), " ".join(er), body))
    o.append('    (func (export "sum17") (param i32) (result i32) (call $isum (local.get 0)))')
    o.append('    (func (export "units") (param i32 i32) (result i32) (local.get 1))')
    o.append("  )")
    o.append('  (core instance $hi (export "mem" (memory $mem))')
    for i, _, _, _, _ in sigs:
        o.append('    (export "%s" (func $l%d))' % (fname(i), i))
    o.append('    (export "sum17" (func $lsum)))')
    o.append('  (core instance $i (instantiate $m (with "h" (instance $hi))))')
    for i, t in enumerate(TYPES):
        post = " (post-return $post)" if len(flat(t)) > 1 else ""
        o.append('  (func (export "%s") (param "x" %s) (result %s) (canon lift (core func $i "%s") (memory $mem) (realloc $realloc)%s%s))'
                 % (fname(i), t, t, fname(i), encopt, post))
    o.append('  (func (export "sum17") %s (result u32) (canon lift (core func $i "sum17") (memory $mem) (realloc $realloc)))'
             % " ".join('(param "p%d" u32)' % k for k in range(17)))
    o.append('  (func (export "units") (param "s" string) (result u32) (canon lift (core func $i "units") (memory $mem) (realloc $realloc)%s))' % encopt)
    o.append('  (func (export "posts") (result u32) (canon lift (core func $mi "posts")))')
    o.append(")")
    return "\n".join(o) + "\n"

def host_import(o):
    o.append('  (import "test:echo/host@0.1.0" (instance $h')
    for n, body in NAMED:
        o.append('    (type $%s0 %s)' % (n, body))
        o.append('    (export "%s" (type $%s (eq $%s0)))' % (n, n, n))
    for i, t in enumerate(TYPES):
        o.append('    (export "%s" (func (param "x" %s) (result %s)))' % (fname(i), t, t))
    o.append('    (export "sum17" (func %s (result u32)))' % " ".join('(param "p%d" u32)' % k for k in range(17)))
    o.append("  ))")
    for n, _ in NAMED:
        o.append('  (alias export $h "%s" (type $%s))' % (n, n))

def gen_fuse(outer, inner):
    o = ["(component"]
    host_import(o)
    for name, enc in (("$B", inner), ("$A", outer)):
        body = gen(enc).split("\n", 1)[1]  # drop "(component"
        o.append("  (component %s" % name)
        o.append(body.rstrip())
    o.append('  (instance $bi (instantiate $B (with "test:echo/host@0.1.0" (instance $h))))')
    for i in range(len(TYPES)):
        o.append('  (alias export $bi "%s" (func $b%d))' % (fname(i), i))
    o.append('  (alias export $bi "sum17" (func $bsum))')
    o.append('  (instance $ai (instantiate $A (with "test:echo/host@0.1.0" (instance')
    for n, _ in NAMED:
        o.append('    (export "%s" (type $%s))' % (n, n))
    for i in range(len(TYPES)):
        o.append('    (export "%s" (func $b%d))' % (fname(i), i))
    o.append('    (export "sum17" (func $bsum))))))')
    for i in range(len(TYPES)):
        o.append('  (export "%s" (func $ai "%s"))' % (fname(i), fname(i)))
    for f in ("sum17", "units", "posts"):
        o.append('  (export "%s" (func $ai "%s"))' % (f, f))
    o.append('  (export "posts-b" (func $bi "posts"))')
    o.append(")")
    return "\n".join(o) + "\n"

LOADS = {"i32": "i32.load", "i64": "i64.load", "f32": "f32.load", "f64": "f64.load"}

def gen_returner(o, enc):
    """$Z (instance $zi): rz-tN() returns core values read from bytes the
    host wrote (fill), through memory at 2056 when T has several flat values."""
    encopt = {"utf8": "", "utf16": " string-encoding=utf16", "latin1": " string-encoding=latin1+utf16"}[enc]
    o.append("  (component $Z")
    host_import(o)
    o.append("""  (core module $zm
    (memory (export "mem") 1)
    (global $heap (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $heap))
      (global.set $heap (i32.add (local.get $p) (i32.const 1024)))
      (local.get $p))
    (func (export "fill") (param i32 i32) (memory.copy (i32.const 2048) (local.get 0) (local.get 1))
      (global.set $heap (i32.const 4096)))""")
    for i, t in enumerate(TYPES):
        f = flat(t)
        if len(f) > 1:
            o.append('    (func (export "rz-t%d") (result i32) (i32.const 2056))' % i)
        else:
            o.append('    (func (export "rz-t%d") (result %s) (%s (i32.const 2048)))' % (i, f[0], LOADS[f[0]]))
    o.append("  )")
    o.append("  (core instance $zi (instantiate $zm))")
    o.append('  (alias core export $zi "mem" (core memory $zmem))')
    o.append('  (alias core export $zi "realloc" (core func $zrealloc))')
    o.append('  (func (export "fill") (param "b" (list u8)) (canon lift (core func $zi "fill") (memory $zmem) (realloc $zrealloc)))')
    for i, t in enumerate(TYPES):
        o.append('  (func (export "rz-t%d") (result %s) (canon lift (core func $zi "rz-t%d") (memory $zmem)%s))' % (i, t, i, encopt))
    o.append("  )")
    o.append('  (instance $zi (instantiate $Z (with "test:echo/host@0.1.0" (instance $h))))')

def gen_fuzz(outer, inner):
    """fz-A-B: a caller in encoding A whose fz-tN() passes core values read
    from bytes the host wrote (fill) to the echo component in encoding B,
    and returns what came back; and whose zz-tN() returns what $Z (encoding
    B) made of the bytes given to zfill: arbitrary, mostly invalid values
    crossing the guest boundary both ways."""
    encopt = {"utf8": "", "utf16": " string-encoding=utf16", "latin1": " string-encoding=latin1+utf16"}[outer]
    o = ["(component"]
    host_import(o)
    body = gen(inner).split("\n", 1)[1]
    o.append("  (component $B")
    o.append(body.rstrip())
    o.append('  (instance $bi (instantiate $B (with "test:echo/host@0.1.0" (instance $h))))')
    gen_returner(o, inner)
    o.append("""  (core module $mm
    (memory (export "mem") 1)
    (global $heap (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then (if (i32.lt_s (memory.grow (i32.sub (i32.shr_u (i32.add (global.get $heap) (i32.const 65535))
                                                             (i32.const 16))
                                                    (memory.size)))
                            (i32.const 0))
                (then unreachable))))
      (local.get $p)))
  (core instance $mi (instantiate $mm))
  (alias core export $mi "mem" (core memory $mem))
  (alias core export $mi "realloc" (core func $realloc))""")
    for i in range(len(TYPES)):
        o.append('  (core func $l%d (canon lower (func $bi "%s") (memory $mem) (realloc $realloc)%s))' % (i, fname(i), encopt))
    o.append('  (core func $lsum (canon lower (func $bi "sum17") (memory $mem) (realloc $realloc)))')
    for i in range(len(TYPES)):
        o.append('  (core func $z%d (canon lower (func $zi "rz-t%d") (memory $mem) (realloc $realloc)%s))' % (i, i, encopt))
    o.append("  (core module $m")
    o.append('    (import "h" "mem" (memory 1))')
    for i, t in enumerate(TYPES):
        f = flat(t)
        o.append('    (import "h" "rz-t%d" (func $z%d %s))' % (i, i, "(param i32)" if len(f) > 1 else "(result %s)" % f[0]))
    for i, t in enumerate(TYPES):
        f = flat(t)
        lp, lr = (f + ["i32"], []) if len(f) > 1 else (f, f)
        o.append('    (import "h" "%s" (func $i%d (param %s)%s))' % (fname(i), i, " ".join(lp), (" (result %s)" % " ".join(lr)) if lr else ""))
    o.append('    (import "h" "sum17" (func $isum (param i32) (result i32)))')
    # the host's bytes go to 2048..3071; flat value k is read at 2048 + 8k
    o.append('    (func (export "fill") (param i32 i32) (memory.copy (i32.const 2048) (local.get 0) (local.get 1)))')
    for i, t in enumerate(TYPES):
        f = flat(t)
        args = " ".join("(%s (i32.const %d))" % (LOADS[x], 2048 + 8 * k) for k, x in enumerate(f))
        if len(f) > 1:
            body = "(call $i%d %s (i32.const 1024)) (i32.const 1024)" % (i, args)
            res = "i32"
        else:
            body = "(call $i%d %s)" % (i, args)
            res = f[0]
        o.append('    (func (export "fz-t%d") (result %s) %s)' % (i, res, body))
    for i, t in enumerate(TYPES):
        if len(flat(t)) > 1:
            o.append('    (func (export "zz-t%d") (result i32) (call $z%d (i32.const 1024)) (i32.const 1024))' % (i, i))
        else:
            o.append('    (func (export "zz-t%d") (result %s) (call $z%d))' % (i, flat(t)[0], i))
    o.append('    (func (export "fz-sum17") (result i32) (call $isum (i32.load (i32.const 2048)))))')
    o.append('  (core instance $i (instantiate $m (with "h" (instance (export "mem" (memory $mem))')
    for i in range(len(TYPES)):
        o.append('    (export "%s" (func $l%d))' % (fname(i), i))
    for i in range(len(TYPES)):
        o.append('    (export "rz-t%d" (func $z%d))' % (i, i))
    o.append('    (export "sum17" (func $lsum))))))')
    o.append('  (func (export "fill") (param "b" (list u8)) (canon lift (core func $i "fill") (memory $mem) (realloc $realloc)))')
    for i, t in enumerate(TYPES):
        o.append('  (func (export "fz-t%d") (result %s) (canon lift (core func $i "fz-t%d") (memory $mem) (realloc $realloc)%s))' % (i, t, i, encopt))
    o.append('  (func (export "fz-sum17") (result u32) (canon lift (core func $i "fz-sum17")))')
    for i, t in enumerate(TYPES):
        o.append('  (func (export "zz-t%d") (result %s) (canon lift (core func $i "zz-t%d") (memory $mem) (realloc $realloc)%s))' % (i, t, i, encopt))
    o.append('  (export "zfill" (func $zi "fill"))')
    o.append(")")
    return "\n".join(o) + "\n"

if __name__ == "__main__":
    if sys.argv[1] == "--fuse":
        # one more type for the guest-to-guest copy: records with strings in a list
        NAMED.append(("entry", '(record (field "name" string) (field "n" u32))'))
        TYPES.append("(list $entry)")
        for a in ("utf8", "utf16", "latin1"):
            for b in ("utf8", "utf16", "latin1"):
                with open("%s/fuse-%s-%s.wat" % (sys.argv[2], a, b), "w") as f:
                    f.write(";; generated by gen_echo.py --fuse\n" + gen_fuse(a, b))
                with open("%s/fz-%s-%s.wat" % (sys.argv[2], a, b), "w") as f:
                    f.write(";; generated by gen_echo.py --fuse\n" + gen_fuzz(a, b))
        sys.exit(0)
    out = sys.argv[1]
    for enc in ("utf8", "utf16", "latin1"):
        with open("%s/echo-%s.wat" % (out, enc), "w") as f:
            f.write(";; generated by gen_echo.py - do not edit\n" + gen(enc))
