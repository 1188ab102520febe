# provider.py - the componentize-py provider of test:parity/text
# (wit/text.wit, world provider): the behaviour of provider.c.
from wit_world import exports
from wit_world.exports import text
from componentize_py_types import Err


def parse_str(s):
    digits = s[1:] if s.startswith("-") else s
    if digits == "":
        return None, "empty"
    if len(digits) > 18:
        return None, "too long"
    if not all("0" <= c <= "9" for c in digits):
        return None, "not a digit"
    return int(s), None


def words_of(s):
    return [w for w in s.split(" ") if w != ""]


class Text(exports.Text):
    def analyze(self, s):
        longest = ""
        for w in words_of(s):
            if len(w.encode()) > len(longest.encode()):
                longest = w
        return text.Stats(words=len(words_of(s)), bytes=len(s.encode()), longest=longest)

    def shout(self, words):
        up = "".join(chr(c) for c in range(ord("a"), ord("z") + 1))
        table = str.maketrans(up, up.upper())
        return [w.translate(table) for w in reversed(words)]

    def parse(self, s):
        v, err = parse_str(s)
        if err is not None:
            raise Err(err)
        return v

    def tokens(self, s):
        out = []
        i = 0
        while i < len(s):
            if s[i] == " ":
                out.append(text.Token_Space())
                i += 1
                continue
            j = i
            while j < len(s) and s[j] != " ":
                j += 1
            v, err = parse_str(s[i:j])
            out.append(text.Token_Num(v) if err is None else text.Token_Word(s[i:j]))
            i = j
        return out

    def nth(self, s, i):
        w = words_of(s)
        return w[i] if i < len(w) else None
