/* plugin.c - the guest side of the embedding example: a freestanding wasm32
 * module (no libc, no WASI) that imports two host functions and exports
 * `run` and `crash`.
 *
 *   clang --target=wasm32 -nostdlib -Wl,--no-entry -O2 plugin.c -o plugin.wasm
 */
__attribute__((import_module("host"), import_name("log")))
void host_log(const char *msg, int len);
__attribute__((import_module("host"), import_name("scale")))
int host_scale(int x);

/* Sum of host_scale(i) for i = 1..n, with a log line first. */
__attribute__((export_name("run"))) int run(int n)
{
    static const char msg[] = "run called";
    host_log(msg, sizeof msg - 1);
    int sum = 0;
    for (int i = 1; i <= n; i++)
        sum += host_scale(i);
    return sum;
}

/* Divides by its argument: crash(0) traps. */
__attribute__((export_name("crash"))) int crash(int d) { return 100 / d; }
