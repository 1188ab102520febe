/* files.c - file operations beneath the directory argv[1] (a preopen):
 * create, write, read back, append, seek, truncate, stat, mkdir, readdir,
 * rename, link, unlink, rmdir, utimes.  Prints one line per step, with
 * strerror() on failure, so runs under two hosts can be compared. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static const char *dir;

static const char *at(const char *name)
{
    static char buf[2][512];
    static int k;
    k ^= 1;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void step(const char *what, int ok)
{
    if (ok)
        printf("%s: ok\n", what);
    else
        printf("%s: %s\n", what, strerror(errno));
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        step("opendir", 0);
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    printf("list:");
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    dir = argv[1];
    FILE *f = fopen(at("a.txt"), "w");
    step("create", f != NULL);
    if (!f)
        return 1;
    fputs("hello file\n", f);
    step("close", fclose(f) == 0);

    char buf[128] = {0};
    f = fopen(at("a.txt"), "r");
    step("open-read", f != NULL);
    if (f) {
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        printf("read %zu: %s", n, buf);
        fclose(f);
    }
    f = fopen(at("a.txt"), "a");
    fputs("more\n", f);
    fclose(f);

    int fd = open(at("a.txt"), O_RDWR);
    step("open-rw", fd >= 0);
    step("seek", lseek(fd, 6, SEEK_SET) == 6);
    memset(buf, 0, sizeof buf);
    ssize_t r = read(fd, buf, 4);
    printf("read-at-6 %zd: %s\n", r, buf);
    step("pwrite", pwrite(fd, "HELLO", 5, 0) == 5);
    step("ftruncate", ftruncate(fd, 8) == 0);
    struct stat st;
    step("fstat", fstat(fd, &st) == 0);
    printf("size=%lld reg=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    close(fd);
    f = fopen(at("a.txt"), "r");
    memset(buf, 0, sizeof buf);
    fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    printf("content: [%s]\n", buf);

    step("mkdir", mkdir(at("sub"), 0755) == 0);
    step("mkdir-again", mkdir(at("sub"), 0755) == 0);
    step("stat-dir", stat(at("sub"), &st) == 0 && S_ISDIR(st.st_mode));
    step("rename", rename(at("a.txt"), at("sub/b.txt")) == 0);
    step("stat-old", stat(at("a.txt"), &st) == 0);
    step("stat-new", stat(at("sub/b.txt"), &st) == 0);
    printf("new size=%lld\n", (long long)st.st_size);
    step("link", link(at("sub/b.txt"), at("c.txt")) == 0);
    step("stat-link", stat(at("c.txt"), &st) == 0);
    printf("nlink=%lld\n", (long long)st.st_nlink);
    struct timeval tv[2] = {{1000000000, 0}, {1234567890, 0}};
    step("utimes", utimes(at("c.txt"), tv) == 0);
    stat(at("c.txt"), &st);
    printf("mtime=%lld\n", (long long)st.st_mtime);
    list(dir);
    list(at("sub"));
    step("rmdir-nonempty", rmdir(at("sub")) == 0);
    step("unlink", unlink(at("sub/b.txt")) == 0);
    step("rmdir", rmdir(at("sub")) == 0);
    step("unlink-dir", unlink(at("c.txt")) == 0);
    step("open-missing", open(at("missing"), O_RDONLY) >= 0);
    step("create-excl", open(at("x"), O_CREAT | O_EXCL | O_WRONLY, 0644) >= 0);
    step("create-excl-again", open(at("x"), O_CREAT | O_EXCL | O_WRONLY, 0644) >= 0);
    step("symlink", symlink("x", at("lnk")) == 0);
    memset(buf, 0, sizeof buf);
    step("readlink", readlink(at("lnk"), buf, sizeof buf) == 1);
    printf("target=%s\n", buf);
    step("lstat", lstat(at("lnk"), &st) == 0 && S_ISLNK(st.st_mode));

    /* Through a descriptor of a subdirectory: it may change what is in it
     * as its parent may. */
    step("mkdir-d", mkdir(at("d"), 0755) == 0);
    int dfd = open(at("d"), O_RDONLY | O_DIRECTORY);
    step("open-dir", dfd >= 0);
    int ffd = openat(dfd, "f", O_CREAT | O_WRONLY, 0644);
    step("openat-create", ffd >= 0);
    step("write-f", write(ffd, "abc", 3) == 3);
    close(ffd);
    step("mkdirat", mkdirat(dfd, "inner", 0755) == 0);
    step("fstatat", fstatat(dfd, "f", &st, 0) == 0 && st.st_size == 3);
    step("unlinkat", unlinkat(dfd, "f", 0) == 0);
    step("unlinkat-dir", unlinkat(dfd, "inner", AT_REMOVEDIR) == 0);
    close(dfd);
    step("rmdir-d", rmdir(at("d")) == 0);
    list(dir);
    return 0;
}
