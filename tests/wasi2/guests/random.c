/* random.c - getentropy gives bytes that differ between calls and are not
 * all zero.  Prints "ok NAME" or "FAIL NAME". */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    unsigned char a[32], b[32], zero[32] = {0};
    int ok = getentropy(a, sizeof a) == 0 && getentropy(b, sizeof b) == 0;
    printf("%s getentropy\n", ok ? "ok" : "FAIL");
    printf("%s differ\n", memcmp(a, b, sizeof a) ? "ok" : "FAIL");
    printf("%s nonzero\n", memcmp(a, zero, sizeof a) ? "ok" : "FAIL");
    return 0;
}
