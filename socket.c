/*
 * socket.c - learn the two endpoints of a connection from its socket, and
 * turn an endpoint into a printable address and a verified host name.
 *
 * Every name and address lookup goes through wrap_resolver, which tests
 * replace so that they never need DNS.
 *
 * A host name is believed only after a double-reverse check: the name
 * that the address maps to must map back, as the same canonical name, to
 * a list that holds the address. A name that fails the check is
 * "paranoid"; an address without a name stays "unknown". A name too long
 * for the request's fixed field is not cut short (which could make it a
 * different, believable name): it is "paranoid" too.
 *
 * sock_host keeps the endpoints in static storage, as Debian's does: the
 * request points at it, and the last call wins.
 *
 * Datagram services: the client is the sender of the first waiting
 * datagram, peeked at, not read. Debian's tcpd blocks for ever when no
 * datagram is waiting (it was started for one that someone else took);
 * ours waits at most DGRAM_WAIT_MS, then the client is unknown, and a
 * refusal's sink never blocks either. A stream whose peer is already gone
 * (reset before tcpd looked) has an unknown client; it is not mistaken
 * for a datagram socket.
 */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "wrap.h"

struct wrap_resolver wrap_resolver = {
    getnameinfo, getaddrinfo, freeaddrinfo,
};

/* wrap_sockaddr_len - size of an AF_INET or AF_INET6 address; 0 otherwise */
socklen_t wrap_sockaddr_len(const struct sockaddr *sa)
{
    if (sa == 0)
	return (0);
    if (sa->sa_family == AF_INET)
	return (sizeof(struct sockaddr_in));
    if (sa->sa_family == AF_INET6)
	return (sizeof(struct sockaddr_in6));
    return (0);
}

#define DGRAM_WAIT_MS	1000

/* sock_sink - consume the datagram that a refused request came with */
static void sock_sink(int fd)
{
    char    buf[8192];
    struct sockaddr_storage ss;
    socklen_t size = sizeof(ss);

    (void) recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
		    (struct sockaddr *) &ss, &size);
}

/* is_datagram - whether fd is a datagram socket */
static int is_datagram(int fd)
{
    int     type = 0;
    socklen_t len = sizeof(type);

    return (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0
	    && type == SOCK_DGRAM);
}

/* peek_sender - the sender of the first waiting datagram, waiting a little */
static int peek_sender(int fd, struct sockaddr_storage *client)
{
    struct pollfd waiting = { .fd = fd, .events = POLLIN };
    char    buf[8192];
    socklen_t len = sizeof(*client);

    (void) poll(&waiting, 1, DGRAM_WAIT_MS);
    return (recvfrom(fd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT,
		     (struct sockaddr *) client, &len));
}

/* sock_host - find both endpoints of request->fd, install the sock methods */
void    sock_host(struct request_info *request)
{
    static struct sockaddr_storage client;
    static struct sockaddr_storage server;
    socklen_t len;
    int     fd = request->fd;

    sock_methods(request);
    memset(&client, 0, sizeof(client));
    len = sizeof(client);
    if (getpeername(fd, (struct sockaddr *) &client, &len) < 0) {
	if (!is_datagram(fd)) {
	    tcpd_warn("can't get client address: %m");
	    return;
	}
	request->sink = sock_sink;
	if (peek_sender(fd, &client) < 0) {
	    if (errno == EAGAIN || errno == EWOULDBLOCK)
		tcpd_warn("can't get client address: no datagram within %d ms",
			  DGRAM_WAIT_MS);
	    else
		tcpd_warn("can't get client address: %m");
	    return;
	}
    }
    request->client->sin = (struct sockaddr_in *) &client;
    memset(&server, 0, sizeof(server));
    len = sizeof(server);
    if (getsockname(fd, (struct sockaddr *) &server, &len) < 0) {
	tcpd_warn("getsockname: %m");
	return;
    }
    request->server->sin = (struct sockaddr_in *) &server;
}

/* sock_hostaddr - printable numeric address of an endpoint */
void    sock_hostaddr(struct host_info *host)
{
    const struct sockaddr *sa = (const struct sockaddr *) host->sin;
    char    addr[NI_MAXHOST];
    socklen_t len = wrap_sockaddr_len(sa);

    if (len == 0)
	return;
    if (wrap_resolver.getnameinfo(sa, len, addr, sizeof(addr), (char *) 0, 0,
				  NI_NUMERICHOST) == 0
	&& strlen(addr) < sizeof(host->addr))
	snprintf(host->addr, sizeof(host->addr), "%s", addr);
}

/* unmapped - an IPv4-mapped IPv6 endpoint as AF_INET in *sin4, else sa */
static const struct sockaddr *unmapped(const struct sockaddr *sa,
				               struct sockaddr_in *sin4)
{
    const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) sa;

    if (sa->sa_family != AF_INET6 || !IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr))
	return (sa);
    memset(sin4, 0, sizeof(*sin4));
    sin4->sin_family = AF_INET;
    sin4->sin_port = sin6->sin6_port;
    memcpy(&sin4->sin_addr, &sin6->sin6_addr.s6_addr[12], 4);
    return ((const struct sockaddr *) sin4);
}

/* family_name - for the "can't verify" warning */
static const char *family_name(int family)
{
    return (family == AF_INET ? "AF_INET" : "AF_INET6");
}

/* same_address - does a forward-lookup result hold the address of sa? */
static int same_address(const struct sockaddr *sa, const struct addrinfo *res)
{
    const struct sockaddr_in6 *want6 = (const struct sockaddr_in6 *) sa;
    const struct sockaddr_in6 *have6;

    if (res->ai_family != sa->sa_family || res->ai_addr == 0)
	return (0);
    if (sa->sa_family == AF_INET)
	return (memcmp(&((const struct sockaddr_in *) sa)->sin_addr,
		       &((const struct sockaddr_in *) res->ai_addr)->sin_addr,
		       sizeof(struct in_addr)) == 0);
    have6 = (const struct sockaddr_in6 *) res->ai_addr;
    return (want6->sin6_scope_id == have6->sin6_scope_id
	    && memcmp(&want6->sin6_addr, &have6->sin6_addr,
		      sizeof(struct in6_addr)) == 0);
}

/* is_numeric - does the reverse lookup result parse as an address? */
static int is_numeric(const char *name, int family)
{
    struct addrinfo hints;
    struct addrinfo *res;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST;
    if (wrap_resolver.getaddrinfo(name, (char *) 0, &hints, &res) != 0)
	return (0);
    wrap_resolver.freeaddrinfo(res);
    return (1);
}

/*
 * name_verified - does name map back to the address of sa, under the
 * same canonical name ("localhost" may differ)? Warns when not.
 */
static int name_verified(const char *name, const struct sockaddr *sa,
			         socklen_t len)
{
    struct addrinfo hints;
    struct addrinfo *res0;
    struct addrinfo *res;
    char    addr[NI_MAXHOST];
    const char *canon;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = sa->sa_family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_CANONNAME;
    if (wrap_resolver.getaddrinfo(name, (char *) 0, &hints, &res0) != 0) {
	tcpd_warn("can't verify hostname: getaddrinfo(%s, %s) failed",
		  name, family_name(sa->sa_family));
	return (0);
    }
    canon = res0->ai_canonname ? res0->ai_canonname : "";
    if ((res0->ai_canonname == 0 || STR_NE(name, canon))
	&& STR_NE(name, "localhost")) {
	tcpd_warn("host name/name mismatch: %s != %.*s",
		  name, STRING_LENGTH, canon);
	wrap_resolver.freeaddrinfo(res0);
	return (0);
    }
    for (res = res0; res; res = res->ai_next) {
	if (same_address(sa, res)) {
	    wrap_resolver.freeaddrinfo(res0);
	    return (1);
	}
    }
    if (wrap_resolver.getnameinfo(sa, len, addr, sizeof(addr), (char *) 0, 0,
				  NI_NUMERICHOST) != 0)
	snprintf(addr, sizeof(addr), "%s", unknown);
    tcpd_warn("host name/address mismatch: %s != %.*s",
	      addr, STRING_LENGTH, canon);
    wrap_resolver.freeaddrinfo(res0);
    return (0);
}

/* sock_hostname - host name of an endpoint, once double-reverse verified */
void    sock_hostname(struct host_info *host)
{
    struct sockaddr_in sin4;
    const struct sockaddr *sa = (const struct sockaddr *) host->sin;
    char    name[NI_MAXHOST];
    socklen_t len;

    if (sa == 0)
	return;
    sa = unmapped(sa, &sin4);
    if ((len = wrap_sockaddr_len(sa)) == 0)
	return;
    if (wrap_resolver.getnameinfo(sa, len, name, sizeof(name), (char *) 0, 0,
				  NI_NAMEREQD) != 0)
	return;					/* no name: stays unknown */
    if (strlen(name) >= sizeof(host->name)) {
	tcpd_warn("can't verify hostname: %.*s... is longer than %d characters",
		  STRING_LENGTH, name, STRING_LENGTH - 1);
    } else if (is_numeric(name, sa->sa_family)) {
	tcpd_warn("host name/name mismatch: "
		  "reverse lookup results in non-FQDN %s", name);
    } else if (name_verified(name, sa, len)) {
	snprintf(host->name, sizeof(host->name), "%s", name);	/* fits: checked */
	return;
    }
    snprintf(host->name, sizeof(host->name), "%s", paranoid);
}
