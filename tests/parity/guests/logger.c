/* logger.c - exports demo:greeter/host (wit-greeter/logger.wit) for the
 * tutorial's greeter of tests/bindgen: log(msg) prints "log: MSG" on stdout,
 * as the tutorial's JavaScript host does.  Written against `witc bindgen
 * --world logger`; wasi-libc's stdio through the preview-1 reactor adapter. */
#include "logger.h"

#include <stdio.h>

void exports_demo_greeter_host_log(logger_string_t *msg)
{
    printf("log: %.*s\n", (int)msg->len, (const char *)msg->ptr);
    fflush(stdout); /* a reactor has no exit that would flush */
    logger_string_free(msg);
}
