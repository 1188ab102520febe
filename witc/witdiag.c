/* witdiag.c - diagnostics (see witdiag.h). */
#include "witdiag.h"
#include "utf8.h"

void witdiag_format(const WitResolve *r, const WitError *err, const char *input, Buf *out)
{
    uint32_t line, col;
    const WitSource *s = err->pos == WIT_NONE ? NULL : wit_locate(r, err->pos, &line, &col);
    if (!s) {
        buf_printf(out, "%s: error: %s\n", input, err->msg);
        return;
    }
    buf_printf(out, "%s:%u:%u: error: %s\n", s->path, line, col, err->msg);
    uint32_t off = err->pos - s->base, start = off;
    while (start > 0 && s->text[start - 1] != '\n')
        start--;
    uint32_t end = off;
    while (end < s->len && s->text[end] != '\n' && s->text[end] != '\r')
        end++;
    buf_str(out, "    ");
    /* echo the line, with any invalid UTF-8 shown as '?' */
    for (uint32_t k = start; k < end;) {
        uint32_t c;
        int n = utf8_decode(s->text + k, end - k, &c);
        if (n <= 0) {
            buf_byte(out, '?');
            k++;
        } else {
            buf_put(out, s->text + k, (size_t)n);
            k += (uint32_t)n;
        }
    }
    buf_str(out, "\n    ");
    /* keep tabs so the caret lines up */
    for (uint32_t k = start; k < off; k++)
        if (((unsigned char)s->text[k] & 0xC0) != 0x80)
            buf_byte(out, s->text[k] == '\t' ? '\t' : ' ');
    buf_str(out, "^\n");
}
