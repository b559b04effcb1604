/*
 * percent_x.c - %<letter> expansion of option values and banner lines.
 *
 * Every character of an expansion result (never of the rule's own text)
 * that is not a letter, a digit or one of "!@%-_=+:,./" becomes "_", so
 * nothing a client controls (host names from DNS, ident user names)
 * reaches a shell unsanitized. Attributes are evaluated lazily, left to
 * right, as they are met.
 */

#include <string.h>
#include <syslog.h>

#include "wrap.h"

static const char safe_chars[] = "1234567890!@%-_=+:,./"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* expansion_of - the value of %ch, or 0 (warned) for an unknown letter */
static const char *expansion_of(int ch, struct request_info *request)
{
    switch (ch) {
    case 'a': return (eval_hostaddr(request->client));
    case 'A': return (eval_hostaddr(request->server));
    case 'c': return (eval_client(request));
    case 'd': return (eval_daemon(request));
    case 'h': return (eval_hostinfo(request->client));
    case 'H': return (eval_hostinfo(request->server));
    case 'n': return (eval_hostname(request->client));
    case 'N': return (eval_hostname(request->server));
    case 'p': return (eval_pid(request));
    case 'r': return (eval_port(request->client->sin));
    case 'R': return (eval_port(request->server->sin));
    case 's': return (eval_server(request));
    case 'u': return (eval_user(request));
    case '%': return ("%");
    default:
	tcpd_warn("unrecognized %%%c", ch);
	return ("");
    }
}

/*
 * wrap_expand - expand format into result[size]; 0, or -1 (warned) when
 * the result would not fit: result then holds what fitted.
 */
int     wrap_expand(char *result, size_t size, const char *format,
		            struct request_info *request)
{
    size_t  used = 0;
    size_t  len;
    size_t  i;
    const char *piece;
    int     sanitize;

    result[0] = 0;
    while (*format) {
	if (format[0] == '%' && format[1] != 0) {
	    piece = expansion_of(format[1], request);
	    sanitize = 1;
	    format += 2;
	} else {
	    piece = format++;
	    sanitize = 0;
	}
	len = sanitize ? strlen(piece) : 1;
	if (used + len >= size) {
	    tcpd_warn("percent_x: expansion too long: %.30s...", result);
	    return (-1);
	}
	for (i = 0; i < len; i++)
	    result[used + i] = (sanitize && strchr(safe_chars, piece[i]) == 0) ?
		'_' : piece[i];
	used += len;
	result[used] = 0;
    }
    return (0);
}

/*
 * percent_x - the exported form. On overflow it warns and returns the part
 * that fitted; it never sleeps or exits inside the caller, as Debian's
 * did (README, "Where we differ").
 */
char   *percent_x(char *result, int len, char *format,
		          struct request_info *request)
{
    if (len <= 0)
	return (result);
    (void) wrap_expand(result, (size_t) len, format, request);
    return (result);
}
