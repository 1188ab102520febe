/* w2_dns.c - wasi:sockets@0.2 ip-name-lookup, only when granted
 * (w2_ctx_allow_dns; access-denied otherwise).
 *
 * resolve-addresses parses IP literals itself and asks getaddrinfo for
 * anything else, at once: getaddrinfo blocks the guest while the system
 * resolver works (the WIT wants an asynchronous lookup; this host has no
 * threads).  The addresses, or the lookup's error, are then handed out by
 * resolve-next-address; the stream's pollable is always ready. */
#define _GNU_SOURCE
#include "w2_net.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

enum { NAME_MAX_LEN = 253 };

/* Whether name is a syntactically valid host name (or IP literal): ASCII
 * letters, digits, '-', '.', ':' (IPv6), 1..253 bytes. */
static int valid_name(const char *s, size_t n)
{
    if (n == 0 || n > NAME_MAX_LEN)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == ':' || c == '_'))
            return 0;
    }
    return 1;
}

/* Add ip to r unless already there. */
static int add_ip(W2Resolve *r, const W2Ip *ip, size_t *cap)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->ips[i].family == ip->family && !memcmp(r->ips[i].b, ip->b, 16))
            return 0;
    if (r->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 8;
        W2Ip *v = realloc(r->ips, nc * sizeof *v);
        if (!v)
            return -1;
        r->ips = v;
        *cap = nc;
    }
    r->ips[r->n++] = *ip;
    return 0;
}

static int gai_code(int e)
{
    switch (e) {
    case EAI_AGAIN: return W2NET_TEMPORARY_RESOLVER_FAILURE;
    case EAI_FAIL: return W2NET_PERMANENT_RESOLVER_FAILURE;
    case EAI_MEMORY: return W2NET_OUT_OF_MEMORY;
    default: return W2NET_NAME_UNRESOLVABLE; /* EAI_NONAME, EAI_NODATA, ... */
    }
}

/* ::ffff:a.b.c.d becomes a.b.c.d: the WIT never returns v4-mapped
 * addresses. */
static void unmap(W2Ip *ip)
{
    static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (ip->family == W2AF_IPV6 && !memcmp(ip->b, prefix, 12)) {
        memmove(ip->b, ip->b + 12, 4);
        memset(ip->b + 4, 0, 12);
        ip->family = W2AF_IPV4;
    }
}

/* Fill r with the addresses of name (NUL-terminated); r->err on failure. */
static void lookup(W2Resolve *r, const char *name)
{
    W2Ip ip;
    size_t cap = 0;
    memset(&ip, 0, sizeof ip);
    int v4 = inet_pton(AF_INET, name, ip.b) == 1;
    if (v4 || inet_pton(AF_INET6, name, ip.b) == 1) { /* a literal: no lookup */
        ip.family = v4 ? W2AF_IPV4 : W2AF_IPV6;
        unmap(&ip);
        r->err = add_ip(r, &ip, &cap) ? W2NET_OUT_OF_MEMORY : W2_OK;
        return;
    }
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM; /* one entry per address */
    int e = getaddrinfo(name, NULL, &hints, &res);
    if (e) {
        r->err = gai_code(e);
        return;
    }
    r->err = W2_OK;
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        memset(&ip, 0, sizeof ip);
        if (a->ai_family == AF_INET) {
            ip.family = W2AF_IPV4;
            memcpy(ip.b, &((struct sockaddr_in *)a->ai_addr)->sin_addr, 4);
        } else if (a->ai_family == AF_INET6) {
            ip.family = W2AF_IPV6;
            memcpy(ip.b, &((struct sockaddr_in6 *)a->ai_addr)->sin6_addr, 16);
            unmap(&ip);
        } else {
            continue;
        }
        if (add_ip(r, &ip, &cap)) {
            r->err = W2NET_OUT_OF_MEMORY;
            break;
        }
    }
    freeaddrinfo(res);
    if (r->err == W2_OK && r->n == 0)
        r->err = W2NET_NAME_UNRESOLVABLE;
}

W2FN(resolve_addresses)
{
    (void)nargs;
    if (!w2_is_network(CTX, &args[0]))
        return w2_bad_handle(call);
    if (!CTX->allow_dns)
        return w2_err_enum(call, result, W2NET_ACCESS_DENIED);
    const char *s = args[1].u.str.ptr;
    size_t n = args[1].u.str.len;
    /* "[::1]" is an IPv6 literal too. */
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
        s++;
        n -= 2;
    }
    if (!valid_name(s, n))
        return w2_err_enum(call, result, W2NET_INVALID_ARGUMENT);
    char name[NAME_MAX_LEN + 1];
    memcpy(name, s, n);
    name[n] = '\0';
    uint32_t rep;
    W2Obj *o = w2_obj_new(CTX, W2K_RESOLVE, &rep);
    if (!o)
        return w2_oom(call);
    lookup(&o->u.resolve, name);
    WrcVal v = w2_own(CTX, W2R_RESOLVE_STREAM, rep);
    return w2_ok(call, result, &v);
}

W2FN(resolve_next_address)
{
    (void)nargs;
    W2Obj *o = w2_arg(CTX, &args[0], W2K_RESOLVE);
    if (!o)
        return w2_bad_handle(call);
    W2Resolve *r = &o->u.resolve;
    if (r->err != W2_OK) {
        int e = r->err;
        r->err = W2_OK; /* reported once; then the stream is empty */
        r->next = r->n;
        return w2_err_enum(call, result, (uint32_t)e);
    }
    WrcVal opt = wrc_none();
    if (r->next < r->n) {
        WrcVal ip, *p;
        if (w2_ip_to_val(call, &r->ips[r->next], &ip) || !(p = wrc_box(call, ip)))
            return w2_oom(call);
        opt = wrc_some(p);
        r->next++;
    }
    return w2_ok(call, result, &opt);
}

W2FN(resolve_subscribe)
{
    (void)nargs;
    if (!w2_arg(CTX, &args[0], W2K_RESOLVE))
        return w2_bad_handle(call);
    return w2_ret_fd_pollable(CTX, call, result, -1, W2P_READY);
}

#define DNS "wasi:sockets/ip-name-lookup"
const W2Def w2_defs_dns[] = {
    {DNS, "resolve-addresses", resolve_addresses},
    {DNS, "[method]resolve-address-stream.resolve-next-address", resolve_next_address},
    {DNS, "[method]resolve-address-stream.subscribe", resolve_subscribe},
    {NULL, NULL, NULL},
};
