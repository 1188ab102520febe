/* witdiag.h - render a front-end error as text: "file:line:col: error:
 * message", then the source line and a caret under the culprit. */
#ifndef WITDIAG_H
#define WITDIAG_H

#include "buf.h"
#include "wit.h"

/* Append the diagnostic for err to out.  `input` names the command's
 * argument, used when the error has no position. */
void witdiag_format(const WitResolve *r, const WitError *err, const char *input, Buf *out);

#endif
