/* wasi_sandbox.h - resolving untrusted guest paths beneath a directory fd.
 *
 * Every WASI path call names a directory descriptor and a relative path.
 * The path must never reach outside that directory: not through "..", not
 * through an absolute path, not through a symlink (whoever made it, whatever
 * it points to, however many links are chained).  Two implementations give
 * the same answers:
 *   - openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, where the
 *     kernel has it (Linux >= 5.6): the kernel walks the path and refuses any
 *     step that leaves the directory;
 *   - a walk one component at a time with O_PATH | O_NOFOLLOW, expanding
 *     symlinks ourselves (relative targets only) and keeping a stack of the
 *     directories entered so that ".." can never pop above the start.
 *
 * Escapes are reported as EPERM (WASI "perm", what wasmtime answers).  All
 * functions return 0 or a positive host errno value; they never print.
 * Paths are NUL-terminated; the caller has already rejected embedded NULs.
 */
#ifndef WASI_SANDBOX_H
#define WASI_SANDBOX_H

enum { SBX_MAX_SYMLINKS = 40 };

typedef enum SbxMode {
    SBX_AUTO = 0,     /* openat2 if the kernel has it, else the walk */
    SBX_OPENAT2 = 1,  /* force openat2 (fails with ENOSYS if absent) */
    SBX_WALK = 2,     /* force the component walk */
} SbxMode;

/* Choose the implementation for the whole process (tests use this to run
 * both); the default is SBX_AUTO. */
void sbx_set_mode(SbxMode mode);
/* The implementation actually in use (resolves SBX_AUTO). */
SbxMode sbx_mode(void);

/* Open path beneath dirfd with host open(2) flags (O_CLOEXEC is added).  If
 * follow is 0 a symlink as the last component is not followed (O_NOFOLLOW:
 * ELOOP, or the link itself with O_PATH).  On success *out_fd is a new fd
 * owned by the caller. */
int sbx_open(int dirfd, const char *path, int flags, unsigned mode, int follow, int *out_fd);

/* Resolve every component of path but the last one beneath dirfd, for the
 * calls that act on a name in a directory (mkdir, unlink, rename, symlink,
 * link, readlink, ...).  *out_parent is a new O_PATH directory fd owned by
 * the caller; the last component (no slash, never "..") is copied to leaf
 * (room for NAME_MAX + 1 bytes).  A path that ends in "." or ".." yields
 * the directory it names as parent and "." as leaf.  A path with a trailing
 * slash must name a directory (or nothing yet): otherwise ENOTDIR. */
int sbx_parent(int dirfd, const char *path, int *out_parent, char *leaf);

#endif
