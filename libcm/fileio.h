/* fileio.h - whole-file reads and writes for the tools (not the runtime's
 * guest I/O).  Heap memory returned here is owned by the caller (free()). */
#ifndef CM_FILEIO_H
#define CM_FILEIO_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

/* Read path into a fresh buffer with one extra NUL byte after the data. */
CmErr file_read(const char *path, uint8_t **out_data, size_t *out_len);
/* Write data to path (created or truncated). */
CmErr file_write(const char *path, const void *data, size_t len);

#endif
