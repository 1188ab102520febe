/* wasi_names.c - a wasi-libc guest built with -g: its name section must name
 * main and the static function below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static unsigned core_guest_static_helper(const char *s)
{
    unsigned h = 2166136261u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

int main(int argc, char **argv)
{
    char *buf = malloc(64);
    if (!buf)
        return 1;
    memset(buf, 'a', 63);
    buf[63] = 0;
    strcpy(buf + 10, argc > 1 ? argv[1] : "name section");
    printf("%s %u\n", buf, core_guest_static_helper(buf));
    free(buf);
    return 0;
}
