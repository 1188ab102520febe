/* allimports.c - imports every preview-1 function wasi-libc declares (its
 * header is generated from the snapshot_preview1 witx), so that
 * instantiating it proves the host defines each name with the right
 * signature.  Nothing is called. */
#include <stdio.h>
#include <wasi/api.h>

typedef void (*Fn)(void);
static volatile Fn sink[64];

int main(void)
{
    int n = 0;
    sink[n++] = (Fn)__wasi_args_get;
    sink[n++] = (Fn)__wasi_args_sizes_get;
    sink[n++] = (Fn)__wasi_clock_res_get;
    sink[n++] = (Fn)__wasi_clock_time_get;
    sink[n++] = (Fn)__wasi_environ_get;
    sink[n++] = (Fn)__wasi_environ_sizes_get;
    sink[n++] = (Fn)__wasi_fd_advise;
    sink[n++] = (Fn)__wasi_fd_allocate;
    sink[n++] = (Fn)__wasi_fd_close;
    sink[n++] = (Fn)__wasi_fd_datasync;
    sink[n++] = (Fn)__wasi_fd_fdstat_get;
    sink[n++] = (Fn)__wasi_fd_fdstat_set_flags;
    sink[n++] = (Fn)__wasi_fd_fdstat_set_rights;
    sink[n++] = (Fn)__wasi_fd_filestat_get;
    sink[n++] = (Fn)__wasi_fd_filestat_set_size;
    sink[n++] = (Fn)__wasi_fd_filestat_set_times;
    sink[n++] = (Fn)__wasi_fd_pread;
    sink[n++] = (Fn)__wasi_fd_prestat_dir_name;
    sink[n++] = (Fn)__wasi_fd_prestat_get;
    sink[n++] = (Fn)__wasi_fd_pwrite;
    sink[n++] = (Fn)__wasi_fd_read;
    sink[n++] = (Fn)__wasi_fd_readdir;
    sink[n++] = (Fn)__wasi_fd_renumber;
    sink[n++] = (Fn)__wasi_fd_seek;
    sink[n++] = (Fn)__wasi_fd_sync;
    sink[n++] = (Fn)__wasi_fd_tell;
    sink[n++] = (Fn)__wasi_fd_write;
    sink[n++] = (Fn)__wasi_path_create_directory;
    sink[n++] = (Fn)__wasi_path_filestat_get;
    sink[n++] = (Fn)__wasi_path_filestat_set_times;
    sink[n++] = (Fn)__wasi_path_link;
    sink[n++] = (Fn)__wasi_path_open;
    sink[n++] = (Fn)__wasi_path_readlink;
    sink[n++] = (Fn)__wasi_path_remove_directory;
    sink[n++] = (Fn)__wasi_path_rename;
    sink[n++] = (Fn)__wasi_path_symlink;
    sink[n++] = (Fn)__wasi_path_unlink_file;
    sink[n++] = (Fn)__wasi_poll_oneoff;
    sink[n++] = (Fn)__wasi_proc_exit;
    sink[n++] = (Fn)__wasi_random_get;
    sink[n++] = (Fn)__wasi_sched_yield;
    sink[n++] = (Fn)__wasi_sock_accept;
    sink[n++] = (Fn)__wasi_sock_recv;
    sink[n++] = (Fn)__wasi_sock_send;
    sink[n++] = (Fn)__wasi_sock_shutdown;
    printf("%d functions\n", n);
    return 0;
}
