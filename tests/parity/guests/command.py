# command.py - a componentize-py command (world command of wit/py-command.wit):
# prints its arguments (without argv[0]) through Python's print, one line on
# stderr, and fails (exit status 1) when the first argument is "--fail";
# "--raise" leaves an exception uncaught (the guest traps).
import sys

from wit_world import exports
from wit_world.imports import environment


class Run(exports.Run):
    def run(self):
        args = environment.get_arguments()[1:]
        print("hello from python")
        print("argc", len(args))
        for a in args:
            print("arg", a, len(a.encode()))
        print("to stderr", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        if args and args[0] == "--fail":
            raise SystemExit(1)
        if args and args[0] == "--raise":
            raise ValueError("raised on request")
