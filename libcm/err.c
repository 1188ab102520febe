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

void err_format(const CmError *e, const char *file, char *buf, size_t cap)
{
    size_t n = 0;
    if (cap == 0)
        return;
    buf[0] = '\0';
#define PUT(...)                                                                                   \
    do {                                                                                           \
        int k = snprintf(buf + n, cap - n, __VA_ARGS__);                                           \
        if (k < 0)                                                                                 \
            return;                                                                                \
        n += (size_t)k;                                                                            \
        if (n >= cap)                                                                              \
            return;                                                                                \
    } while (0)
    if (file)
        PUT("%s: ", file);
    if (e->offset != CM_NO_OFFSET) {
        PUT("offset 0x%llx", (unsigned long long)e->offset);
        if (e->section && e->func >= 0)
            PUT(" (section '%s', func %lld)", e->section, (long long)e->func);
        else if (e->section)
            PUT(" (section '%s')", e->section);
        PUT(": ");
    }
    PUT("error: %s", err_message(e->code));
    if (e->detail[0])
        PUT(": %s", e->detail);
#undef PUT
}
