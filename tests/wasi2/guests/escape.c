/* escape.c - tries to leave the preopened directory argv[1]: through "..",
 * absolute paths, symlinks made by the host (argv[1]/hostlink -> /etc)
 * and by the guest itself.  Prints "NAME: refused (<strerror>)" or
 * "NAME: ESCAPED".  A sandboxed host must refuse every one; the file
 * inside stays reachable. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static const char *dir;

static void try_open(const char *name, const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
        printf("%s: ESCAPED\n", name);
        close(fd);
    } else {
        printf("%s: refused (%s)\n", name, strerror(errno));
    }
}

static void try_path(const char *name, const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
        printf("%s: ESCAPED\n", name);
        close(fd);
    } else {
        printf("%s: refused (%s)\n", name, strerror(errno));
    }
}

/* Straight to path_open on the first preopen (fd 3), past wasi-libc's own
 * checks, so that the host's answer is what is seen: the adapter passes
 * the path to descriptor.open-at unchanged. */
static void try_raw(const char *name, const char *path)
{
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, 0,
                                        __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    if (e == 0)
        printf("%s: ESCAPED\n", name);
    else
        printf("%s: refused (errno %d)\n", name, e);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    dir = argv[1];
    try_open("dotdot", "../secret.txt");
    try_open("dotdot-deep", "a/../../secret.txt");
    try_path("absolute", "/etc/passwd");
    try_path("absolute-secret", argv[2]);
    try_open("host-symlink", "hostlink/passwd");
    try_open("host-symlink-up", "uplink/secret.txt");
    char path[512];
    snprintf(path, sizeof path, "%s/mylink", dir);
    if (symlink("../secret.txt", path) != 0)
        printf("guest-symlink: cannot create (%s)\n", strerror(errno));
    try_open("guest-symlink", "mylink");
    snprintf(path, sizeof path, "%s/abslink", dir);
    if (symlink("/etc/passwd", path) != 0)
        printf("guest-abs-symlink: cannot create (%s)\n", strerror(errno));
    try_open("guest-abs-symlink", "abslink");
    try_raw("raw-absolute", "/etc/passwd");
    try_raw("raw-dotdot", "../secret.txt");
    try_raw("raw-symlink", "hostlink/passwd");
    /* Renaming or making things outside must fail too. */
    snprintf(path, sizeof path, "%s/../made-by-guest", dir);
    printf("mkdir-outside: %s\n", mkdir(path, 0755) == 0 ? "ESCAPED" : "refused");
    char from[512];
    snprintf(from, sizeof from, "%s/inside.txt", dir);
    printf("rename-outside: %s\n", rename(from, path) == 0 ? "ESCAPED" : "refused");
    snprintf(path, sizeof path, "%s/inside.txt", dir);
    int fd = open(path, O_RDONLY);
    printf("inside: %s\n", fd >= 0 ? "reachable" : strerror(errno));
    return 0;
}
