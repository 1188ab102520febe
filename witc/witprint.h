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
/* A type expression as WIT writes it: a name (keywords escaped with `%`),
 * a primitive, or the structure of an anonymous type. */
void witprint_type(const WitResolve *r, WitTy t, Buf *out);
/* The structure of type t, ignoring its name (`list<u8>`, `result<_, e>`). */
void witprint_structure(const WitResolve *r, const WitTypeDef *t, Buf *out);
/* An identifier, with `%` before a keyword. */
void witprint_id(const char *name, Buf *out);

void witprint_package(const WitResolve *r, uint32_t pkg, uint32_t world, Buf *out);

#endif
