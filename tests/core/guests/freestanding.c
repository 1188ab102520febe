/* freestanding.c - a guest without libc: exports, a function table
 * (call_indirect + element segment), mutable globals, memory, data. */
#define EXPORT(name) __attribute__((export_name(name)))

static int counter;
static const char greeting[] = "hello from a freestanding guest";

typedef int (*binop)(int, int);

__attribute__((noinline)) static int add_op(int a, int b) { return a + b; }
__attribute__((noinline)) static int mul_op(int a, int b) { return a * b; }
__attribute__((noinline)) static int sub_op(int a, int b) { return a - b; }

static binop ops[] = {add_op, mul_op, sub_op};

EXPORT("apply") int apply(int which, int a, int b)
{
    counter++;
    return ops[(unsigned)which % 3](a, b);
}

EXPORT("count") int count(void) { return counter; }

EXPORT("greeting_len") int greeting_len(void)
{
    int n = 0;
    while (greeting[n])
        n++;
    return n;
}

EXPORT("sum_f64") double sum_f64(const double *v, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += v[i];
    return s;
}

EXPORT("to_int") long long to_int(double d) { return (long long)d; }
