/*
 * eval.c - lazy evaluation of request attributes.
 *
 * An empty string means "not looked up yet". The first evaluation writes
 * "unknown" before asking the method, so a failed lookup is not repeated.
 * Expensive facts (names, ident) are looked up only when a rule, an
 * expansion or a log line needs them, and only once.
 */

#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "wrap.h"

#ifndef ALWAYS_HOSTNAME_MODE
#define ALWAYS_HOSTNAME_MODE 0
#endif

/* eval_user - client user name, asking the client's ident server once */
char   *eval_user(struct request_info *request)
{
    if (request->user[0] == 0) {
	snprintf(request->user, sizeof(request->user), "%s", unknown);
	if (request->sink == 0 && request->client->sin && request->server->sin)
	    rfc931(request->client->sin, request->server->sin, request->user);
    }
    return (request->user);
}

/* eval_hostaddr - printable address of one endpoint */
char   *eval_hostaddr(struct host_info *host)
{
    if (host->addr[0] == 0) {
	snprintf(host->addr, sizeof(host->addr), "%s", unknown);
	if (host->request->hostaddr != 0)
	    host->request->hostaddr(host);
    }
    return (host->addr);
}

/* eval_hostname - verified host name of one endpoint */
char   *eval_hostname(struct host_info *host)
{
    if (host->name[0] == 0) {
	snprintf(host->name, sizeof(host->name), "%s", unknown);
	if (host->request->hostname != 0)
	    host->request->hostname(host);
    }
    return (host->name);
}

/* eval_hostinfo - the name if known (or already looked up), else the address */
char   *eval_hostinfo(struct host_info *host)
{
    char   *hostname;

    if (!ALWAYS_HOSTNAME_MODE && host->name[0] == 0)
	return (eval_hostaddr(host));
    hostname = eval_hostname(host);
    if (HOSTNAME_KNOWN(hostname))
	return (host->name);
    return (eval_hostaddr(host));
}

/* eval_client - user@host if the user was looked up and known, else host */
char   *eval_client(struct request_info *request)
{
    static char both[2 * STRING_LENGTH];
    char   *hostinfo = eval_hostinfo(request->client);

    if (request->user[0] == 0 || STR_EQ(request->user, unknown))
	return (hostinfo);
    snprintf(both, sizeof(both), "%s@%s", request->user, hostinfo);
    return (both);
}

/* eval_server - daemon@host if the server host is known, else daemon */
char   *eval_server(struct request_info *request)
{
    static char both[2 * STRING_LENGTH];
    char   *host = eval_hostinfo(request->server);

    if (STR_EQ(host, unknown))
	return (eval_daemon(request));
    snprintf(both, sizeof(both), "%s@%s", eval_daemon(request), host);
    return (both);
}

/* eval_port - port number of an endpoint (v4 or v6), "0" without one */
char   *eval_port(struct sockaddr_in *endpoint)
{
    static char port[sizeof("65535")];
    const struct sockaddr *sa = (const struct sockaddr *) endpoint;
    unsigned value = 0;

    if (sa != 0 && sa->sa_family == AF_INET)
	value = ntohs(((const struct sockaddr_in *) sa)->sin_port);
    else if (sa != 0 && sa->sa_family == AF_INET6)
	value = ntohs(((const struct sockaddr_in6 *) sa)->sin6_port);
    snprintf(port, sizeof(port), "%u", value);
    return (port);
}
