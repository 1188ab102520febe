/* exports.c - a freestanding module (no WASI, no _start) with plain numeric
 * exports for `wrun --invoke`. */
__attribute__((export_name("add"))) int add(int a, int b) { return a + b; }
__attribute__((export_name("mul64"))) long long mul64(long long a, long long b) { return a * b; }
__attribute__((export_name("half"))) double half(double x) { return x / 2; }
__attribute__((export_name("divide"))) int divide(int a, int b) { return a / b; }
