/* w2_net.c - wasi:sockets@0.2: every interface links, no socket is ever
 * made.  Creating a socket or resolving a name answers access-denied, or
 * not-supported when the network was granted (this host has no sockets
 * yet).  Since no socket, datagram stream or resolver stream can exist,
 * their methods can never be reached with a valid handle: they trap. */
#include "w2_bind.h"

W2FN(network_error_code)
{
    (void)call;
    (void)args;
    (void)nargs;
    (void)user;
    *result = wrc_none(); /* no error this host makes comes from a socket */
    return 0;
}

W2FN(instance_network)
{
    (void)args;
    (void)nargs;
    uint32_t rep;
    if (!w2_obj_new(CTX, W2K_NETWORK, &rep))
        return w2_oom(call);
    *result = w2_own(CTX, W2R_NETWORK, rep);
    return 0;
}

W2FN(denied)
{
    (void)args;
    (void)nargs;
    return w2_err_enum(call, result, CTX->network ? W2NET_NOT_SUPPORTED : W2NET_ACCESS_DENIED);
}

W2FN(resolve_addresses)
{
    (void)nargs;
    if (!w2_arg(CTX, &args[0], W2K_NETWORK))
        return w2_bad_handle(call);
    return w2_err_enum(call, result, CTX->network ? W2NET_NOT_SUPPORTED : W2NET_ACCESS_DENIED);
}

W2FN(unreachable)
{
    (void)args;
    (void)nargs;
    (void)result;
    (void)user;
    return w2_bad_handle(call);
}

#define NET "wasi:sockets/network"
#define TCP "wasi:sockets/tcp"
#define UDP "wasi:sockets/udp"
#define TCPM(m) {TCP, "[method]tcp-socket." m, unreachable}
#define UDPM(m) {UDP, "[method]udp-socket." m, unreachable}
const W2Def w2_defs_net[] = {
    {NET, "network-error-code", network_error_code},
    {"wasi:sockets/instance-network", "instance-network", instance_network},
    {"wasi:sockets/ip-name-lookup", "resolve-addresses", resolve_addresses},
    {"wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.resolve-next-address",
     unreachable},
    {"wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.subscribe", unreachable},
    {"wasi:sockets/tcp-create-socket", "create-tcp-socket", denied},
    {"wasi:sockets/udp-create-socket", "create-udp-socket", denied},
    TCPM("start-bind"), TCPM("finish-bind"), TCPM("start-connect"), TCPM("finish-connect"),
    TCPM("start-listen"), TCPM("finish-listen"), TCPM("accept"), TCPM("local-address"),
    TCPM("remote-address"), TCPM("is-listening"), TCPM("address-family"),
    TCPM("set-listen-backlog-size"), TCPM("keep-alive-enabled"), TCPM("set-keep-alive-enabled"),
    TCPM("keep-alive-idle-time"), TCPM("set-keep-alive-idle-time"), TCPM("keep-alive-interval"),
    TCPM("set-keep-alive-interval"), TCPM("keep-alive-count"), TCPM("set-keep-alive-count"),
    TCPM("hop-limit"), TCPM("set-hop-limit"), TCPM("receive-buffer-size"),
    TCPM("set-receive-buffer-size"), TCPM("send-buffer-size"), TCPM("set-send-buffer-size"),
    TCPM("subscribe"), TCPM("shutdown"),
    UDPM("start-bind"), UDPM("finish-bind"), UDPM("stream"), UDPM("local-address"),
    UDPM("remote-address"), UDPM("address-family"), UDPM("unicast-hop-limit"),
    UDPM("set-unicast-hop-limit"), UDPM("receive-buffer-size"), UDPM("set-receive-buffer-size"),
    UDPM("send-buffer-size"), UDPM("set-send-buffer-size"), UDPM("subscribe"),
    {UDP, "[method]incoming-datagram-stream.receive", unreachable},
    {UDP, "[method]incoming-datagram-stream.subscribe", unreachable},
    {UDP, "[method]outgoing-datagram-stream.check-send", unreachable},
    {UDP, "[method]outgoing-datagram-stream.send", unreachable},
    {UDP, "[method]outgoing-datagram-stream.subscribe", unreachable},
    {NULL, NULL, NULL},
};
