/*
 * misc.c - small exported helpers kept for the ABI: xgets(), split_at(),
 * dot_quad_addr() and cidr_mask_addr(), and the strings unknown and
 * paranoid. Below everything but diag.c: every part of the library uses
 * them. The library's own table reader (table.c) does not use xgets():
 * it has no line-length limit.
 */

#include <arpa/inet.h>
#include <string.h>

#include "wrap.h"

/* The two values that every part of the library compares with. */
char    unknown[] = STRING_UNKNOWN;	/* looked up, and nothing found */
char    paranoid[] = STRING_PARANOID;	/* a name that does not map back */

/*
 * xgets - fgets() that joins backslash-newline continuations and counts
 * physical lines in tcpd_context.line. Stops when the buffer is full (the
 * caller sees a line without a newline); never loops on a full buffer.
 */
char   *xgets(char *ptr, int len, FILE *fp)
{
    char   *start = ptr;
    size_t  got;

    while (len > 1 && fgets(ptr, len, fp)) {
	got = strlen(ptr);
	if (got >= 1 && ptr[got - 1] == '\n') {
	    tcpd_context.line++;
	    if (got >= 2 && ptr[got - 2] == '\\')
		got -= 2;
	    else
		return (start);
	}
	ptr += got;
	len -= (int) got;
	ptr[0] = 0;
    }
    return (ptr > start ? start : 0);
}

/* split_at - cut string at the first delimiter outside [brackets] */
char   *split_at(char *string, int delimiter)
{
    char    stops[] = {'[', ']', (char) delimiter, 0};
    int     depth = 0;
    char   *cp;

    if ((char) delimiter != delimiter)
	stops[2] = 0;				/* no char equals it */
    for (cp = string; cp && *(cp += strcspn(cp, stops)); cp++) {
	if (*cp == '[') {
	    depth++;
	} else if (*cp == ']') {
	    depth--;
	} else if (depth == 0) {
	    *cp++ = 0;
	    return (cp);
	}
    }
    return (0);
}

/*
 * dot_quad_addr - inet_addr() for exactly four dot-separated parts, so that
 * "10.1" is not taken as 10.0.0.1. INADDR_NONE when not an address.
 */
unsigned long dot_quad_addr(char *string)
{
    int     in_run = 0;
    int     runs = 0;
    const char *cp;

    for (cp = string; *cp; cp++) {
	if (*cp == '.') {
	    in_run = 0;
	} else if (in_run == 0) {
	    in_run = 1;
	    runs++;
	}
    }
    return (runs == 4 ? inet_addr(string) : INADDR_NONE);
}

/*
 * cidr_mask_addr - netmask (network byte order) of a prefix length 1..32,
 * or 0 when not one. Strict: digits only, leading zeros allowed (Debian's
 * atoi took "8x" as 8 and "4294967328" as 32; see "Where we differ from
 * Debian on purpose" in README.md).
 */
unsigned long cidr_mask_addr(char *string)
{
    unsigned long bits = 0;
    const char *cp;

    if (*string == 0)
	return (0);
    for (cp = string; *cp; cp++) {
	if (*cp < '0' || *cp > '9')
	    return (0);
	if ((bits = bits * 10 + (unsigned long) (*cp - '0')) > 32)
	    return (0);				/* and nothing wraps around */
    }
    if (bits < 1 || bits > 32)
	return (0);
    return (htonl((uint32_t) (0xFFFFFFFFUL << (32 - bits))));
}
