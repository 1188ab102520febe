/* w2_fs.h - what the two wasi:filesystem files (w2_fs.c: methods on an
 * open descriptor; w2_fs_at.c: methods naming a path beneath a directory)
 * share. */
#ifndef W2_FS_H
#define W2_FS_H

#include "w2_bind.h"

#include <sys/stat.h>
#include <time.h>

/* The descriptor behind a handle argument, or NULL. */
W2Desc *w2_desc_arg(W2Ctx *ctx, const WrcVal *v);
/* result<_, error-code>: ok when code is W2_OK. */
int w2_fs_ret(WrcCall *call, WrcVal *result, int code);
/* ok(descriptor-stat) for st. */
int w2_ret_stat(WrcCall *call, WrcVal *result, const struct stat *st);
/* ok(metadata-hash-value) for st. */
int w2_ret_hash(WrcCall *call, WrcVal *result, const struct stat *st);
/* Two new-timestamp values to utimensat's timespecs. */
void w2_times(const WrcVal *atim, const WrcVal *mtim, struct timespec ts[2]);
/* A new descriptor object over host fd (taken over; closed on failure)
 * with flags; *out_rep its rep.  W2_OK or an error code. */
int w2_desc_new(W2Ctx *ctx, int fd, uint32_t flags, uint32_t *out_rep);

#endif
