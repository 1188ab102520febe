/* hello_command.c - a freestanding (no libc) wasi:cli/command guest written
 * against `witc bindgen wit --world command`: it prints a line to stdout
 * through wasi:io/streams, one to stderr, and exits with status 7 through
 * wasi:cli/exit.exit-with-code.
 *
 * Without libc the program supplies the five functions the generated glue
 * calls (realloc, free, abort, memcpy, strlen): a bump allocator over a
 * static buffer is enough for a short-lived command. */
#include "command.h"

static unsigned char heap[64 * 1024];
static size_t heap_used;

void *realloc(void *ptr, size_t size);
void free(void *ptr);
void abort(void);
void *memcpy(void *dst, const void *src, size_t n);
size_t strlen(const char *s);

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

void abort(void)
{
    __builtin_trap();
}

/* Never moves data in place: a fresh block each time (ptr's old size is not
 * known here, but the glue only grows buffers it has just allocated). */
void *realloc(void *ptr, size_t size)
{
    (void)ptr;
    size_t at = (heap_used + 15) & ~(size_t)15;
    if (at + size > sizeof heap)
        return NULL;
    heap_used = at + size;
    return heap + at;
}

void free(void *ptr)
{
    (void)ptr;
}

static void write_all(wasi_io_streams_own_output_stream_t out, const char *text)
{
    command_list_u8_t bytes = {(uint8_t *)text, strlen(text)};
    wasi_io_streams_stream_error_t err;
    if (!wasi_io_streams_method_output_stream_blocking_write_and_flush(
            wasi_io_streams_borrow_output_stream(out), &bytes, &err))
        abort();
}

bool exports_wasi_cli_run_run(void)
{
    wasi_cli_stdout_own_output_stream_t out = wasi_cli_stdout_get_stdout();
    write_all(out, "hello from a freestanding C component\n");
    wasi_io_streams_output_stream_drop_own(out);

    wasi_cli_stderr_own_output_stream_t err = wasi_cli_stderr_get_stderr();
    write_all(err, "and a line on stderr\n");
    wasi_io_streams_output_stream_drop_own(err);

    wasi_cli_exit_exit_with_code(7);
    return true; /* not reached */
}
