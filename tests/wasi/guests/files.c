/* files.c - ordinary libc file work in the preopen "/sb": write, read,
 * stat, rename, mkdir, readdir, unlink, rmdir. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void ls(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir %s: errno %d\n", path, errno);
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp);
    printf("ls %s:", path);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void)
{
    FILE *f = fopen("/sb/a.txt", "w");
    if (!f) {
        printf("fopen: errno %d\n", errno);
        return 1;
    }
    fputs("hello world\n", f);
    fclose(f);
    struct stat st;
    printf("stat %d size %lld\n", stat("/sb/a.txt", &st), (long long)st.st_size);
    char line[64] = "";
    f = fopen("/sb/a.txt", "r");
    if (!f || !fgets(line, sizeof line, f))
        return 1;
    fclose(f);
    printf("read %s", line);
    printf("append %d\n", (f = fopen("/sb/a.txt", "a")) && fputs("more\n", f) >= 0 && !fclose(f));
    printf("rename %d\n", rename("/sb/a.txt", "/sb/b.txt"));
    printf("old gone %d\n", access("/sb/a.txt", F_OK) < 0 && errno == ENOENT);
    printf("mkdir %d\n", mkdir("/sb/d", 0755));
    printf("mkdir again errno %d\n", mkdir("/sb/d", 0755) < 0 ? errno : 0);
    f = fopen("/sb/d/x.txt", "w");
    printf("nested create %d\n", f != NULL);
    if (f)
        fclose(f);
    ls("/sb");
    ls("/sb/d");
    printf("rmdir nonempty errno %d\n", rmdir("/sb/d") < 0 ? errno : 0);
    printf("unlink dir errno %d\n", unlink("/sb/d") < 0 ? errno : 0);
    printf("unlink %d\n", unlink("/sb/d/x.txt"));
    printf("rmdir %d\n", rmdir("/sb/d"));
    printf("missing errno %d\n", open("/sb/nope", O_RDONLY) < 0 ? errno : 0);
    ls("/sb");
    return 0;
}
