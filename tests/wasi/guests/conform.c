/* conform.c - preview-1 behaviours that portable guests rely on, checked
 * through the raw calls: the cases exercised by the WebAssembly
 * wasi-testsuite (interesting paths, trailing slashes, links, renames,
 * readlink truncation, readdir cookies, renumber, rights, time flags,
 * allocate), written afresh as one C program.  Prints "ok NAME" or
 * "FAIL NAME: got X, want Y"; exits 1 if anything failed.  Runs in a
 * scratch directory "c" created in the first preopen (fd 3). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open")))
int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t len, int32_t oflags,
                      int64_t base, int64_t inh, int32_t fdflags, int32_t out);

static int failures;
static __wasi_fd_t D; /* the scratch directory */

static void want(const char *name, int got, int want_)
{
    if (got == want_) {
        printf("ok %s\n", name);
    } else {
        printf("FAIL %s: got %d, want %d\n", name, got, want_);
        failures++;
    }
}

static void want2(const char *name, int got, int a, int b) { want(name, got == b ? a : got, a); }

#define RW (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_FILESTAT_GET | \
            __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | \
            __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES)

static int open_(__wasi_fd_t dir, const char *p, __wasi_oflags_t of, __wasi_rights_t r, __wasi_fd_t *fd)
{
    return __wasi_path_open(dir, 0, p, of, r, r, 0, fd);
}

static void make_file(const char *p)
{
    __wasi_fd_t fd;
    if (open_(D, p, __WASI_OFLAGS_CREAT, RW, &fd) == 0)
        (void)__wasi_fd_close(fd);
}

static int open_close(const char *p, __wasi_oflags_t of)
{
    __wasi_fd_t fd;
    int e = open_(D, p, of, 0, &fd);
    if (!e)
        (void)__wasi_fd_close(fd);
    return e;
}

static void interesting_paths(void)
{
    __wasi_path_create_directory(D, "dir");
    __wasi_path_create_directory(D, "dir/nested");
    make_file("dir/nested/file");
    want("absolute path", open_close("/dir/nested/file", 0), __WASI_ERRNO_PERM);
    want("dots inside", open_close("dir/.//nested/../../dir/nested/../nested///./file", 0), 0);
    static const char nul[] = "dir/nested/file\0";
    __wasi_fd_t fd;
    want("trailing NUL", raw_path_open(D, 0, (int32_t)(uintptr_t)nul, 16, 0, 0, 0, 0, (int32_t)(uintptr_t)&fd),
         __WASI_ERRNO_INVAL);
    want("file with slash", open_close("dir/nested/file/", 0), __WASI_ERRNO_NOTDIR);
    want("file with slashes", open_close("dir/nested/file///", 0), __WASI_ERRNO_NOTDIR);
    want("dir with slash", open_close("dir/nested/", 0), 0);
    want("dir with slashes", open_close("dir/nested///", 0), 0);
    want("too many dotdots", open_close("dir/nested/../../../c/dir/nested/file", 0), __WASI_ERRNO_PERM);
    want("unlink nested", __wasi_path_unlink_file(D, "dir/nested/file"), 0);
    want("rmdir nested", __wasi_path_remove_directory(D, "dir/nested"), 0);
    want("rmdir dir", __wasi_path_remove_directory(D, "dir"), 0);
}

static void dir_fd_failures(void)
{
    uint8_t buf[16];
    __wasi_iovec_t iov = {buf, sizeof buf};
    __wasi_ciovec_t ciov = {buf, sizeof buf};
    __wasi_size_t n;
    __wasi_filesize_t pos;
    want("read dir", __wasi_fd_read(D, &iov, 1, &n), __WASI_ERRNO_ISDIR);
    want("pread dir", __wasi_fd_pread(D, &iov, 1, 0, &n), __WASI_ERRNO_ISDIR);
    want("write dir", __wasi_fd_write(D, &ciov, 1, &n), __WASI_ERRNO_ISDIR);
    want("pwrite dir", __wasi_fd_pwrite(D, &ciov, 1, 0, &n), __WASI_ERRNO_ISDIR);
    want("seek dir", __wasi_fd_seek(D, 0, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_BADF);
    want("tell dir", __wasi_fd_tell(D, &pos), __WASI_ERRNO_BADF);
    want("allocate dir", __wasi_fd_allocate(D, 0, 0), __WASI_ERRNO_BADF);
    want("set_size dir", __wasi_fd_filestat_set_size(D, 0), __WASI_ERRNO_ISDIR);
    want("prestat name short", __wasi_fd_prestat_dir_name(3, buf, 0), __WASI_ERRNO_NAMETOOLONG);
    want("open dir rw", __wasi_path_open(3, 0, ".", __WASI_OFLAGS_DIRECTORY,
                                          __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, 0, &(__wasi_fd_t){0}),
         __WASI_ERRNO_ISDIR);
}

static void trailing_slashes(void)
{
    want("symlink new/", __wasi_path_symlink("source", D, "target/"), __WASI_ERRNO_NOENT);
    __wasi_path_create_directory(D, "target");
    want("symlink dir/", __wasi_path_symlink("source", D, "target/"), __WASI_ERRNO_EXIST);
    want("symlink dir", __wasi_path_symlink("source", D, "target"), __WASI_ERRNO_EXIST);
    __wasi_path_remove_directory(D, "target");
    make_file("target");
    want("symlink file/", __wasi_path_symlink("source", D, "target/"), __WASI_ERRNO_NOTDIR);
    want("symlink file", __wasi_path_symlink("source", D, "target"), __WASI_ERRNO_EXIST);
    __wasi_path_unlink_file(D, "target");
    __wasi_path_create_directory(D, "dir");
    want("unlink dir", __wasi_path_unlink_file(D, "dir"), __WASI_ERRNO_ISDIR);
    want("unlink dir/", __wasi_path_unlink_file(D, "dir/"), __WASI_ERRNO_ISDIR);
    want("rmdir dir/", __wasi_path_remove_directory(D, "dir/"), 0);
    make_file("file");
    want("unlink file/", __wasi_path_unlink_file(D, "file/"), __WASI_ERRNO_NOTDIR);
    want("rename file to new/", __wasi_path_rename(D, "file", D, "new/"), __WASI_ERRNO_NOTDIR);
    want("unlink file", __wasi_path_unlink_file(D, "file"), 0);
}

static void links(void)
{
    __wasi_fd_t f, l;
    open_(D, "file", __WASI_OFLAGS_CREAT, RW, &f);
    want("link", __wasi_path_link(D, 0, "file", D, "link"), 0);
    __wasi_filestat_t a, b;
    __wasi_fdstat_t fa, fb;
    open_(D, "link", 0, RW, &l);
    __wasi_fd_filestat_get(f, &a);
    __wasi_fd_filestat_get(l, &b);
    want("link same inode", a.ino == b.ino && a.nlink == 2 && b.nlink == 2, 1);
    __wasi_fd_fdstat_get(f, &fa);
    __wasi_fd_fdstat_get(l, &fb);
    want("link same rights", fa.fs_rights_base == fb.fs_rights_base, 1);
    (void)__wasi_fd_close(l);
    __wasi_path_unlink_file(D, "link");
    make_file("link");
    want("link onto file", __wasi_path_link(D, 0, "file", D, "link"), __WASI_ERRNO_EXIST);
    __wasi_path_unlink_file(D, "link");
    want("link onto itself", __wasi_path_link(D, 0, "file", D, "file"), __WASI_ERRNO_EXIST);
    __wasi_path_create_directory(D, "link");
    want("link onto dir", __wasi_path_link(D, 0, "file", D, "link"), __WASI_ERRNO_EXIST);
    __wasi_path_remove_directory(D, "link");
    __wasi_path_create_directory(D, "subdir");
    want2("link a dir", __wasi_path_link(D, 0, "subdir", D, "link"), __WASI_ERRNO_PERM, __WASI_ERRNO_ACCES);
    __wasi_path_remove_directory(D, "subdir");
    want("link to new/", __wasi_path_link(D, 0, "file", D, "link/"), __WASI_ERRNO_NOENT);
    __wasi_path_symlink("target", D, "symlink");
    want("link dangling symlink", __wasi_path_link(D, 0, "symlink", D, "link"), 0);
    want("link onto symlink", __wasi_path_link(D, 0, "file", D, "symlink"), __WASI_ERRNO_EXIST);
    want("link follow", __wasi_path_link(D, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "symlink", D, "link2"),
         __WASI_ERRNO_INVAL);
    __wasi_path_unlink_file(D, "symlink");
    __wasi_path_unlink_file(D, "link");
    __wasi_path_symlink("loop", D, "loop");
    want("link symlink loop", __wasi_path_link(D, 0, "loop", D, "link"), 0);
    want("open loop", open_close("loop", 0), __WASI_ERRNO_LOOP);
    __wasi_path_unlink_file(D, "loop");
    __wasi_path_unlink_file(D, "link");
    (void)__wasi_fd_close(f);
    __wasi_path_unlink_file(D, "file");
}

static void renames(void)
{
    __wasi_path_create_directory(D, "source");
    want("rename dir", __wasi_path_rename(D, "source", D, "target"), 0);
    want("old name gone", open_close("source", __WASI_OFLAGS_DIRECTORY), __WASI_ERRNO_NOENT);
    want("new name there", open_close("target", __WASI_OFLAGS_DIRECTORY), 0);
    __wasi_path_create_directory(D, "source");
    want("rename dir onto empty dir", __wasi_path_rename(D, "source", D, "target"), 0);
    __wasi_path_create_directory(D, "source");
    make_file("target/file");
    want("rename dir onto full dir", __wasi_path_rename(D, "source", D, "target"), __WASI_ERRNO_NOTEMPTY);
    want("rename dir onto file", __wasi_path_rename(D, "source", D, "target/file"), __WASI_ERRNO_NOTDIR);
    __wasi_path_unlink_file(D, "target/file");
    __wasi_path_remove_directory(D, "target");
    make_file("target");
    want("rename dir/ ok", __wasi_path_rename(D, "source/", D, "moved/"), 0);
    __wasi_path_remove_directory(D, "moved");
    make_file("source");
    want("rename file onto file", __wasi_path_rename(D, "source", D, "target"), 0);
    make_file("source");
    __wasi_path_unlink_file(D, "target");
    __wasi_path_create_directory(D, "target");
    want("rename file onto dir", __wasi_path_rename(D, "source", D, "target"), __WASI_ERRNO_ISDIR);
    __wasi_path_remove_directory(D, "target");
    __wasi_path_unlink_file(D, "source");
}

static void readlinks(void)
{
    make_file("target");
    __wasi_path_symlink("target", D, "symlink");
    uint8_t buf[10] = {0};
    __wasi_size_t n = 0;
    want("readlink", __wasi_path_readlink(D, "symlink", buf, 10, &n), 0);
    want("readlink length", (int)n, 6);
    want("readlink text", !memcmp(buf, "target\0\0\0\0", 10), 1);
    want("readlink short buffer", __wasi_path_readlink(D, "symlink", buf, 4, &n), 0);
    want("readlink cut", n == 4 && !memcmp(buf, "targ", 4), 1);
    want("readlink a file", __wasi_path_readlink(D, "target", buf, 10, &n), __WASI_ERRNO_INVAL);
    __wasi_path_unlink_file(D, "symlink");
    __wasi_path_unlink_file(D, "target");
}

/* Read the whole directory with a 256-byte buffer; returns the count. */
static int count_entries(__wasi_fd_t dir, int *dots_ok)
{
    __wasi_filestat_t st;
    __wasi_fd_filestat_get(dir, &st);
    uint8_t buf[256];
    __wasi_dircookie_t cookie = 0;
    int total = 0;
    *dots_ok = 0;
    for (;;) {
        __wasi_size_t used;
        if (__wasi_fd_readdir(dir, buf, sizeof buf, cookie, &used))
            return -1;
        size_t at = 0;
        while (at + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t d;
            memcpy(&d, buf + at, sizeof d);
            if (at + sizeof d + d.d_namlen > used)
                break;
            const char *name = (const char *)buf + at + sizeof d;
            if (d.d_namlen == 1 && name[0] == '.' && d.d_ino == st.ino && d.d_type == __WASI_FILETYPE_DIRECTORY)
                (*dots_ok)++;
            if (d.d_namlen == 2 && !memcmp(name, "..", 2) && d.d_type == __WASI_FILETYPE_DIRECTORY)
                (*dots_ok)++;
            cookie = d.d_next;
            at += sizeof d + d.d_namlen;
            total++;
        }
        if (used < sizeof buf)
            return total;
    }
}

static void readdirs(void)
{
    __wasi_fd_t dir;
    __wasi_path_create_directory(D, "rd");
    open_(D, "rd", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_FILESTAT_GET, &dir);
    int dots;
    want("empty dir has . and ..", count_entries(dir, &dots), 2);
    want(". and .. entries", dots, 2);
    char name[32];
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "rd/file.%d", i);
        make_file(name);
    }
    want("300 files", count_entries(dir, &dots), 302);
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "rd/file.%d", i);
        __wasi_path_unlink_file(D, name);
    }
    (void)__wasi_fd_close(dir);
    __wasi_path_remove_directory(D, "rd");
}

static void renumbers(void)
{
    __wasi_fd_t a, b;
    open_(D, "f1", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, &a);
    open_(D, "f2", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, &b);
    __wasi_fdstat_t sa, sb;
    __wasi_fd_fdstat_get(a, &sa);
    want("renumber", __wasi_fd_renumber(a, b), 0);
    want("old fd closed", __wasi_fd_close(a), __WASI_ERRNO_BADF);
    want("new fd open", __wasi_fd_fdstat_get(b, &sb), 0);
    want("same fdstat", sa.fs_rights_base == sb.fs_rights_base && sa.fs_flags == sb.fs_flags, 1);
    want("renumber to closed", __wasi_fd_renumber(b, a), __WASI_ERRNO_BADF);
    (void)__wasi_fd_close(b);
    __wasi_path_unlink_file(D, "f1");
    __wasi_path_unlink_file(D, "f2");
}

static void rights(void)
{
    __wasi_fdstat_t st;
    __wasi_fd_fdstat_get(3, &st);
    __wasi_rights_t dir_needs = __WASI_RIGHTS_PATH_CREATE_DIRECTORY | __WASI_RIGHTS_PATH_CREATE_FILE |
        __WASI_RIGHTS_PATH_LINK_SOURCE | __WASI_RIGHTS_PATH_LINK_TARGET | __WASI_RIGHTS_PATH_OPEN |
        __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_READLINK | __WASI_RIGHTS_PATH_RENAME_SOURCE |
        __WASI_RIGHTS_PATH_RENAME_TARGET | __WASI_RIGHTS_PATH_SYMLINK | __WASI_RIGHTS_PATH_REMOVE_DIRECTORY |
        __WASI_RIGHTS_PATH_UNLINK_FILE | __WASI_RIGHTS_PATH_FILESTAT_GET |
        __WASI_RIGHTS_PATH_FILESTAT_SET_TIMES | __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES;
    want("preopen base rights", (st.fs_rights_base & dir_needs) == dir_needs, 1);
    want("preopen inherits file rights", (st.fs_rights_inheriting & (dir_needs | RW)) == (dir_needs | RW), 1);
    want("dir lacks set_size", (st.fs_rights_base & __WASI_RIGHTS_FD_FILESTAT_SET_SIZE) == 0, 1);
    want("preopen flags", st.fs_flags, 0);

    __wasi_fd_t f;
    want("open append", __wasi_path_open(D, 0, "app", __WASI_OFLAGS_CREAT,
                                         __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_PATH_FILESTAT_GET, 0,
                                         __WASI_FDFLAGS_APPEND, &f), 0);
    __wasi_fd_fdstat_get(f, &st);
    want("append flag kept", st.fs_flags & __WASI_FDFLAGS_APPEND, __WASI_FDFLAGS_APPEND);
    want("file has no path rights", (st.fs_rights_base | st.fs_rights_inheriting) & __WASI_RIGHTS_PATH_FILESTAT_GET, 0);
    want("set flags nonblock", __wasi_fd_fdstat_set_flags(f, __WASI_FDFLAGS_NONBLOCK), 0);
    __wasi_fd_fdstat_get(f, &st);
    want("flags now nonblock only", st.fs_flags, __WASI_FDFLAGS_NONBLOCK);
    want("widen rights", __wasi_fd_fdstat_set_rights(f, st.fs_rights_base | __WASI_RIGHTS_FD_READ, 0),
         __WASI_ERRNO_NOTCAPABLE);
    (void)__wasi_fd_close(f);

    /* A scratch dir whose rights we narrow. */
    __wasi_fd_t sub;
    __wasi_path_create_directory(D, "narrow");
    __wasi_fd_fdstat_get(D, &st);
    __wasi_path_open(D, 0, "narrow", __WASI_OFLAGS_DIRECTORY, st.fs_rights_base, st.fs_rights_inheriting, 0, &sub);
    make_file("narrow/file");
    __wasi_fd_fdstat_get(sub, &st);
    want("narrow read", __wasi_fd_fdstat_set_rights(sub, st.fs_rights_base & ~__WASI_RIGHTS_FD_READ,
                                                    st.fs_rights_inheriting & ~__WASI_RIGHTS_FD_READ), 0);
    want("open without read", __wasi_path_open(sub, 0, "file", 0, __WASI_RIGHTS_FD_READ, 0, 0, &f), 0);
    __wasi_fd_fdstat_get(f, &st);
    want("no read right", st.fs_rights_base & __WASI_RIGHTS_FD_READ, 0);
    uint8_t b[4];
    __wasi_iovec_t iov = {b, 4};
    __wasi_size_t n;
    want("read without right", __wasi_fd_read(f, &iov, 1, &n), __WASI_ERRNO_BADF);
    (void)__wasi_fd_close(f);
    want("truncate allowed", __wasi_path_open(sub, 0, "file", __WASI_OFLAGS_TRUNC, 0, 0, 0, &f), 0);
    (void)__wasi_fd_close(f);
    __wasi_fd_fdstat_get(sub, &st);
    __wasi_fd_fdstat_set_rights(sub, st.fs_rights_base & ~__WASI_RIGHTS_PATH_FILESTAT_SET_SIZE, st.fs_rights_inheriting);
    want("truncate refused", __wasi_path_open(sub, 0, "file", __WASI_OFLAGS_TRUNC, 0, 0, 0, &f), __WASI_ERRNO_PERM);
    (void)__wasi_fd_close(sub);
    __wasi_path_unlink_file(D, "narrow/file");
    __wasi_path_remove_directory(D, "narrow");
    __wasi_path_unlink_file(D, "app");

    __wasi_path_create_directory(D, "sd");
    want("open dir with seek right", open_(D, "sd", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_SEEK, &sub), 0);
    __wasi_fd_fdstat_get(sub, &st);
    want("dir has no seek right", st.fs_rights_base & __WASI_RIGHTS_FD_SEEK, 0);
    want("dir filetype", st.fs_filetype, __WASI_FILETYPE_DIRECTORY);
    (void)__wasi_fd_close(sub);
    __wasi_path_remove_directory(D, "sd");
}

static void times_and_sizes(void)
{
    __wasi_fd_t f;
    open_(D, "t", __WASI_OFLAGS_CREAT, RW, &f);
    want("mtim and mtim_now", __wasi_fd_filestat_set_times(f, 100, 200, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW),
         __WASI_ERRNO_INVAL);
    want("atim and atim_now", __wasi_fd_filestat_set_times(f, 100, 200, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW),
         __WASI_ERRNO_INVAL);
    __wasi_filestat_t st;
    __wasi_path_filestat_get(D, 0, "t", &st);
    __wasi_timestamp_t m = st.mtim - 100;
    want("path set mtim", __wasi_path_filestat_set_times(D, 0, "t", 0, m, __WASI_FSTFLAGS_MTIM), 0);
    __wasi_path_filestat_get(D, 0, "t", &st);
    want("mtim changed", st.mtim == m, 1);
    want("fd set atim", __wasi_fd_filestat_set_times(f, 5000000000ull, 0, __WASI_FSTFLAGS_ATIM), 0);
    __wasi_fd_filestat_get(f, &st);
    want("atim changed", st.atim == 5000000000ull && st.mtim == m, 1);
    want("allocate 100", __wasi_fd_allocate(f, 0, 100), 0);
    __wasi_fd_filestat_get(f, &st);
    want("size 100", (int)st.size, 100);
    __wasi_fd_allocate(f, 10, 10);
    __wasi_fd_filestat_get(f, &st);
    want("allocate inside keeps size", (int)st.size, 100);
    __wasi_fd_allocate(f, 90, 20);
    __wasi_fd_filestat_get(f, &st);
    want("allocate past end grows", (int)st.size, 110);
    want("advise", __wasi_fd_advise(f, 10, 50, __WASI_ADVICE_NORMAL), 0);
    want("advise bad", __wasi_fd_advise(f, 10, 50, 9), __WASI_ERRNO_INVAL);
    want("set_size 3", __wasi_fd_filestat_set_size(f, 3), 0);
    __wasi_fd_filestat_get(f, &st);
    want("size 3", (int)st.size, 3);
    want("datasync", __wasi_fd_datasync(f), 0);
    (void)__wasi_fd_close(f);
    __wasi_path_unlink_file(D, "t");
}

static void dangling(void)
{
    __wasi_path_symlink("target", D, "dangling");
    want2("dangling as dir", open_close("dangling", __WASI_OFLAGS_DIRECTORY), __WASI_ERRNO_NOTDIR, __WASI_ERRNO_LOOP);
    want("dangling as file", open_close("dangling", 0), __WASI_ERRNO_LOOP);
    __wasi_filestat_t st;
    want("lstat dangling", __wasi_path_filestat_get(D, 0, "dangling", &st), 0);
    want("dangling type", st.filetype, __WASI_FILETYPE_SYMBOLIC_LINK);
    want("stat dangling", __wasi_path_filestat_get(D, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling", &st),
         __WASI_ERRNO_NOENT);
    __wasi_path_unlink_file(D, "dangling");
}

static void overwrite_preopen(void)
{
    __wasi_filestat_t a, b;
    __wasi_fd_filestat_get(D, &a);
    want("renumber over preopen", __wasi_fd_renumber(D, 3), 0);
    __wasi_fd_filestat_get(3, &b);
    want("fd 3 is the dir now", a.ino == b.ino, 1);
    __wasi_prestat_t ps;
    want("no longer a preopen", __wasi_fd_prestat_get(3, &ps), __WASI_ERRNO_BADF);
    __wasi_fdstat_t st;
    want("old fd closed", __wasi_fd_fdstat_get(D, &st), __WASI_ERRNO_BADF);
}

int main(void)
{
    __wasi_fdstat_t st;
    if (__wasi_fd_fdstat_get(3, &st) || __wasi_path_create_directory(3, "c") ||
        __wasi_path_open(3, 0, "c", __WASI_OFLAGS_DIRECTORY, st.fs_rights_base, st.fs_rights_inheriting, 0, &D)) {
        printf("FAIL setup\n");
        return 1;
    }
    interesting_paths();
    dir_fd_failures();
    trailing_slashes();
    links();
    renames();
    readlinks();
    readdirs();
    renumbers();
    rights();
    times_and_sizes();
    dangling();
    overwrite_preopen();
    printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
