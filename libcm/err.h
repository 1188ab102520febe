/* err.h - error values of the whole toolchain.
 *
 * Library code never prints and never exits: a fallible function returns a
 * CmErr (CM_OK is 0) and, where the caller needs a location, fills a CmError.
 * The codes come from errors.def so that code, phase and message stay in one
 * table.  Only the CLIs turn a CmError into text (err_format).
 */
#ifndef CM_ERR_H
#define CM_ERR_H

#include <stddef.h>
#include <stdint.h>

typedef enum CmErr {
    CM_OK = 0,
#define X(name, phase, msg) CM_E_##name,
#include "errors.def"
#undef X
    CM_E__COUNT
} CmErr;

/* Where an error happened in a binary, plus optional detail text. */
typedef struct CmError {
    CmErr code;
    uint64_t offset;     /* byte offset in the input, or CM_NO_OFFSET */
    const char *section; /* static section name ("type", "code"...) or NULL */
    int64_t func;        /* function index, or -1 */
    char detail[192];    /* extra words after the message ("" if none) */
} CmError;

#define CM_NO_OFFSET UINT64_MAX

/* The static message and phase of a code (never NULL). */
const char *err_message(CmErr code);
const char *err_phase(CmErr code);
/* The enum name without prefix, e.g. "UNEXPECTED_END" (for tests). */
const char *err_name(CmErr code);

/* Reset e to "no error". */
void err_clear(CmError *e);
/* Record an error; returns code so callers can write `return err_set(...)`.
 * fmt may be NULL; otherwise it formats the detail text. */
CmErr err_set(CmError *e, CmErr code, uint64_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Render "FILE: offset 0x1a3 (section 'type', func 3): error: MESSAGE: DETAIL"
 * into buf (always NUL-terminated, truncated to cap). */
void err_format(const CmError *e, const char *file, char *buf, size_t cap);

#endif
