/*
 * update.c - request_init() and request_set(): fill a request_info from a
 * list of (key, value) pairs ended by a key <= 0.
 *
 * Strings are copied into the caller's fixed STRING_LENGTH fields (the ABI
 * fixes their size). A value that does not fit is not truncated into a
 * different value: it is refused with a warning, and the field says
 * "paranoid" for a host name (a name we do not believe) or "unknown" for
 * anything else.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wrap.h"

/* store_string - copy value into field, or a stand-in when it won't fit */
static void store_string(char *field, const char *value, int key)
{
    const char *stand_in;

    if (value == 0)
	value = "";
    if (strlen(value) < STRING_LENGTH) {
	snprintf(field, STRING_LENGTH, "%s", value);
	return;
    }
    stand_in = (key == RQ_CLIENT_NAME || key == RQ_SERVER_NAME) ?
	paranoid : unknown;
    tcpd_warn("request_fill: value of key %d longer than %d bytes: using \"%s\"",
	      key, STRING_LENGTH - 1, stand_in);
    snprintf(field, STRING_LENGTH, "%s", stand_in);
}

/* request_fill - apply (key, value) pairs to a request */
static struct request_info *request_fill(struct request_info *request,
					         va_list ap)
{
    int     key;
    char   *field;

    while ((key = va_arg(ap, int)) > 0) {
	switch (key) {
	case RQ_FILE:
	    request->fd = va_arg(ap, int);
	    continue;
	case RQ_CLIENT_SIN:
	    request->client->sin = va_arg(ap, void *);
	    continue;
	case RQ_SERVER_SIN:
	    request->server->sin = va_arg(ap, void *);
	    continue;
	case RQ_DAEMON:
	    field = request->daemon;
	    break;
	case RQ_USER:
	    field = request->user;
	    break;
	case RQ_CLIENT_NAME:
	    field = request->client->name;
	    break;
	case RQ_CLIENT_ADDR:
	    field = request->client->addr;
	    break;
	case RQ_SERVER_NAME:
	    field = request->server->name;
	    break;
	case RQ_SERVER_ADDR:
	    field = request->server->addr;
	    break;
	default:
	    tcpd_warn("request_fill: invalid key: %d", key);
	    return (request);
	}
	store_string(field, va_arg(ap, char *), key);
    }
    return (request);
}

/* request_init - reset a request to its defaults, then apply the pairs */
struct request_info *request_init(struct request_info *request,...)
{
    struct request_info *result;
    va_list ap;

    memset(request, 0, sizeof(*request));
    request->fd = -1;
    snprintf(request->daemon, sizeof(request->daemon), "%s", unknown);
    /* pid[10]: Linux pids stay below 2^22, so the modulo never bites. */
    snprintf(request->pid, sizeof(request->pid), "%u",
	     (unsigned) getpid() % 1000000000u);
    request->client->request = request;
    request->server->request = request;
    va_start(ap, request);
    result = request_fill(request, ap);
    va_end(ap);
    return (result);
}

/* request_set - apply the pairs to an initialized request */
struct request_info *request_set(struct request_info *request,...)
{
    struct request_info *result;
    va_list ap;

    va_start(ap, request);
    result = request_fill(request, ap);
    va_end(ap);
    return (result);
}
