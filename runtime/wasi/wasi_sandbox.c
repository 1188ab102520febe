/* wasi_sandbox.c - guest path resolution that cannot leave its directory.
 * See wasi_sandbox.h for the contract; this file holds both strategies. */
#define _GNU_SOURCE
#include "wasi_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static SbxMode g_mode = SBX_AUTO;
static int g_have_openat2 = -1; /* -1 unknown, 0 no, 1 yes */

void sbx_set_mode(SbxMode mode) { g_mode = mode; }

static long raw_openat2(int dirfd, const char *path, int flags, unsigned mode, uint64_t resolve)
{
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)(unsigned)flags;
    /* open_how.mode must be 0 unless a file may be created. */
    how.mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0;
    how.resolve = resolve;
    return syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

SbxMode sbx_mode(void)
{
    if (g_mode != SBX_AUTO)
        return g_mode;
    if (g_have_openat2 < 0) {
        /* Probe once with a harmless lookup of "." beneath the cwd. */
        long fd = raw_openat2(AT_FDCWD, ".", O_PATH | O_CLOEXEC, 0, RESOLVE_BENEATH);
        g_have_openat2 = !(fd < 0 && (errno == ENOSYS || errno == EPERM));
        if (fd >= 0)
            close((int)fd);
    }
    return g_have_openat2 ? SBX_OPENAT2 : SBX_WALK;
}

/* ---- strategy 1: the kernel does it ---- */

static int beneath(int dirfd, const char *path, int flags, unsigned mode, int *out_fd)
{
    for (int tries = 0;; tries++) {
        long fd = raw_openat2(dirfd, path, flags | O_CLOEXEC, mode,
                              RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);
        if (fd >= 0) {
            *out_fd = (int)fd;
            return 0;
        }
        /* EAGAIN: a concurrent rename made ".." resolution unsafe; retry. */
        if (errno == EAGAIN && tries < 8)
            continue;
        /* EXDEV is openat2's only way to say "that would leave the tree". */
        return errno == EXDEV ? EPERM : errno;
    }
}

/* ---- strategy 2: one component at a time ---- */

enum { WALK_MAX_DEPTH = 256 };

/* The state of a walk: a stack of open O_PATH directory fds (the bottom is
 * the starting directory itself) and the part of the path still to go. */
typedef struct Walk {
    int fds[WALK_MAX_DEPTH];
    int depth;                      /* index of the current directory */
    char rest[2 * PATH_MAX + 2];    /* remaining path (symlink targets spliced in) */
    size_t pos;                     /* read position in rest */
} Walk;

static void walk_release(Walk *w, int keep)
{
    for (int i = 0; i <= w->depth; i++)
        if (i != keep)
            close(w->fds[i]);
}

/* Next component of w->rest into comp; returns its length (0 at the end).
 * *out_last says no component follows, *out_slash that a slash did. */
static size_t next_comp(Walk *w, char *comp, int *out_last, int *out_slash)
{
    while (w->rest[w->pos] == '/')
        w->pos++;
    size_t n = 0;
    while (w->rest[w->pos] && w->rest[w->pos] != '/') {
        if (n < NAME_MAX)
            comp[n] = w->rest[w->pos];
        n++;
        w->pos++;
    }
    comp[n < NAME_MAX ? n : NAME_MAX] = 0;
    *out_slash = w->rest[w->pos] == '/';
    size_t q = w->pos;
    while (w->rest[q] == '/')
        q++;
    *out_last = w->rest[q] == 0;
    return n;
}

/* Replace the consumed part of rest by the symlink target. */
static int splice_link(Walk *w, const char *target, size_t tlen)
{
    size_t left = strlen(w->rest + w->pos);
    if (tlen + 1 + left + 1 > sizeof w->rest)
        return ENAMETOOLONG;
    memmove(w->rest + tlen + 1, w->rest + w->pos, left + 1);
    memcpy(w->rest, target, tlen);
    w->rest[tlen] = '/';
    if (left == 0)
        w->rest[tlen] = 0; /* no trailing slash invented */
    w->pos = 0;
    return 0;
}

/* Walk path beneath dirfd, stopping before the last component.  The final
 * component is expanded when it is a symlink and follow is set (so that the
 * caller can open what it names).  On success *out_parent is owned by the
 * caller and leaf holds the last component ("." when the path ends in a
 * directory reached through "." or ".."). */
static int walk_parent(int dirfd, const char *path, int follow, int *out_parent, char *leaf)
{
    Walk *w = malloc(sizeof *w);
    if (!w)
        return ENOMEM;
    size_t plen = strlen(path);
    if (plen >= PATH_MAX) {
        free(w);
        return ENAMETOOLONG;
    }
    memcpy(w->rest, path, plen + 1);
    w->pos = 0;
    w->depth = 0;
    w->fds[0] = openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (w->fds[0] < 0) {
        int e = errno;
        free(w);
        return e;
    }
    int nlinks = 0, err = 0;
    char comp[NAME_MAX + 1];
    for (;;) {
        int last, slash;
        size_t n = next_comp(w, comp, &last, &slash);
        if (n == 0) { /* ran out: the path named the current directory */
            strcpy(leaf, ".");
            break;
        }
        if (n > NAME_MAX) {
            err = ENAMETOOLONG;
            break;
        }
        if (!strcmp(comp, "."))
            continue;
        if (!strcmp(comp, "..")) {
            if (w->depth == 0) {
                err = EPERM; /* would climb above the starting directory */
                break;
            }
            close(w->fds[w->depth--]);
            continue;
        }
        if (last && !follow) { /* the name itself is the object; a trailing
                                  * slash is checked by the caller */
            strcpy(leaf, comp);
            break;
        }
        int fd = openat(w->fds[w->depth], comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            err = errno;
            if (last && err == ENOENT) { /* a name about to be created */
                err = 0;
                strcpy(leaf, comp);
            }
            break;
        }
        struct stat st;
        if (fstat(fd, &st) < 0) {
            err = errno;
            close(fd);
            break;
        }
        if (S_ISLNK(st.st_mode)) {
            char target[PATH_MAX];
            ssize_t tl = readlinkat(fd, "", target, sizeof target);
            close(fd);
            if (++nlinks > SBX_MAX_SYMLINKS) {
                err = ELOOP;
                break;
            }
            if (tl < 0 || (size_t)tl >= sizeof target) {
                err = tl < 0 ? errno : ENAMETOOLONG;
                break;
            }
            if (tl == 0 || target[0] == '/') {
                err = tl == 0 ? ENOENT : EPERM; /* absolute targets leave the tree */
                break;
            }
            if ((err = splice_link(w, target, (size_t)tl)) != 0)
                break;
            continue;
        }
        if (last || !S_ISDIR(st.st_mode)) {
            close(fd);
            if (!last) {
                err = ENOTDIR;
                break;
            }
            strcpy(leaf, comp);
            break;
        }
        if (w->depth + 1 >= WALK_MAX_DEPTH) {
            close(fd);
            err = ENAMETOOLONG;
            break;
        }
        w->fds[++w->depth] = fd;
    }
    if (err) {
        walk_release(w, -1);
    } else {
        *out_parent = w->fds[w->depth];
        walk_release(w, w->depth);
    }
    free(w);
    return err;
}

static int walk_open(int dirfd, const char *path, int flags, unsigned mode, int follow, int *out_fd)
{
    /* Two rounds at most: if the last component turns into a symlink
     * between the walk and the open (O_NOFOLLOW gives ELOOP), walk again. */
    /* A trailing slash makes the kernel follow a final symlink even with
     * O_NOFOLLOW; do the same so that both strategies agree. */
    size_t pl = strlen(path);
    if (pl && path[pl - 1] == '/')
        follow = 1;
    for (int round = 0;; round++) {
        int parent;
        char leaf[NAME_MAX + 1];
        int err = walk_parent(dirfd, path, follow, &parent, leaf);
        if (err)
            return err;
        /* Keep the "must be a directory" meaning of a trailing slash. */
        int dirflag = pl && path[pl - 1] == '/' && !(flags & O_CREAT) ? O_DIRECTORY : 0;
        int fd = openat(parent, leaf, flags | dirflag | O_NOFOLLOW | O_CLOEXEC, mode);
        err = fd < 0 ? errno : 0;
        close(parent);
        if (!err) {
            *out_fd = fd;
            return 0;
        }
        if (err == ELOOP && follow && round == 0)
            continue;
        return err;
    }
}

/* ---- the interface ---- */

static int check_relative(const char *path)
{
    if (!path[0])
        return ENOENT;
    if (path[0] == '/')
        return EPERM;
    return 0;
}

int sbx_open(int dirfd, const char *path, int flags, unsigned mode, int follow, int *out_fd)
{
    int err = check_relative(path);
    if (err)
        return err;
    if (!follow)
        flags |= O_NOFOLLOW;
    if (sbx_mode() == SBX_OPENAT2)
        return beneath(dirfd, path, flags, mode, out_fd);
    return walk_open(dirfd, path, flags, mode, follow, out_fd);
}

/* Lexical split for the openat2 strategy: parent part and last name. */
static int split_last(const char *path, char *parent, char *leaf, int *out_slash)
{
    size_t end = strlen(path);
    *out_slash = 0;
    while (end > 1 && path[end - 1] == '/') {
        end--;
        *out_slash = 1;
    }
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    size_t n = end - start;
    if (n > NAME_MAX)
        return ENAMETOOLONG;
    if ((n == 1 && path[start] == '.') || (n == 2 && path[start] == '.' && path[start + 1] == '.')) {
        memcpy(parent, path, end); /* the whole path names the directory */
        parent[end] = 0;
        strcpy(leaf, ".");
        return 0;
    }
    memcpy(leaf, path + start, n);
    leaf[n] = 0;
    if (start == 0) {
        strcpy(parent, ".");
    } else {
        memcpy(parent, path, start);
        parent[start] = 0;
    }
    return 0;
}

int sbx_parent(int dirfd, const char *path, int *out_parent, char *leaf)
{
    int err = check_relative(path);
    if (err)
        return err;
    size_t plen = strlen(path);
    if (plen >= PATH_MAX)
        return ENAMETOOLONG;
    int parent, slash = plen > 1 && path[plen - 1] == '/';
    if (sbx_mode() == SBX_OPENAT2) {
        char *ppath = malloc(plen + 2);
        if (!ppath)
            return ENOMEM;
        err = split_last(path, ppath, leaf, &slash);
        if (!err)
            err = beneath(dirfd, ppath, O_PATH | O_DIRECTORY, 0, &parent);
        free(ppath);
    } else {
        err = walk_parent(dirfd, path, 0, &parent, leaf);
    }
    if (err)
        return err;
    if (slash && strcmp(leaf, ".")) {
        struct stat st;
        if (fstatat(parent, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode)) {
            close(parent);
            return ENOTDIR;
        }
    }
    *out_parent = parent;
    return 0;
}
