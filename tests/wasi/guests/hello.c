/* hello.c - prints its arguments and the environment it was granted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    printf("hello, wasi\n");
    printf("argc %d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d] %s\n", i, argv[i]);
    size_t n = 0;
    while (environ && environ[n])
        n++;
    printf("envc %zu\n", n);
    qsort(environ, n, sizeof *environ, cmp);
    for (size_t i = 0; i < n && i < 10; i++)
        printf("env %s\n", environ[i]);
    const char *g = getenv("GREETING");
    printf("GREETING %s\n", g ? g : "(unset)");
    return 0;
}
