/* w2_io.h - the logic of wasi:io streams and pollables, without the
 * component runtime: reads, writes, splices and the poll loop over host fds
 * and monotonic deadlines.  The binding (w2_bind_io.c) converts values;
 * tests/wasi2/test_w2_io.c calls these directly. */
#ifndef W2_IO_H
#define W2_IO_H

#include "w2_int.h"

/* What a stream operation did: ok, the stream is closed (end of input, or
 * a previous failure), or it failed now with a host errno. */
typedef enum W2Status { W2ST_OK = 0, W2ST_CLOSED, W2ST_FAILED, W2ST_TIMEOUT } W2Status;

/* The most bytes one read returns and one check-write permits. */
enum { W2_READ_MAX = 64 * 1024, W2_WRITE_BUDGET = 1024 * 1024 };

/* Streams over host fds.  fd is owned unless borrowed. */
void w2_stream_init(W2Stream *s, W2StreamKind kind, int fd, int borrowed, uint64_t off);

/* Read at most len bytes into a new buffer (*out, malloc, owned by the
 * caller, may be NULL when *out_n is 0).  Not blocking (deadline 0 and
 * blocking 0): an input that has nothing yet gives 0 bytes and W2ST_OK.
 * Blocking: waits for at least one byte or the end, but not past the
 * monotonic deadline (ns, 0 = none): then W2ST_TIMEOUT. */
W2Status w2_stream_read(W2Stream *s, uint64_t len, int blocking, uint64_t deadline, uint8_t **out,
                        size_t *out_n, int *out_errno);
/* Like read, but drops the bytes; *out_n how many were skipped. */
W2Status w2_stream_skip(W2Stream *s, uint64_t len, int blocking, uint64_t deadline,
                        uint64_t *out_n, int *out_errno);

W2Status w2_stream_check_write(W2Stream *s, uint64_t *out_n);
/* Write all n bytes (this host never buffers, so flush is a no-op).  A
 * socket with no room is waited on, up to s->deadline (W2ST_TIMEOUT). */
W2Status w2_stream_write(W2Stream *s, const uint8_t *buf, size_t n, int *out_errno);
W2Status w2_stream_write_zeroes(W2Stream *s, uint64_t n, int *out_errno);
/* Move at most len bytes from in to out; *out_n how many moved. */
W2Status w2_stream_splice(W2Stream *out, W2Stream *in, uint64_t len, int blocking,
                          uint64_t deadline, uint64_t *out_n, int *out_errno);

/* The pollable for a stream's readiness. */
void w2_stream_pollable(const W2Stream *s, int output, W2Poll *out);

/* Whether p is ready now. */
int w2_poll_ready(const W2Poll *p);
/* Wait until at least one of ps[0..n) is ready (n > 0), then store the
 * indexes of the ready ones in out_idx (room for n) and their count in
 * *out_n.  Returns 0, or -1 when the context's deadline passed first. */
int w2_poll_wait(W2Ctx *ctx, const W2Poll *const *ps, size_t n, uint32_t *out_idx,
                 size_t *out_n);

#endif
