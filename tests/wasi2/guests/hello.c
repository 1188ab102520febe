/* hello.c - stdout, stderr, arguments and the exit status.
 * "hello A B" prints its arguments; "hello --exit N" exits with N;
 * "hello --cat" copies stdin to stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--cat")) {
        char buf[256];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
            fwrite(buf, 1, n, stdout);
        return 0;
    }
    if (argc > 2 && !strcmp(argv[1], "--exit")) {
        printf("exiting with %s\n", argv[2]);
        fflush(stdout);
        exit(atoi(argv[2]));
    }
    printf("hello from a component\n");
    fprintf(stderr, "to stderr\n");
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("arg[%d]=%s\n", i, argv[i]);
    return 0;
}
