/* The demo guest: a WASI preview-1 program that greets its arguments. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("hello from wasm");
    for (int i = 1; i < argc; i++)
        printf(" %s", argv[i]);
    printf("\n");
    return 0;
}
