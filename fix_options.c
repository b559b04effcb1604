/*
 * fix_options.c - refuse IPv4 connections that came with source routing,
 * and strip any other IP options so that replies do not follow a route
 * the client chose (KILL_IP_OPTIONS).
 *
 * The option bytes are walked from the first byte: Linux returns exactly
 * the options (ip_options_undo() of the stored, echoed options), without
 * the first-hop address that 4.4BSD prepends. Debian skips four bytes as
 * on BSD, and so misses a source route that comes first on Linux.
 */

#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <sys/socket.h>

#include "wrap.h"

#define OPTIONS_MAX	40		/* IPv4 header room for options */

/* source_routed - does an option list hold LSRR or SSRR? */
static int source_routed(const unsigned char *opt, size_t size)
{
    size_t  pos = 0;
    size_t  len;

    while (pos < size) {
	if (opt[pos] == IPOPT_LSRR || opt[pos] == IPOPT_SSRR)
	    return (1);
	if (opt[pos] == IPOPT_EOL)
	    break;
	if (opt[pos] == IPOPT_NOP) {
	    len = 1;
	} else {
	    if (pos + 1 >= size || (len = opt[pos + 1]) < 2)
		break;				/* malformed: do not loop */
	}
	pos += len;
    }
    return (0);
}

/* fix_options - act on the IP options of an IPv4 connection */
void    fix_options(struct request_info *request)
{
    unsigned char opt[OPTIONS_MAX + 4];
    char    text[3 * sizeof(opt) + 1];
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    socklen_t size = sizeof(opt);
    size_t  i;
    int     fd = request->fd;

    if (getsockname(fd, (struct sockaddr *) &ss, &len) < 0) {
	wrap_report(LOG_ERR, "getpeername: %m");
	clean_exit(request);
    }
    if (ss.ss_family != AF_INET)
	return;
    if (getsockopt(fd, IPPROTO_IP, IP_OPTIONS, opt, &size) != 0 || size == 0)
	return;
    if (size > sizeof(opt))
	size = sizeof(opt);
    if (source_routed(opt, size)) {
	wrap_report(LOG_WARNING,
		    "refused connect from %s with IP source routing options",
		    eval_client(request));
	shutdown(fd, SHUT_RDWR);
	return;
    }
    text[0] = 0;
    for (i = 0; i < size; i++)
	snprintf(text + 3 * i, sizeof(text) - 3 * i, " %02x", opt[i]);
    wrap_report(LOG_NOTICE, "connect from %s with IP options (ignored):%s",
		eval_client(request), text);
    if (setsockopt(fd, IPPROTO_IP, IP_OPTIONS, (char *) 0, 0) != 0) {
	wrap_report(LOG_ERR, "setsockopt IP_OPTIONS NULL: %m");
	shutdown(fd, SHUT_RDWR);
    }
}
