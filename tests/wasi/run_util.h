/* run_util.h - helpers for the wasi tests: run a command with its output
 * captured, build scratch directory trees, read files back. */
#ifndef WASI_TEST_RUN_UTIL_H
#define WASI_TEST_RUN_UTIL_H

#include <stddef.h>

typedef struct RunResult {
    int status;      /* exit status, or 128 + signal */
    char out[16384]; /* stdout, NUL-terminated (cut if longer) */
    char err[16384]; /* stderr */
    double seconds;  /* wall-clock time */
} RunResult;

/* What the next run_argv gives the child as stdin: NULL for /dev/null,
 * RUN_STDIN_HANG for a pipe that stays open and empty, else this text. */
extern const char *run_stdin;
#define RUN_STDIN_HANG ((const char *)1)

/* Run argv (argv[0] is the program path; NULL-terminated) with stdout and
 * stderr captured; the child is killed after timeout_s seconds. */
void run_argv(RunResult *r, char *const *argv, int timeout_s);

/* A fresh directory /tmp/wasi-test-XXXXXX (path written to out, cap 256). */
void scratch_new(char *out);
/* rm -rf path. */
void scratch_free(const char *path);
/* Write / read a whole small file ("" when missing; returns -1 then). */
void put_file(const char *path, const char *text);
int get_file(const char *path, char *buf, size_t cap);
/* Names in directory path (not . and ..), sorted, joined with ' '. */
void list_names(const char *path, char *buf, size_t cap);

#endif
