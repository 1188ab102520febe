/* vec.h - a typed growable array on the heap.
 *
 *   VEC(int) v = {0};
 *   if (!VEC_PUSH(&v, 42)) return CM_E_OOM;
 *   ... v.data[i], v.len ...
 *   VEC_FREE(&v);
 *
 * The macros only touch their arguments.  Growth doubles; failure leaves
 * the vector unchanged and the PUSH expression evaluates to 0.
 */
#ifndef CM_VEC_H
#define CM_VEC_H

#include <stddef.h>
#include <stdlib.h>

#define VEC(T)                                                                                     \
    struct {                                                                                       \
        T *data;                                                                                   \
        size_t len, cap;                                                                           \
    }

/* Grow storage of an untyped vector; 1 on success. */
int vec_grow_(void **data, size_t *cap, size_t need, size_t elem);

#define VEC_RESERVE(v, n)                                                                          \
    ((v)->len + (n) <= (v)->cap ||                                                                 \
     vec_grow_((void **)&(v)->data, &(v)->cap, (v)->len + (n), sizeof(*(v)->data)))
#define VEC_PUSH(v, x) (VEC_RESERVE((v), 1) ? ((v)->data[(v)->len++] = (x), 1) : 0)
#define VEC_FREE(v) (free((v)->data), (v)->data = NULL, (v)->len = (v)->cap = 0)

#endif
