/* witprint.c - canonical WIT text (see witprint.h). */
#include "witprint.h"

void witprint_package(const WitResolve *r, uint32_t pkg, uint32_t world, Buf *out)
{
    (void)r, (void)pkg, (void)world, (void)out;
}
