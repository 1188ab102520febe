/* dump.h - `witc dump`: print the structure of a binary.  cmd_dump.c reads
 * the file and dispatches on the preamble; each printer gets the whole file
 * and returns the exit code (0 ok, 1 malformed input, reported on stderr as
 * "FILE: offset 0x1a3 (section 'type'): error: MESSAGE"). */
#ifndef WITC_DUMP_H
#define WITC_DUMP_H

#include <stddef.h>
#include <stdint.h>

int dump_core(const char *path, const uint8_t *data, size_t len);      /* dump_core.c */
int dump_component(const char *path, const uint8_t *data, size_t len); /* dump_component.c */

#endif
