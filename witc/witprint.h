/* witprint.h - a resolved package as canonical WIT text.
 *
 * The output is a complete document: the package, then every package it
 * depends on as a nested `package ns:name@v { ... }` block, so it parses
 * again on its own, and printing that gives the same text (a fixed point).
 * Worlds are printed elaborated (implicit imports written out, includes
 * expanded). */
#ifndef WITPRINT_H
#define WITPRINT_H

#include "buf.h"
#include "wit.h"

/* Print package pkg (all its worlds, or only `world` if not WIT_NONE). */
void witprint_package(const WitResolve *r, uint32_t pkg, uint32_t world, Buf *out);

#endif
