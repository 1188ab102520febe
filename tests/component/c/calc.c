/* A freestanding module for world test:c/calc (see calc.wit). */
__attribute__((import_module("$root"), import_name("log"))) void host_log(unsigned v);

__attribute__((export_name("add"))) unsigned add(unsigned a, unsigned b)
{
    host_log(a);
    return a + b;
}
