/* err.c - the error table and the binary-location renderer. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const messages[] = {
    "ok",
#define X(name, phase, msg) msg,
#include "errors.def"
#undef X
};

static const char *const phases[] = {
    "none",
#define X(name, phase, msg) phase,
#include "errors.def"
#undef X
};

static const char *const names[] = {
    "OK",
#define X(name, phase, msg) #name,
#include "errors.def"
#undef X
};

const char *err_message(CmErr code)
{
    return (unsigned)code < CM_E__COUNT ? messages[code] : "unknown error";
}

const char *err_phase(CmErr code)
{
    return (unsigned)code < CM_E__COUNT ? phases[code] : "unknown";
}

const char *err_name(CmErr code)
{
    return (unsigned)code < CM_E__COUNT ? names[code] : "?";
}

void err_clear(CmError *e)
{
    e->code = CM_OK;
    e->offset = CM_NO_OFFSET;
    e->section = NULL;
    e->func = -1;
    e->detail[0] = '\0';
}

CmErr err_set(CmError *e, CmErr code, uint64_t offset, const char *fmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    e->offset = offset;
    e->detail[0] = '\0';
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->detail, sizeof e->detail, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* Append to buf[*n..cap) like snprintf; returns 0 once the buffer is full. */
static int put(char *buf, size_t cap, size_t *n, const char *fmt, ...)
{
    if (*n >= cap)
        return 0;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *n, cap - *n, fmt, ap);
    va_end(ap);
    if (k < 0)
        return 0;
    *n += (size_t)k;
    return *n < cap;
}

void err_format(const CmError *e, const char *file, char *buf, size_t cap)
{
    size_t n = 0;
    if (cap == 0)
        return;
    buf[0] = '\0';
    if (file && !put(buf, cap, &n, "%s: ", file))
        return;
    if (e->offset != CM_NO_OFFSET) {
        int ok = put(buf, cap, &n, "offset 0x%llx", (unsigned long long)e->offset);
        if (ok && e->section && e->func >= 0)
            ok = put(buf, cap, &n, " (section '%s', func %lld)", e->section, (long long)e->func);
        else if (ok && e->section)
            ok = put(buf, cap, &n, " (section '%s')", e->section);
        if (!ok || !put(buf, cap, &n, ": "))
            return;
    }
    if (!put(buf, cap, &n, "error: %s", err_message(e->code)))
        return;
    if (e->detail[0])
        put(buf, cap, &n, ": %s", e->detail);
}
