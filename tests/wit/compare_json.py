#!/usr/bin/env python3
"""Compare two WIT JSON documents (as printed by `wasm-tools component wit --json`
or `witc json`).

usage: compare_json.py A.json B.json [--ignore-docs]

Exit 0 when the documents are equal. Otherwise print the first differing path
(e.g. `$.interfaces[3].functions.get.params[0].type`) with both values and exit 1.
Exit 2 on usage or read errors. With --ignore-docs every object key named
"docs" is dropped from both sides before comparing (doc comments are prose and
may differ between two otherwise identical packages). Object key order is not
significant; list order is.
"""
import json
import sys


def strip_docs(v):
    if isinstance(v, dict):
        return {k: strip_docs(x) for k, x in v.items() if k != "docs"}
    if isinstance(v, list):
        return [strip_docs(x) for x in v]
    return v


def short(v):
    s = json.dumps(v, sort_keys=True)
    return s if len(s) <= 200 else s[:197] + "..."


def first_diff(a, b, path):
    """Return (path, a, b) of the first difference, or None."""
    if type(a) is not type(b):
        return path, a, b
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return (f"{path}.{k}", a.get(k, "<missing>"),
                        b.get(k, "<missing>"))
            d = first_diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f"{path}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{path}.length", len(a), len(b)
        return None
    return None if a == b else (path, a, b)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    flags = [a for a in argv[1:] if a.startswith("--")]
    if len(args) != 2 or any(f != "--ignore-docs" for f in flags):
        print(next(l for l in __doc__.splitlines() if l.startswith("usage")), file=sys.stderr)
        return 2
    docs = []
    for name in args:
        try:
            with open(name, encoding="utf-8") as f:
                docs.append(json.load(f))
        except (OSError, ValueError) as e:
            print(f"compare_json: {name}: {e}", file=sys.stderr)
            return 2
    if flags:
        docs = [strip_docs(d) for d in docs]
    d = first_diff(docs[0], docs[1], "$")
    if d is None:
        return 0
    path, x, y = d
    print(f"differ at {path}\n  {args[0]}: {short(x)}\n  {args[1]}: {short(y)}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
