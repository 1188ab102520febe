/* A WASI preview-1 command (clang + wasi-libc): arguments, environment,
 * a file written and read back, output on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("args %d", argc);
    for (int i = 1; i < argc; i++)
        printf(" %s", argv[i]);
    printf("\n");
    const char *home = getenv("HOME");
    printf("HOME=%s\n", home ? home : "(unset)");
    FILE *f = fopen("hello.txt", "w");
    if (!f) {
        printf("cannot write a file\n");
        return 1;
    }
    size_t n = fwrite("hello\n", 1, 6, f);
    fclose(f);
    char buf[16] = {0};
    f = fopen("hello.txt", "r");
    size_t m = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    printf("wrote %zu read %zu %s", n, m, buf);
    return 0;
}
