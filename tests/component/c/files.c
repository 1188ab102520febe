/* Another wasi-libc command touching files and the clock. */
#include <stdio.h>
#include <time.h>

int main(void)
{
    FILE *f = fopen("out.txt", "w");
    if (!f)
        return 1;
    fprintf(f, "%ld\n", (long)time(NULL));
    return fclose(f) != 0;
}
