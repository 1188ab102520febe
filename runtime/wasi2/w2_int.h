/* w2_int.h - what the files of the WASI 0.2 host share: the context, the
 * table of host objects behind resource handles, and the WIT enum values.
 *
 * Every resource the host hands out (streams, pollables, errors,
 * descriptors, directory listings, http values) is a W2Obj in one table
 * owned by the context; its index is the resource's "rep", the value the
 * component runtime stores in the guest's handle table.  Rep 0 is never
 * used, so a zero rep can mean "none".  An object records its kind, and
 * every lookup checks it: a rep of the wrong kind is a host bug, answered
 * as a trap rather than a crash.
 *
 * Objects the guest holds do not depend on each other: a stream made from
 * a descriptor owns its own dup()ed host fd, a pollable copies the fd or
 * deadline it waits on (a socket's pollable owns a dup of the socket, as
 * do a connection's streams and a UDP socket's datagram streams),
 * headers() hands out a copy.  So the guest may drop
 * resources in any order.  (The one link, an outgoing request or response
 * owning its headers object, is never visible to the guest.)
 */
#ifndef W2_INT_H
#define W2_INT_H

#include "wasi2.h"

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* ---- wasi:filesystem/types error-code, in WIT order ---- */
enum {
    W2E_ACCESS, W2E_WOULD_BLOCK, W2E_ALREADY, W2E_BAD_DESCRIPTOR, W2E_BUSY, W2E_DEADLOCK,
    W2E_QUOTA, W2E_EXIST, W2E_FILE_TOO_LARGE, W2E_ILLEGAL_BYTE_SEQUENCE, W2E_IN_PROGRESS,
    W2E_INTERRUPTED, W2E_INVALID, W2E_IO, W2E_IS_DIRECTORY, W2E_LOOP, W2E_TOO_MANY_LINKS,
    W2E_MESSAGE_SIZE, W2E_NAME_TOO_LONG, W2E_NO_DEVICE, W2E_NO_ENTRY, W2E_NO_LOCK,
    W2E_INSUFFICIENT_MEMORY, W2E_INSUFFICIENT_SPACE, W2E_NOT_DIRECTORY, W2E_NOT_EMPTY,
    W2E_NOT_RECOVERABLE, W2E_UNSUPPORTED, W2E_NO_TTY, W2E_NO_SUCH_DEVICE, W2E_OVERFLOW,
    W2E_NOT_PERMITTED, W2E_PIPE, W2E_READ_ONLY, W2E_INVALID_SEEK, W2E_TEXT_FILE_BUSY,
    W2E_CROSS_DEVICE,
    W2E__COUNT
};
/* Functions of this host answer W2_OK or one of the codes above. */
enum { W2_OK = -1 };

/* descriptor-type */
enum {
    W2T_UNKNOWN, W2T_BLOCK_DEVICE, W2T_CHARACTER_DEVICE, W2T_DIRECTORY, W2T_FIFO,
    W2T_SYMBOLIC_LINK, W2T_REGULAR_FILE, W2T_SOCKET,
};
/* descriptor-flags, path-flags, open-flags (bit i = i-th flag of the WIT) */
enum {
    W2DF_READ = 1, W2DF_WRITE = 2, W2DF_FILE_INTEGRITY_SYNC = 4, W2DF_DATA_INTEGRITY_SYNC = 8,
    W2DF_REQUESTED_WRITE_SYNC = 16, W2DF_MUTATE_DIRECTORY = 32,
};
enum { W2PF_SYMLINK_FOLLOW = 1 };
enum { W2OF_CREATE = 1, W2OF_DIRECTORY = 2, W2OF_EXCLUSIVE = 4, W2OF_TRUNCATE = 8 };
/* new-timestamp cases */
enum { W2TS_NO_CHANGE, W2TS_NOW, W2TS_TIMESTAMP };
/* wasi:sockets/network error-code, in WIT order */
enum {
    W2NET_UNKNOWN, W2NET_ACCESS_DENIED, W2NET_NOT_SUPPORTED, W2NET_INVALID_ARGUMENT,
    W2NET_OUT_OF_MEMORY, W2NET_TIMEOUT, W2NET_CONCURRENCY_CONFLICT, W2NET_NOT_IN_PROGRESS,
    W2NET_WOULD_BLOCK, W2NET_INVALID_STATE, W2NET_NEW_SOCKET_LIMIT, W2NET_ADDRESS_NOT_BINDABLE,
    W2NET_ADDRESS_IN_USE, W2NET_REMOTE_UNREACHABLE, W2NET_CONNECTION_REFUSED,
    W2NET_CONNECTION_RESET, W2NET_CONNECTION_ABORTED, W2NET_DATAGRAM_TOO_LARGE,
    W2NET_NAME_UNRESOLVABLE, W2NET_TEMPORARY_RESOLVER_FAILURE, W2NET_PERMANENT_RESOLVER_FAILURE,
};
/* ip-address-family */
enum { W2AF_IPV4, W2AF_IPV6 };

/* ---- objects ---- */

typedef enum W2Kind {
    W2K_FREE = 0,
    W2K_INPUT,      /* wasi:io/streams input-stream */
    W2K_OUTPUT,     /* wasi:io/streams output-stream */
    W2K_POLLABLE,   /* wasi:io/poll pollable */
    W2K_ERROR,      /* wasi:io/error error */
    W2K_DESC,       /* wasi:filesystem/types descriptor */
    W2K_DIRSTREAM,  /* wasi:filesystem/types directory-entry-stream */
    W2K_NETWORK,    /* wasi:sockets/network network */
    W2K_FIELDS,     /* wasi:http/types fields */
    W2K_OUT_REQUEST,/* wasi:http/types outgoing-request */
    W2K_REQ_OPTIONS,/* wasi:http/types request-options */
    W2K_OUT_RESPONSE,/* wasi:http/types outgoing-response */
    W2K_OUT_BODY,   /* wasi:http/types outgoing-body */
    W2K_TCP,        /* wasi:sockets/tcp tcp-socket */
    W2K_UDP,        /* wasi:sockets/udp udp-socket */
    W2K_IN_DGRAM,   /* wasi:sockets/udp incoming-datagram-stream */
    W2K_OUT_DGRAM,  /* wasi:sockets/udp outgoing-datagram-stream */
    W2K_RESOLVE,    /* wasi:sockets/ip-name-lookup resolve-address-stream */
    W2K__COUNT
} W2Kind;

/* Where a stream's bytes come from or go to. */
typedef enum W2StreamKind {
    W2S_FD,     /* a host fd read/written at its own position (stdio) */
    W2S_FILE,   /* a host file read/written at off with pread/pwrite */
    W2S_APPEND, /* a host file, every write at its end */
    W2S_SINK,   /* accepts and drops everything (http bodies) */
    W2S_EMPTY,  /* at end of stream at once */
    W2S_SOCKET, /* a connected non-blocking TCP socket (its own dup()ed fd) */
} W2StreamKind;

typedef struct W2Stream {
    W2StreamKind kind;
    int fd;        /* host fd; owned unless borrowed_fd */
    int borrowed_fd; /* stdio: not closed */
    uint64_t off;  /* W2S_FILE position */
    int closed;    /* a previous operation failed or hit the end: "closed" */
    uint64_t deadline; /* W2S_SOCKET: a write waits for room until then
                          (monotonic ns, 0 = no limit) */
} W2Stream;

typedef enum W2PollKind {
    W2P_READY,    /* always ready */
    W2P_CLOCK,    /* ready at a monotonic instant */
    W2P_FD_IN,    /* ready when fd is readable (stdin) */
    W2P_FD_OUT,   /* ready when fd is writable (stdout, stderr) */
    W2P_FD_ANY,   /* ready when fd is readable or writable (a TCP socket's
                     pending accept or connect; other states at once) */
} W2PollKind;

typedef struct W2Poll {
    W2PollKind kind;
    int fd;             /* W2P_FD_*: owned when owns_fd (a dup of a socket) */
    int owns_fd;
    uint64_t deadline;  /* W2P_CLOCK: monotonic ns */
} W2Poll;

typedef struct W2Error {
    char *msg;      /* owned debug string */
    int fs_code;    /* filesystem error-code or W2_OK when none */
} W2Error;

typedef struct W2Desc {
    int fd;          /* owned host fd (a directory or a file) */
    uint8_t type;    /* W2T_* */
    uint32_t flags;  /* W2DF_* granted */
} W2Desc;

typedef struct W2DirEnt {
    uint8_t type;
    char *name;      /* owned */
} W2DirEnt;

typedef struct W2DirStream {
    W2DirEnt *ents;  /* owned snapshot taken by read-directory */
    size_t n, next;
} W2DirStream;

typedef struct W2Field {
    char *name;          /* owned, lower-case */
    uint8_t *value;      /* owned */
    size_t len;
} W2Field;

typedef struct W2Fields {
    W2Field *v;      /* owned */
    size_t n, cap;
    int immutable;   /* headers of a request/response: set/append refuse */
} W2Fields;

/* An outgoing request or response: fields live in their own object. */
typedef struct W2Message {
    uint32_t headers;    /* rep of the W2K_FIELDS object */
    uint8_t method;      /* method case (0 get .. 8 patch, 9 other) */
    char *method_other;  /* owned, for "other" */
    char *path, *authority; /* owned, NULL: none */
    uint8_t has_scheme, scheme; /* scheme case (0 HTTP, 1 HTTPS, 2 other) */
    char *scheme_other;  /* owned */
    uint16_t status;     /* responses */
    int body_taken;
} W2Message;

/* An IP socket address as the host's sockaddr (sa_family AF_INET or
 * AF_INET6). */
typedef union W2Addr {
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
} W2Addr;

/* tcp-socket states (the WIT's, plus the in-progress steps of bind and
 * listen, which this host completes in start-*). */
typedef enum W2TcpState {
    W2TCP_UNBOUND, W2TCP_BIND_STARTED, W2TCP_BOUND, W2TCP_LISTEN_STARTED, W2TCP_LISTENING,
    W2TCP_CONNECTING, W2TCP_CONNECTED, W2TCP_CLOSED,
} W2TcpState;

typedef struct W2Tcp {
    int fd;           /* owned non-blocking socket */
    uint8_t family;   /* W2AF_* */
    uint8_t state;    /* W2TcpState */
    uint32_t backlog; /* listen backlog hint */
} W2Tcp;

/* udp-socket states */
enum { W2UDP_UNBOUND, W2UDP_BIND_STARTED, W2UDP_BOUND };

typedef struct W2Udp {
    int fd;           /* owned non-blocking socket */
    uint8_t family;
    uint8_t state;
    uint8_t has_remote; /* stream() was given a remote address */
    W2Addr remote;
} W2Udp;

/* An incoming or outgoing datagram stream: its own dup of the socket. */
typedef struct W2Dgram {
    int fd;           /* owned */
    uint8_t family;
    uint8_t has_remote;
    W2Addr remote;
    uint64_t permit;  /* outgoing: datagrams check-send allowed */
} W2Dgram;

/* One IP address: family W2AF_*, 4 or 16 bytes in network order. */
typedef struct W2Ip {
    uint8_t family;
    uint8_t b[16];
} W2Ip;

/* A name lookup done when it was asked for (getaddrinfo blocks). */
typedef struct W2Resolve {
    W2Ip *ips;        /* owned */
    size_t n, next;
    int err;          /* W2NET_* to answer first, or W2_OK */
} W2Resolve;

typedef struct W2Obj {
    W2Kind kind;
    union {
        W2Stream stream;
        W2Poll poll;
        W2Error error;
        W2Desc desc;
        W2DirStream dir;
        W2Fields fields;
        W2Message msg;
        W2Tcp tcp;
        W2Udp udp;
        W2Dgram dgram;
        W2Resolve resolve;
        uint64_t timeouts[3]; /* request-options; UINT64_MAX: none */
        int stream_taken;     /* outgoing-body: write() was called */
    } u;
} W2Obj;

/* Every resource type this host defines (w2_link.c registers them). */
typedef enum W2Res {
    W2R_ERROR, W2R_POLLABLE, W2R_INPUT, W2R_OUTPUT,
    W2R_TERMINAL_INPUT, W2R_TERMINAL_OUTPUT,
    W2R_DESCRIPTOR, W2R_DIRSTREAM,
    W2R_NETWORK, W2R_TCP_SOCKET, W2R_UDP_SOCKET, W2R_INCOMING_DATAGRAMS,
    W2R_OUTGOING_DATAGRAMS, W2R_RESOLVE_STREAM,
    W2R_FIELDS, W2R_INCOMING_REQUEST, W2R_OUTGOING_REQUEST, W2R_REQUEST_OPTIONS,
    W2R_RESPONSE_OUTPARAM, W2R_INCOMING_RESPONSE, W2R_INCOMING_BODY, W2R_FUTURE_TRAILERS,
    W2R_OUTGOING_RESPONSE, W2R_OUTGOING_BODY, W2R_FUTURE_INCOMING_RESPONSE,
    W2R__COUNT
} W2Res;

struct WrcResType;

/* One --allow-net rule: a host (any, one address, or every loopback
 * address) and a port (-1: any). */
typedef enum W2HostKind { W2H_ANY, W2H_IP, W2H_LOOPBACK } W2HostKind;
typedef struct W2NetRule {
    W2HostKind host;
    W2Ip ip;          /* W2H_IP */
    int port;
} W2NetRule;

typedef struct W2Preopen {
    int fd;           /* owned O_DIRECTORY fd */
    char *name;       /* owned guest name */
} W2Preopen;

struct W2Ctx {
    char **argv;          /* owned, argc entries */
    size_t argc;
    char **env;           /* owned "K=V" strings */
    size_t nenv;
    char *cwd;            /* owned, NULL: none */
    int stdio[3];         /* host fds, not owned */
    W2Preopen *pre;       /* owned */
    size_t npre;
    W2NetRule *net;       /* owned; no rule: no socket can be made */
    size_t nnet;
    int allow_dns;        /* ip-name-lookup granted */
    uint64_t deadline_ns; /* monotonic, 0 = none */
    int exited, exit_code;
    int have_seed;        /* insecure-seed answers the same pair every time */
    uint64_t seed[2];
    struct WrcResType *rt[W2R__COUNT]; /* owned by the linker, set by w2_ctx_link */
    W2Obj *objs;          /* owned table; objs[0] unused */
    size_t nobjs, capobjs;
    uint32_t hint;        /* lowest rep that may be free */
};

/* ---- the object table (w2_table.c) ---- */

enum { W2_MAX_OBJS = 1u << 20 };

/* A new zeroed object of kind k; *out_rep its rep.  NULL when out of memory
 * or past W2_MAX_OBJS.  The pointer is valid until the next w2_obj_new. */
W2Obj *w2_obj_new(W2Ctx *ctx, W2Kind k, uint32_t *out_rep);
/* The object at rep if it has kind k, else NULL. */
W2Obj *w2_obj_get(W2Ctx *ctx, uint32_t rep, W2Kind k);
/* Release what the object owns (fds, strings) and free the slot. */
void w2_obj_free(W2Ctx *ctx, uint32_t rep);

/* ---- helpers (w2_ctx.c) ---- */

char *w2_strdup(const char *s);
char *w2_strndup(const char *s, size_t n);
/* Monotonic clock in ns. */
uint64_t w2_now_ns(void);
/* A filesystem error-code for a host errno value. */
int w2_errcode(int host_errno);
/* descriptor-type of a host st_mode. */
uint8_t w2_type_of(unsigned mode);

#endif
