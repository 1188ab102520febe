# gen_fused.py - writes wat/fused.wat (run by hand after changing it: python3 gen_fused.py)
loads = ["i32.load","i64.load","i32.load8_s","i32.load8_u","i32.load16_s","i32.load16_u",
         "i64.load8_s","i64.load8_u","i64.load16_s","i64.load16_u","i64.load32_s","i64.load32_u"]
stores = ["i32.store","i64.store","i32.store8","i32.store16","i64.store8","i64.store16","i64.store32"]
cmps = ["eq","ne","lt_s","lt_u","gt_s","gt_u","le_s","le_u","ge_s","ge_u"]
out = []
w = out.append
w(";; Functions shaped so that the translator fuses their instructions (rt_ops.h):")
w(";; loads/stores with x+y and x+(y<<k) addresses, ALU ops fused with the")
w(";; compare-and-branch after them, and two-instruction superinstructions.")
w(";; test_fused.c computes the expected results in C.  Written by gen_fused.py")
w(";; (python3); memory byte k starts as (k * 37 + 0x85) & 0xff for k < 256.")
w("(module")
w("  (memory (export \"mem\") 1)")
w("  (data (i32.const 0) \"" + "".join("\\%02x" % ((k*37+0x85)&0xff) for k in range(256)) + "\")")
for i,l in enumerate(loads):
    t = l.split(".")[0]
    n = l.replace(".","_")
    w(f"  (func (export \"x_{n}\") (param $b i32) (param $i i32) (result i64)")
    v = f"({l} offset=3 (i32.add (local.get $b) (local.get $i)))"
    w(f"    {v if t=='i64' else '(i64.extend_i32_u ' + v + ')'})")
    w(f"  (func (export \"s_{n}\") (param $b i32) (param $i i32) (result i64)")
    v = f"({l} offset=3 (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2))))"
    w(f"    {v if t=='i64' else '(i64.extend_i32_u ' + v + ')'})")
for l in stores:
    t = l.split(".")[0]
    n = l.replace(".","_")
    val = "(local.get $v)" if t=="i64" else "(local.get $w)"
    w(f"  (func (export \"x_{n}\") (param $b i32) (param $i i32) (param $v i64) (param $w i32) (result i64)")
    w(f"    ({l} offset=5 (i32.add (local.get $b) (local.get $i)) {val})")
    w(f"    (i64.load offset=5 (i32.add (local.get $b) (local.get $i))))")
    w(f"  (func (export \"s_{n}\") (param $b i32) (param $i i32) (param $v i64) (param $w i32) (result i64)")
    w(f"    ({l} offset=5 (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3))) {val})")
    w(f"    (i64.load offset=5 (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3)))))")
# ALU + branch: loop { if n >= 50 break; n++; i = i OP k; br_if (i CMP lim) } -> n << 32 | i
alus = {"add": "(i32.add (local.get $i) (local.get $k))",
        "addi": "(i32.add (local.get $i) (i32.const 7))",
        "andi": "(i32.and (local.get $i) (i32.const 0x7ffffff7))",
        "load": "(i32.load (local.get $k))",
        "load8u": "(i32.load8_u (local.get $k))"}
for an, ae in alus.items():
    for c in cmps:
        for form in ("r", "i"):
            rhs = "(local.get $lim)" if form == "r" else "(i32.const 100)"
            w(f"  (func (export \"b_{an}_{c}_{form}\") (param $i i32) (param $k i32) (param $lim i32) (result i64)")
            w("    (local $n i32)")
            w("    (block $out (loop $l")
            w("      (br_if $out (i32.ge_u (local.get $n) (i32.const 50)))")
            w("      (local.set $n (i32.add (local.get $n) (i32.const 1)))")
            w(f"      (local.set $i {ae})")
            w(f"      (br_if $l (i32.{c} (local.get $i) {rhs}))))")
            w("    (i64.or (i64.shl (i64.extend_i32_u (local.get $n)) (i64.const 32)) (i64.extend_i32_u (local.get $i))))")
# br_if on the ALU result itself (AND_I then br_if / br_if eqz)
for name, cond in (("nz", "(i32.and (local.get $i) (i32.const 0x30))"),
                   ("z", "(i32.eqz (i32.and (local.get $i) (i32.const 0x30)))")):
    w(f"  (func (export \"t_{name}\") (param $i i32) (result i32)")
    w("    (local $n i32)")
    w("    (block $out (loop $l")
    w("      (br_if $out (i32.ge_u (local.get $n) (i32.const 50)))")
    w("      (local.set $n (i32.add (local.get $n) (i32.const 1)))")
    w("      (local.set $i (i32.add (local.get $i) (i32.const 8)))")
    w(f"      (br_if $l {cond})))")
    w("    (i32.add (i32.mul (local.get $n) (i32.const 1000)) (i32.and (local.get $i) (i32.const 0xff))))")
# pairs: a loop that rotates/copies locals, adds, xors and rotates (sha-like)
w("  (func (export \"p_int\") (param $a i32) (param $b i32) (param $n i32) (result i32)")
w("    (local $c i32) (local $d i32) (local $t i32)")
w("    (loop $l")
w("      (local.set $t (i32.xor (i32.rotl (local.get $a) (i32.const 5)) (i32.rotl (local.get $b) (i32.const 13))))")
w("      (local.set $t (i32.rotl (i32.xor (local.get $t) (local.get $c)) (i32.const 7)))")
w("      (local.set $d (local.get $c))")
w("      (local.set $c (local.get $b))")
w("      (local.set $b (local.get $a))")
w("      (local.set $a (i32.add (i32.add (local.get $t) (local.get $d)) (local.get $a)))")
w("      (i32.store (i32.const 64) (local.get $a))")
w("      (local.set $c (i32.add (local.get $c) (i32.const 3)))")
w("      (local.set $d (i32.add (local.get $d) (i32.const 5)))")
w("      (local.set $t (i32.add (i32.load (i32.const 64)) (i32.load (i32.const 68))))")
w("      (i32.store8 (i32.and (local.get $t) (i32.const 0xfff)) (local.get $a))")
w("      (local.set $t (i32.add (local.get $t) (local.get $b)))")
w("      (local.set $a (i32.xor (local.get $a) (local.get $t)))")
w("      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))")
w("    (i32.xor (local.get $a) (i32.add (local.get $c) (local.get $d))))")
w("  (func (export \"p_f64\") (param $x f64) (param $y f64) (param $n i32) (result f64)")
w("    (local $p i32) (local $s f64)")
w("    (loop $l")
w("      (f64.store (i32.const 128) (f64.mul (f64.mul (local.get $x) (local.get $y)) (local.get $x)))")
w("      (local.set $s (f64.add (f64.mul (local.get $x) (f64.const 0.5)) (local.get $s)))")
w("      (local.set $s (f64.sub (f64.mul (local.get $s) (local.get $y)) (f64.load (i32.const 128))))")
w("      (local.set $s (f64.mul (f64.sub (local.get $s) (local.get $x)) (local.get $y)))")
w("      (local.set $s (f64.mul (f64.add (local.get $s) (local.get $x)) (f64.const 0.25)))")
w("      (f64.store (i32.const 136) (f64.add (local.get $s) (local.get $y)))")
w("      (local.set $p (i32.add (local.get $p) (i32.const 1)))")
w("      (local.set $x (f64.mul (f64.load (i32.const 136)) (f64.const 0.75)))")
w("      (local.set $y (f64.add (f64.load (i32.const 136)) (local.get $x)))")
w("      (f64.store (i32.const 144) (f64.sub (local.get $y) (local.get $s)))")
w("      (local.set $y (f64.mul (f64.load (i32.const 144)) (f64.const 0.5)))")
w("      (br_if $l (i32.lt_u (local.get $p) (local.get $n))))")
w("    (f64.add (local.get $s) (f64.add (local.get $x) (local.get $y))))")
# superinstructions with calls, returns and jumps: an interpreter-like loop
w("  (func $sum (param $a i32) (param $b i32) (result i32) (i32.add (local.get $a) (local.get $b)))")
w("  (func (export \"p_ctl\") (param $n i32) (result i32)")
w("    (local $acc i32) (local $i i32) (local $p i32) (local $q i32)")
w("    (block $out (loop $top")
w("      (br_if $out (i32.ge_u (local.get $i) (local.get $n)))")
w("      (block $cont")
w("        (block $c3 (block $c2 (block $c1 (block $c0")
w("          (br_table $c0 $c1 $c2 $c3 (i32.add (i32.and (local.get $i) (i32.const 3)) (i32.const 1))))")
w("          (local.set $acc (call $sum (local.get $acc) (i32.add (local.get $i) (i32.const 7))))")
w("          (br $cont))")
w("          (local.set $p (local.get $acc))")
w("          (br $cont))")
w("          (local.set $q (i32.and (local.get $acc) (i32.const 0xff)))")
w("          (local.set $p (i32.load (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2)))))")
w("          (br $cont))")
w("        (local.set $acc (i32.add (i32.mul (local.get $acc) (local.get $p)) (local.get $i)))")
w("        (i32.store (i32.const 200) (local.get $acc))")
w("        (i32.store (i32.const 204) (local.get $p))")
w("        (local.set $acc (call $sum (local.get $acc) (i32.add (local.get $p) (i32.const 1)))))")
w("      (local.set $i (i32.add (local.get $i) (i32.const 1)))")
w("      (br $top)))")
w("    (i32.add (i32.load (i32.const 200)) (i32.load (i32.const 208))))")
# Differential functions d_0, d_1, ...: for every superinstruction of
# runtime/rt_ops.h (RT_PAIR_OPS) whose parts are plain value ops, A then B
# with B reading A's result as its first source, as its second, and not at
# all.  test_fused.c runs each in an engine with and one without
# superinstructions and requires the same result or trap.
import os, re
ops_h = open(os.path.join(os.path.dirname(__file__), "..", "..", "runtime", "rt_ops.h")).read()
body = ops_h[ops_h.index("#define RT_PAIR_OPS(X)"):]
body = body[:body.index("\n\n")]
pairs = re.findall(r"X\((\w+), (\w+)\)", body)
# op: (result type or None, source types, template with D X Y)
T = {
    "COPY": ("i32", ["i32"], "(local.set D X)"),
    "I32_ADD_I": ("i32", ["i32"], "(local.set D (i32.add X (i32.const 12345)))"),
    "I32_ADD": ("i32", ["i32", "i32"], "(local.set D (i32.add X Y))"),
    "I32_SUB": ("i32", ["i32", "i32"], "(local.set D (i32.sub X Y))"),
    "I32_MUL": ("i32", ["i32", "i32"], "(local.set D (i32.mul X Y))"),
    "I32_XOR": ("i32", ["i32", "i32"], "(local.set D (i32.xor X Y))"),
    "I32_AND": ("i32", ["i32", "i32"], "(local.set D (i32.and X Y))"),
    "I32_ROTL_I": ("i32", ["i32"], "(local.set D (i32.rotl X (i32.const 7)))"),
    "I32_SHR_U_I": ("i32", ["i32"], "(local.set D (i32.shr_u X (i32.const 3)))"),
    "F64_ADD": ("f64", ["f64", "f64"], "(local.set D (f64.add X Y))"),
    "F64_SUB": ("f64", ["f64", "f64"], "(local.set D (f64.sub X Y))"),
    "F64_MUL": ("f64", ["f64", "f64"], "(local.set D (f64.mul X Y))"),
    "F64_SQRT": ("f64", ["f64"], "(local.set D (f64.sqrt X))"),
    "I32_ADD_SHL": ("i32", ["i32", "i32"], "(local.set D (i32.add X (i32.shl Y (i32.const 2))))"),
    "I32_LOAD": ("i32", ["addr"], "(local.set D (i32.load offset=4 X))"),
    "I64_LOAD": ("f64", ["addr"], "(local.set D (f64.load offset=8 X))"),
    "I32_LOAD_S": ("i32", ["addr", "idx"],
                   "(local.set D (i32.load offset=4 (i32.add X (i32.shl Y (i32.const 2)))))"),
    "I32_STORE": (None, ["addr", "i32"], "(i32.store offset=4 X Y)"),
    "I64_STORE": (None, ["addr", "f64"], "(f64.store offset=8 X Y)"),
    "I32_STORE8": (None, ["addr", "i32"], "(i32.store8 offset=1 X Y)"),
}
plain = {"i32": ["$a", "$b"], "addr": ["$c", "$c"], "idx": ["$e", "$e"], "f64": ["$f", "$g"]}
def fill(tmpl, d, srcs):
    out = tmpl.replace("D", d)
    for name, v in zip("XY", srcs):
        out = out.replace(name, "(local.get %s)" % v)
    return out
n = 0
for a, b in pairs:
    if a not in T or b not in T:
        continue
    ra, sa, ta = T[a]
    rb, sb, tb = T[b]
    for form, pre_on in [(f, p) for p in (False, True) for f in range(3)]:
        # form 0: B does not read A's result, 1: as X, 2: as Y; pre_on: A's
        # first source is computed right before A
        if form and (ra is None or len(sb) < form):
            continue
        want = sb[form - 1] if form else None
        if form and not (want == ra or (want in ("addr", "idx") and ra == "i32")):
            continue
        dst_a = "$t" if ra == "i32" else "$u"
        a_srcs = [plain[k][i] for i, k in enumerate(sa)]
        if form and want in ("addr", "idx"):  # keep A's result a plausible address
            a_srcs = ["$c" if k in ("i32", "addr") else plain[k][i] for i, k in enumerate(sa)]
        b_srcs = [plain[k][i] for i, k in enumerate(sb)]
        if form:
            b_srcs[form - 1] = dst_a
        dst_b = "$r" if rb == "i32" else "$s"
        pre = None
        if pre_on:
            first = a_srcs[0] if a_srcs else None
            if first in ("$a", "$b"):
                pre = f"(local.set {first} (i32.xor (local.get {first}) (i32.shl (local.get $n) (i32.const 4))))"
            elif first == "$c":
                pre = "(local.set $c (i32.and (i32.add (local.get $c) (local.get $n)) (i32.const 0xff0)))"
            else:
                continue
        w(f"  (func (export \"d_{n}\") (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $q0 f64) (param $q1 f64) (result i64) ;; {a} {b} form {form}{' after a producer' if pre else ''}")
        w("    (local $a i32) (local $b i32) (local $c i32) (local $e i32) (local $t i32) (local $r i32) (local $n i32)")
        w("    (local $f f64) (local $g f64) (local $u f64) (local $s f64) (local $h i64)")
        w("    (local.set $a (local.get $p0)) (local.set $b (local.get $p1))")
        w("    (local.set $c (i32.and (local.get $p2) (i32.const 0xff0))) (local.set $e (i32.and (local.get $p1) (i32.const 7)))")
        w("    (local.set $f (local.get $q0)) (local.set $g (local.get $q1))")
        w("    (loop $l")
        if pre:  # a producer of A's first source right before A (the _A1 forms)
            w("      " + pre)
        w("      " + fill(ta, dst_a, a_srcs))
        w("      " + fill(tb, dst_b, b_srcs))
        w("      (local.set $a (i32.add (local.get $a) (local.get $t)))")
        w("      (local.set $n (i32.add (local.get $n) (i32.const 1)))")
        w("      (br_if $l (i32.lt_u (local.get $n) (i32.const 3))))")
        w("    (local.set $h (i64.extend_i32_u (i32.xor (local.get $a) (i32.rotl (local.get $t) (i32.const 11)))))")
        w("    (local.set $h (i64.xor (i64.rotl (local.get $h) (i64.const 17)) (i64.extend_i32_u (local.get $r))))")
        w("    (local.set $h (i64.xor (i64.rotl (local.get $h) (i64.const 17)) (i64.reinterpret_f64 (local.get $u))))")
        w("    (local.set $h (i64.xor (i64.rotl (local.get $h) (i64.const 17)) (i64.reinterpret_f64 (local.get $s))))")
        w("    (i64.xor (local.get $h) (i64.load (i32.and (local.get $p2) (i32.const 0xff0)))))")
        n += 1
# Differential functions for the accumulator forms (rt_ops.h RT_ACC_FORMS),
# numbered on from the pairs: for each consumer, a producer right before it
# whose result the consumer reads as its first source, and as its second
# (same test: with and without the forms, the results must agree).
P = {  # producers by type: templates with D (destination) and the locals
    "i32": ["(local.set D (i32.or (local.get $a) (local.get $b)))",
            "(local.set D (i32.shl (local.get $a) (i32.const 3)))",
            "(local.set D (i32.lt_s (local.get $a) (local.get $b)))",
            "(local.set D (i32.load16_s offset=6 (local.get $c)))",
            "(local.set D (i32.sub (local.get $a) (i32.const 99)))",
            "(local.set D (i32.add (local.get $c) (i32.shl (local.get $e) (i32.const 2))))",
            "(local.set D (i32.load8_u offset=1 (i32.add (local.get $c) (i32.const 5))))",
            "(local.set D (i32.wrap_i64 (i64.rotl (local.get $v) (local.get $w))))"],
    "i64": ["(local.set D (i64.add (local.get $v) (local.get $w)))",
            "(local.set D (i64.shr_s (local.get $v) (i64.const 5)))",
            "(local.set D (i64.load32_s offset=2 (local.get $c)))",
            "(local.set D (i64.mul (local.get $v) (i64.const -3)))"],
    "addr": ["(local.set D (i32.and (local.get $a) (i32.const 0xff0)))",
             "(local.set D (i32.shl (i32.and (local.get $b) (i32.const 0x3ff)) (i32.const 2)))",
             "(local.set D (i32.load16_u (local.get $c)))"],
}
C = []  # consumers: (types of sources, template with X Y)
for w_ in ("i32", "i64"):
    for c in cmps:
        C.append(([w_, w_], f"(local.set $r (i32.add (local.get $r) ({w_}.{c} X Y)))"))
        C.append(([w_], f"(local.set $r (i32.add (local.get $r) ({w_}.{c} X ({w_}.const 77))))"))
        C.append(([w_, w_], f"(block $bb (br_if $bb ({w_}.{c} X Y)) (local.set $r (i32.add (local.get $r) (i32.const 5))))"))
        C.append(([w_], f"(block $bb (br_if $bb ({w_}.{c} X ({w_}.const -2))) (local.set $r (i32.add (local.get $r) (i32.const 5))))"))
for op in ("or", "shl", "shr_s", "shr_u", "rotl", "rotr", "sub", "mul", "xor"):
    C.append((["i32", "i32"], f"(local.set $r (i32.{op} X Y))"))
    C.append((["i32"], f"(local.set $r (i32.{op} X (i32.const 13)))"))
for op in ("add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr"):
    C.append((["i64", "i64"], f"(local.set $x (i64.{op} X Y))"))
    C.append((["i64"], f"(local.set $x (i64.{op} X (i64.const 21)))"))
for l in loads:
    t = l.split(".")[0]
    d = "$r" if t == "i32" else "$x"
    C.append((["addr"], f"(local.set {d} ({l} offset=3 X))"))
    C.append((["addr"], f"(local.set {d} ({l} offset=3 (i32.add X (i32.const 9))))"))
for l in stores:
    t = l.split(".")[0]
    C.append((["addr", t], f"({l} offset=2 X Y)"))
    C.append((["addr", t], f"({l} offset=2 (i32.add X (i32.const 9)) Y)"))
C.append((["i32"], "(block $bb (br_if $bb X) (local.set $r (i32.add (local.get $r) (i32.const 5))))"))
C.append((["i32"], "(block $bb (br_if $bb (i32.eqz X)) (local.set $r (i32.add (local.get $r) (i32.const 5))))"))
C.append((["addr", "addr"], "(local.set $r (i32.load (i32.add X (i32.shl (i32.and Y (i32.const 0xf)) (i32.const 2)))))"))
others = {"i32": ["$a", "$b"], "i64": ["$v", "$w"], "addr": ["$c", "$c"]}
k = 0
for srcs, tmpl in C:
    for form in range(1, len(srcs) + 1):
        want = srcs[form - 1]
        prod = P[want][k % len(P[want])]
        k += 1
        dst = {"i32": "$t", "i64": "$y", "addr": "$t"}[want]
        b_srcs = [others[t][i] for i, t in enumerate(srcs)]
        b_srcs[form - 1] = dst
        w(f"  (func (export \"d_{n}\") (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $q0 f64) (param $q1 f64) (result i64) ;; acc form {form}")
        w("    (local $a i32) (local $b i32) (local $c i32) (local $e i32) (local $t i32) (local $r i32) (local $n i32)")
        w("    (local $v i64) (local $w i64) (local $x i64) (local $y i64)")
        w("    (local.set $a (local.get $p0)) (local.set $b (local.get $p1))")
        w("    (local.set $c (i32.and (local.get $p2) (i32.const 0xff0))) (local.set $e (i32.and (local.get $p1) (i32.const 7)))")
        w("    (local.set $v (i64.mul (i64.extend_i32_s (local.get $p0)) (i64.const 0x10001))) (local.set $w (i64.extend_i32_u (local.get $p1)))")
        w("    (loop $l")
        w("      " + prod.replace("D", dst))
        w("      " + fill(tmpl, "", b_srcs))
        w("      (local.set $a (i32.add (local.get $a) (i32.wrap_i64 (local.get $y))))")
        w("      (local.set $b (i32.xor (local.get $b) (local.get $t)))")
        w("      (local.set $n (i32.add (local.get $n) (i32.const 1)))")
        w("      (br_if $l (i32.lt_u (local.get $n) (i32.const 3))))")
        w("    (i64.xor (i64.xor (local.get $x) (i64.rotl (local.get $y) (i64.const 7)))")
        w("      (i64.xor (i64.extend_i32_u (i32.xor (local.get $r) (i32.rotl (local.get $t) (i32.const 11))))")
        w("        (i64.load (i32.and (local.get $p2) (i32.const 0xff0))))))")
        n += 1
# Loops of one instruction (rt_ops.h RT_LOOP_OPS): a store through a
# pointer that steps, then a counter that steps and is compared, jumping
# back.  Counting up (lt, le, ne, eq) and down (gt, ge), for each
# comparison and store; "shared" loops step both by the same slot, others
# step the pointer by the store's width times the counter's step.  The
# "value" variants store the counter itself, a slot the loop writes, so
# they must not take the loop form; both must agree with the unfused run,
# including the traps of loops that run out of memory.
for st, width in (("i32.store8", 1), ("i32.store", 4)):
    for c in cmps:
        for variant in ("shared", "scaled", "value"):
            down = c.startswith("gt") or c.startswith("ge")
            pstep = "(local.get $s)" if variant == "shared" else f"(i32.mul (local.get $s) (i32.const {width}))"
            val = "(local.get $j)" if variant == "value" else "(local.get $p0)"
            w(f"  (func (export \"d_{n}\") (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $q0 f64) (param $q1 f64) (result i64) ;; loop {st} {c} {variant}")
            w("    (local $p i32) (local $j i32) (local $s i32) (local $t i32) (local $lim i32) (local $p1st i32)")
            w(f"    (local.set $s ({'i32.sub (i32.const 0)' if down else 'i32.add (i32.const 0)'} (i32.add (i32.and (local.get $p1) (i32.const 7)) (i32.const 1))))")
            w("    (local.set $t " + pstep + ")")
            w("    (local.set $j (i32.and (local.get $p0) (i32.const 0xff)))")
            w(f"    (local.set $lim ({'i32.sub' if down else 'i32.add'} (local.get $j) (i32.and (local.get $p2) (i32.const 0x3ff))))")
            w("    (local.set $p (i32.add (i32.const 20000) (local.get $j)))")
            w("    (local.set $p1st (local.get $p))")
            w("    (loop $l")
            w(f"      ({st} offset=3 (local.get $p) {val})")
            w("      (local.set $p (i32.add (local.get $p) (local.get $t)))")
            w(f"      (br_if $l (i32.{c} (local.tee $j (i32.add (local.get $j) (local.get $s))) (local.get $lim))))")
            w("    (i64.xor (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32)) (i64.extend_i32_u (local.get $j)))")
            w("      (i64.xor (i64.load offset=3 (local.get $p1st))")
            w(f"        (i64.load (i32.sub (local.get $p) (i32.const {8 if width == 1 else 12}))))))")
            n += 1
# Loads and stores at constant addresses (the translator folds the
# address into the offset when it fits 32 bits), at and past the end of
# the one-page memory and where address + offset overflows 32 bits.
for k, off in ((0, 36464), (65532, 0), (65533, 0), (0, 65535), (1, 4294967295),
               (4294967295, 1), (4294967295, 0), (65534, 1), (12, 4294901760)):
    for l in ("i32.load", "i32.load8_u", "i64.load16_s"):
        v = f"({l} offset={off} (i32.const {k}))"
        w(f"  (func (export \"d_{n}\") (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $q0 f64) (param $q1 f64) (result i64) ;; constant address")
        w(f"    {v if l.startswith('i64') else '(i64.extend_i32_u ' + v + ')'})")
        n += 1
    w(f"  (func (export \"d_{n}\") (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $q0 f64) (param $q1 f64) (result i64) ;; constant address")
    w(f"    (i32.store16 offset={off} (i32.const {k}) (local.get $p0))")
    w(f"    (i64.load (i32.const 65528)))")
    n += 1
w(")")
open(__import__("os").path.join(__import__("os").path.dirname(__file__), "wat", "fused.wat"), "w").write("\n".join(out)+"\n")
