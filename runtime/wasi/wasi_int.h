/* wasi_int.h - what the files of the preview-1 host share: the context and
 * its descriptor table, the witx constants (errno, rights, flags, layouts
 * of snapshot_preview1), and checked little-endian guest memory access. */
#ifndef WASI_INT_H
#define WASI_INT_H

#include "wasi.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- errno (witx "errno", u16) ---- */
enum {
    WE_SUCCESS = 0, WE_2BIG = 1, WE_ACCES = 2, WE_ADDRINUSE = 3, WE_ADDRNOTAVAIL = 4,
    WE_AFNOSUPPORT = 5, WE_AGAIN = 6, WE_ALREADY = 7, WE_BADF = 8, WE_BADMSG = 9, WE_BUSY = 10,
    WE_CANCELED = 11, WE_CHILD = 12, WE_CONNABORTED = 13, WE_CONNREFUSED = 14, WE_CONNRESET = 15,
    WE_DEADLK = 16, WE_DESTADDRREQ = 17, WE_DOM = 18, WE_DQUOT = 19, WE_EXIST = 20, WE_FAULT = 21,
    WE_FBIG = 22, WE_HOSTUNREACH = 23, WE_IDRM = 24, WE_ILSEQ = 25, WE_INPROGRESS = 26,
    WE_INTR = 27, WE_INVAL = 28, WE_IO = 29, WE_ISCONN = 30, WE_ISDIR = 31, WE_LOOP = 32,
    WE_MFILE = 33, WE_MLINK = 34, WE_MSGSIZE = 35, WE_MULTIHOP = 36, WE_NAMETOOLONG = 37,
    WE_NETDOWN = 38, WE_NETRESET = 39, WE_NETUNREACH = 40, WE_NFILE = 41, WE_NOBUFS = 42,
    WE_NODEV = 43, WE_NOENT = 44, WE_NOEXEC = 45, WE_NOLCK = 46, WE_NOLINK = 47, WE_NOMEM = 48,
    WE_NOMSG = 49, WE_NOPROTOOPT = 50, WE_NOSPC = 51, WE_NOSYS = 52, WE_NOTCONN = 53,
    WE_NOTDIR = 54, WE_NOTEMPTY = 55, WE_NOTRECOVERABLE = 56, WE_NOTSOCK = 57, WE_NOTSUP = 58,
    WE_NOTTY = 59, WE_NXIO = 60, WE_OVERFLOW = 61, WE_OWNERDEAD = 62, WE_PERM = 63, WE_PIPE = 64,
    WE_PROTO = 65, WE_PROTONOSUPPORT = 66, WE_PROTOTYPE = 67, WE_RANGE = 68, WE_ROFS = 69,
    WE_SPIPE = 70, WE_SRCH = 71, WE_STALE = 72, WE_TIMEDOUT = 73, WE_TXTBSY = 74, WE_XDEV = 75,
    WE_NOTCAPABLE = 76,
};

/* ---- filetype (u8) ---- */
enum {
    WFT_UNKNOWN = 0, WFT_BLOCK = 1, WFT_CHAR = 2, WFT_DIR = 3, WFT_REG = 4,
    WFT_SOCK_DGRAM = 5, WFT_SOCK_STREAM = 6, WFT_SYMLINK = 7,
};

/* ---- flags ---- */
enum { WFD_APPEND = 1, WFD_DSYNC = 2, WFD_NONBLOCK = 4, WFD_RSYNC = 8, WFD_SYNC = 16 };
enum { WO_CREAT = 1, WO_DIRECTORY = 2, WO_EXCL = 4, WO_TRUNC = 8 };
enum { WLOOKUP_FOLLOW = 1 };
enum { WFST_ATIM = 1, WFST_ATIM_NOW = 2, WFST_MTIM = 4, WFST_MTIM_NOW = 8 };

/* ---- rights (u64 bit numbers) ---- */
#define WR_BIT(n) ((uint64_t)1 << (n))
#define WRIGHT_FD_DATASYNC WR_BIT(0)
#define WRIGHT_FD_READ WR_BIT(1)
#define WRIGHT_FD_SEEK WR_BIT(2)
#define WRIGHT_FD_FDSTAT_SET_FLAGS WR_BIT(3)
#define WRIGHT_FD_SYNC WR_BIT(4)
#define WRIGHT_FD_TELL WR_BIT(5)
#define WRIGHT_FD_WRITE WR_BIT(6)
#define WRIGHT_FD_ADVISE WR_BIT(7)
#define WRIGHT_FD_ALLOCATE WR_BIT(8)
#define WRIGHT_FD_READDIR WR_BIT(14)
#define WRIGHT_PATH_FILESTAT_SET_SIZE WR_BIT(19)
#define WRIGHT_FD_FILESTAT_GET WR_BIT(21)
#define WRIGHT_FD_FILESTAT_SET_SIZE WR_BIT(22)
#define WRIGHT_FD_FILESTAT_SET_TIMES WR_BIT(23)
#define WRIGHT_POLL_FD_READWRITE WR_BIT(27)
#define WRIGHT_ALL (WR_BIT(30) - 1)
/* What a regular file / a directory can ever do (as wasmtime reports). */
#define WRIGHTS_FILE                                                                              \
    (WRIGHT_FD_DATASYNC | WRIGHT_FD_READ | WRIGHT_FD_SEEK | WRIGHT_FD_FDSTAT_SET_FLAGS |          \
     WRIGHT_FD_SYNC | WRIGHT_FD_TELL | WRIGHT_FD_WRITE | WRIGHT_FD_ADVISE | WRIGHT_FD_ALLOCATE |  \
     WRIGHT_FD_FILESTAT_GET | WRIGHT_FD_FILESTAT_SET_SIZE | WRIGHT_FD_FILESTAT_SET_TIMES |        \
     WRIGHT_POLL_FD_READWRITE)
#define WRIGHTS_DIR                                                                               \
    (WRIGHT_FD_FDSTAT_SET_FLAGS | WRIGHT_FD_SYNC | WRIGHT_FD_ADVISE | WR_BIT(9) | WR_BIT(10) |    \
     WR_BIT(11) | WR_BIT(12) | WR_BIT(13) | WRIGHT_FD_READDIR | WR_BIT(15) | WR_BIT(16) |         \
     WR_BIT(17) | WR_BIT(18) | WR_BIT(19) | WR_BIT(20) | WRIGHT_FD_FILESTAT_GET |                  \
     WRIGHT_FD_FILESTAT_SET_TIMES | WR_BIT(24) | WR_BIT(25) | WR_BIT(26))

/* ---- the descriptor table ---- */

typedef enum WasiFdKind { WFD_FREE = 0, WFD_STDIO, WFD_FILE, WFD_DIR } WasiFdKind;

/* One directory listing, taken when fd_readdir starts at cookie 0, so that
 * cookies are plain indexes into it. */
typedef struct WasiDirEnt {
    uint64_t ino;
    uint8_t type;
    char *name; /* owned */
} WasiDirEnt;

typedef struct WasiFd {
    WasiFdKind kind;
    int host;             /* host fd (-1 when free) */
    uint8_t filetype;     /* WFT_* */
    uint64_t rights, inheriting;
    char *preopen;        /* guest name of a preopened directory, or NULL; owned */
    WasiDirEnt *dir;      /* cached listing (WFD_DIR only); owned */
    size_t ndir;
} WasiFd;

enum { WASI_MAX_FDS = 4096 };

struct WasiCtx {
    char **argv;          /* owned, argc entries */
    size_t argc;
    char **env;           /* owned "K=V" strings */
    size_t nenv, capenv;
    WasiFd *fds;          /* owned table, nfds used slots */
    size_t nfds, capfds;
    uint64_t deadline_ns; /* monotonic, 0 = none */
};

/* The entry for guest fd, or NULL (closed / out of range). */
WasiFd *wasi_fd_get(WasiCtx *ctx, uint32_t fd);
/* Put host fd into the lowest free slot; returns WE_SUCCESS with *out set,
 * or WE_MFILE/WE_NOMEM (host is then closed). */
int wasi_fd_add(WasiCtx *ctx, int host, WasiFdKind kind, uint8_t filetype, uint64_t rights,
                uint64_t inheriting, uint32_t *out);
/* Close a slot (the host fd too unless it is stdio) and free its caches. */
void wasi_fd_release(WasiFd *f);
/* Drop the cached directory listing. */
void wasi_fd_dir_clear(WasiFd *f);

/* Map a host errno value to a WASI errno. */
int wasi_errno(int host_errno);
/* WASI filetype of a host st_mode. */
uint8_t wasi_filetype(unsigned mode);

/* ---- guest memory ---- */

static inline void wasi_st16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static inline void wasi_st32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void wasi_st64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static inline uint16_t wasi_ld16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t wasi_ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t wasi_ld64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* Store a u32 / u64 result at guest address addr: WE_SUCCESS or WE_FAULT. */
int wasi_put32(WrCaller *c, uint32_t addr, uint32_t v);
int wasi_put64(WrCaller *c, uint32_t addr, uint64_t v);

/* Copy a guest path into a fresh NUL-terminated string (malloc; the caller
 * frees).  WE_FAULT out of bounds, WE_NAMETOOLONG past PATH_MAX, WE_INVAL on
 * an embedded NUL, WE_ILSEQ when not UTF-8. */
int wasi_get_path(WrCaller *c, uint32_t addr, uint32_t len, char **out);

/* Fill the 64-byte witx filestat at guest address out (wasi_fd.c). */
int wasi_put_filestat(WrCaller *c, uint32_t out, const struct stat *st);
/* atim/mtim/fst_flags to utimensat's two timespecs; WE_INVAL when a time is
 * both given and "now" or unknown flags are set (wasi_fd.c). */
int wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2]);

/* Shared by preview 1 and snapshot 0 ("wasi_unstable"), which differ in
 * a few layouts: a filestat writer, the fd/path stat calls over it (args
 * as in the witx, result WE_*), seeking with preview-1 whence values, and
 * poll_oneoff (returns what a host function returns). */
typedef int (*WasiPutStat)(WrCaller *c, uint32_t out, const struct stat *st);
int wasi_fd_filestat(WrCaller *c, WasiCtx *ctx, const WrVal *a, WasiPutStat put);
int wasi_path_filestat(WrCaller *c, WasiCtx *ctx, const WrVal *a, WasiPutStat put);
int wasi_seek(WrCaller *c, WasiCtx *ctx, uint32_t fd, int64_t off, uint32_t whence, uint32_t out);
int wasi_poll(WrCaller *c, WasiCtx *ctx, const WrVal *a, WrVal *r, int snapshot0);

/* ---- the groups of functions (each file registers its own) ---- */

typedef struct WasiFuncDef {
    const char *name;
    const char *sig;
    WrHostFn fn;
} WasiFuncDef;

extern const WasiFuncDef wasi_defs_fd[];   /* wasi_fd.c */
extern const WasiFuncDef wasi_defs_path[]; /* wasi_path.c */
extern const WasiFuncDef wasi_defs_misc[]; /* wasi_misc.c (args, env, clocks, random, poll, proc, sock) */
extern const WasiFuncDef wasi_defs_unstable[]; /* wasi_unstable.c: snapshot-0 variants */

/* Set the result of a host function to errno e and continue. */
static inline int wasi_ret(WrVal *r, int e)
{
    r[0].i32 = e;
    return 0;
}

#endif
