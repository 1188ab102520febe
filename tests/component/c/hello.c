/* A wasi-libc command: made into a component with the preview-1 adapter. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    const char *who = getenv("WHO");
    printf("hello %s (%d args)\n", who ? who : "world", argc);
    return argc > 1 ? 3 : 0;
}
