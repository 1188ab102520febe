/* env.c - prints the variables named on the command line ("NAME=value" or
 * "NAME unset") and how many variables the program sees in all. */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *v = getenv(argv[i]);
        if (v)
            printf("%s=%s\n", argv[i], v);
        else
            printf("%s unset\n", argv[i]);
    }
    int n = 0;
    for (char **e = environ; *e; e++)
        n++;
    printf("count=%d\n", n);
    return 0;
}
