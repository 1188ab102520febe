/* run_util.c - see run_util.h. */
#define _GNU_SOURCE
#include "run_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void slurp(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    lseek(fd, 0, SEEK_SET);
    ssize_t k;
    while (n + 1 < cap && (k = read(fd, buf + n, cap - 1 - n)) > 0)
        n += (size_t)k;
    buf[n] = 0;
    close(fd);
}

const char *run_stdin;

void run_argv(RunResult *r, char *const *argv, int timeout_s)
{
    int in = -1, hang[2] = {-1, -1};
    if (run_stdin == RUN_STDIN_HANG) {
        if (pipe(hang) < 0)
            exit(99);
        in = hang[0];
    } else if (run_stdin) {
        FILE *t = tmpfile();
        if (!t)
            exit(99);
        fputs(run_stdin, t);
        fflush(t);
        in = dup(fileno(t));
        fclose(t);
        lseek(in, 0, SEEK_SET);
    } else {
        in = open("/dev/null", O_RDONLY);
    }
    memset(r, 0, sizeof *r);
    FILE *o = tmpfile(), *e = tmpfile();
    if (!o || !e) {
        perror("tmpfile");
        exit(99);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fileno(o), 1);
        dup2(fileno(e), 2);
        dup2(in, 0);
        if (hang[1] >= 0)
            close(hang[1]);
        alarm((unsigned)timeout_s); /* SIGALRM ends a hung child */
        execv(argv[0], argv);
        _exit(127);
    }
    close(in);
    int st = 0;
    waitpid(pid, &st, 0);
    if (hang[1] >= 0)
        close(hang[1]);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    slurp(dup(fileno(o)), r->out, sizeof r->out);
    slurp(dup(fileno(e)), r->err, sizeof r->err);
    fclose(o);
    fclose(e);
}

void scratch_new(char *out)
{
    strcpy(out, "/tmp/wasi-test-XXXXXX");
    if (!mkdtemp(out)) {
        perror("mkdtemp");
        exit(99);
    }
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

void scratch_free(const char *path) { nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(99);
    }
    fputs(text, f);
    fclose(f);
}

int get_file(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY);
    buf[0] = 0;
    if (fd < 0)
        return -1;
    slurp(fd, buf, cap);
    return 0;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void list_names(const char *path, char *buf, size_t cap)
{
    buf[0] = 0;
    DIR *d = opendir(path);
    if (!d)
        return;
    char *names[128];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 128)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strncat(buf, " ", cap - strlen(buf) - 1);
        strncat(buf, names[i], cap - strlen(buf) - 1);
        free(names[i]);
    }
}
