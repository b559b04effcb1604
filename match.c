/*
 * match.c - the one matcher: lists with EXCEPT, daemon patterns, client
 * patterns, host patterns and the string comparison under all of them.
 *
 * Results are three-valued (WRAP_YES, WRAP_NO, WRAP_ERR): an error in a
 * /file pattern list fails the whole table closed. Bad numbers in a
 * pattern make only that pattern never match, with a warning.
 * Everything is case-insensitive except NIS netgroup names.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "wrap.h"

#define FILE_LIST_DEPTH	8		/* /file lists nested deeper: error */

static const char separators[] = ", \t\r\n";
static const char file_separators[] = " \t\r\n\v\f";	/* as fscanf("%s") */
static const char *file_stack[FILE_LIST_DEPTH];	/* /file lists being read */
static int file_depth;

/* wrap_list_next - next word of a list (modifies the list), or 0 */
char   *wrap_list_next(char **cursor)
{
    char   *word = *cursor + strspn(*cursor, separators);
    char   *end;

    if (*word == 0) {
	*cursor = word;
	return (0);
    }
    end = word + strcspn(word, separators);
    *cursor = *end ? end + 1 : end;
    *end = 0;
    return (word);
}

/*
 * wrap_list_match - does any word of the list match? "a EXCEPT b" means a
 * and not b; EXCEPT groups to the right, and words after a match are not
 * evaluated (no lookups for them).
 */
int     wrap_list_match(char *list, struct request_info *request,
		          int (*match) (char *word, struct request_info *))
{
    char   *cursor = list;
    char   *word;
    int     result;

    while ((word = wrap_list_next(&cursor)) != 0) {
	if (STR_EQ(word, "EXCEPT"))
	    return (WRAP_NO);
	if ((result = match(word, request)) != WRAP_NO) {
	    if (result == WRAP_ERR)
		return (WRAP_ERR);
	    while ((word = wrap_list_next(&cursor)) != 0 && STR_NE(word, "EXCEPT"))
		 /* skip */ ;
	    if (word == 0)
		return (WRAP_YES);
	    result = wrap_list_match(cursor, request, match);
	    return (result == WRAP_ERR ? WRAP_ERR : !result);
	}
    }
    return (WRAP_NO);
}

/* wrap_glob_match - case-insensitive * and ? match, no backtracking blow-up */
int     wrap_glob_match(const char *pattern, const char *string)
{
    const char *star = 0;
    const char *resume = 0;

    while (*string) {
	if (*pattern == '*') {
	    star = ++pattern;
	    resume = string;
	} else if (*pattern == '?'
		   || (*pattern && tolower((unsigned char) *pattern)
		       == tolower((unsigned char) *string))) {
	    pattern++;
	    string++;
	} else if (star) {
	    pattern = star;
	    string = ++resume;
	} else {
	    return (WRAP_NO);
	}
    }
    pattern += strspn(pattern, "*");
    return (*pattern == 0);
}

/* wrap_parse_ipv6 - numeric IPv6 address, scope id ignored; 0 if not one */
int     wrap_parse_ipv6(const char *text, size_t len, struct in6_addr *addr)
{
    char    buf[INET6_ADDRSTRLEN + 1];

    len = strcspn(text, "%") < len ? strcspn(text, "%") : len;
    if (len >= sizeof(buf))
	return (0);
    memcpy(buf, text, len);
    buf[len] = 0;
    return (inet_pton(AF_INET6, buf, addr) == 1);
}

/* wrap_string_unmapped - the dotted quad inside an IPv4-mapped address text */
const char *wrap_string_unmapped(const char *string)
{
    if (strncasecmp(string, "::ffff:", 7) == 0
	&& dot_quad_addr((char *) string + 7) != INADDR_NONE)
	return (string + 7);
    return (string);
}

/* bracket_match - "[v6]" against an address text, numerically */
static int bracket_match(const char *word, size_t len, const char *string)
{
    struct in6_addr want;
    struct in6_addr have;

    if (!wrap_parse_ipv6(word + 1, len - 2, &want)) {
	tcpd_warn("bad IPv6 address in pattern: %s", word);
	return (WRAP_NO);
    }
    return (wrap_parse_ipv6(string, strlen(string), &have)
	    && memcmp(&want, &have, sizeof(want)) == 0);
}

/* wrap_string_match - one pattern word against one value (SPEC 1.5) */
int     wrap_string_match(const char *word, const char *string)
{
    size_t  len = strlen(word);
    size_t  slen;

    string = wrap_string_unmapped(string);
    slen = strlen(string);
    if (strpbrk(word, "*?"))
	return (wrap_glob_match(word, string));
    if (word[0] == '.')
	return (slen > len && STR_EQ(word, string + slen - len));
    if (STR_EQ(word, "ALL"))
	return (WRAP_YES);
    if (STR_EQ(word, "KNOWN"))
	return (STR_NE(string, unknown));
    if (len > 0 && word[len - 1] == '.')
	return (STRN_EQ(word, string, len));
    if (len > 1 && word[0] == '[' && word[len - 1] == ']')
	return (bracket_match(word, len, string));
    return (STR_EQ(word, string));
}

/* all_digits - nonempty and only decimal digits */
static int all_digits(const char *text)
{
    return (*text != 0 && text[strspn(text, "0123456789")] == 0);
}

/* wrap_prefix_length - strict decimal in [low, high] (leading zeros are fine,
 * nothing wraps around); -1 if not */
int     wrap_prefix_length(const char *text, int low, int high)
{
    int     value = 0;

    if (!all_digits(text))
	return (-1);
    for (; *text; text++)
	if ((value = value * 10 + (*text - '0')) > high)
	    return (-1);
    return (value < low ? -1 : value);
}

/* ipv6_prefix_match - "[net]/len" against an address text */
static int ipv6_prefix_match(char *net_word, char *len_word, const char *string)
{
    size_t  net_len = strlen(net_word);
    struct in6_addr net;
    struct in6_addr addr;
    int     bits;
    int     i;

    if (net_len < 2 || net_word[net_len - 1] != ']'
	|| !wrap_parse_ipv6(net_word + 1, net_len - 2, &net)
	|| (bits = wrap_prefix_length(len_word, 0, 128)) < 0) {
	tcpd_warn("bad net/prefix expression: %s/%s", net_word, len_word);
	return (WRAP_NO);
    }
    if (string != wrap_string_unmapped(string) || !wrap_parse_ipv6(string, strlen(string), &addr))
	return (WRAP_NO);
    for (i = 0; bits > 0; i++, bits -= 8) {
	unsigned char mask = bits >= 8 ? 0xff : (unsigned char) (0xff << (8 - bits));

	if ((net.s6_addr[i] & mask) != (addr.s6_addr[i] & mask))
	    return (WRAP_NO);
    }
    return (WRAP_YES);
}

/*
 * wrap_parse_mask - "255.255.0.0" or "16" to a netmask. A dotted mask of all
 * ones is INADDR_NONE to inet_addr(), so it is refused, as in Debian.
 */
int     wrap_parse_mask(char *word, unsigned long *mask)
{
    if (strchr(word, '.'))
	return ((*mask = dot_quad_addr(word)) != INADDR_NONE);
    return ((*mask = cidr_mask_addr(word)) != 0);
}

/*
 * masked_match - "net/mask", "net/len" or "[v6net]/len". As in Debian the
 * IPv4 net is not masked: a net with host bits set never matches.
 */
static int masked_match(char *net_word, char *mask_word, const char *string)
{
    unsigned long net;
    unsigned long mask;
    unsigned long addr;

    if (net_word[0] == '[')
	return (ipv6_prefix_match(net_word, mask_word, string));
    net = dot_quad_addr(net_word);
    if (net == INADDR_NONE || !wrap_parse_mask(mask_word, &mask)) {
	tcpd_warn("bad net/mask expression: %s/%s", net_word, mask_word);
	return (WRAP_NO);
    }
    if ((addr = dot_quad_addr((char *) wrap_string_unmapped(string))) == INADDR_NONE)
	return (WRAP_NO);
    return ((addr & mask) == net);
}

/* file_match - does any word of a /file pattern list match the host? */
static int file_match(char *path, struct host_info *host)
{
    char   *text;
    size_t  size;
    char   *cursor;
    char   *word;
    int     result;
    int     i;

    for (i = 0; i < file_depth; i++) {
	if (strcmp(file_stack[i], path) == 0) {
	    tcpd_warn("pattern list %s includes itself (fail closed)", path);
	    return (WRAP_ERR);
	}
    }
    if (file_depth >= FILE_LIST_DEPTH) {
	tcpd_warn("pattern list %s: lists nested more than %d deep (fail closed)",
		  path, FILE_LIST_DEPTH);
	return (WRAP_ERR);
    }
    if ((result = wrap_read_file(path, &text, &size)) != WRAP_YES)
	return (result);
    if (memchr(text, 0, size) != 0) {
	tcpd_warn("pattern list %s contains a NUL byte (fail closed)", path);
	free(text);
	return (WRAP_ERR);
    }
    file_stack[file_depth++] = path;
    result = WRAP_NO;				/* an empty list matches nothing */
    for (word = strtok_r(text, file_separators, &cursor); word != 0;
	 word = strtok_r((char *) 0, file_separators, &cursor))
	if ((result = wrap_host_match(word, host)) != WRAP_NO)
	    break;
    file_depth--;
    free(text);
    return (result);
}

/*
 * nis_domain - the NIS domain netgroup triples must name (or leave empty),
 * as Debian's library finds it with yp_get_default_domain(): the system's
 * domain name unless that is unset ("(none)"); asked once per process.
 */
static const char *nis_domain(void)
{
    static char domain[256];
    static int state;			/* 0: not asked, 1: none, 2: domain */

    if (state == 0)
	state = getdomainname(domain, sizeof(domain) - 1) != 0
	    || strcmp(domain, "(none)") == 0 ? 1 : 2;
    return (state == 2 ? domain : (char *) 0);
}

/* wrap_host_match - one host pattern against an endpoint (SPEC 1.6) */
int     wrap_host_match(char *word, struct host_info *host)
{
    char   *mask;
    char   *name;

    if (word[0] == '@')
	return (innetgr(word + 1, eval_hostname(host), (char *) 0, nis_domain()) == 1);
    if (word[0] == '/')
	return (file_match(word, host));
    if (STR_EQ(word, "KNOWN"))
	return (STR_NE(eval_hostaddr(host), unknown)
		&& HOSTNAME_KNOWN(eval_hostname(host)));
    if (STR_EQ(word, "LOCAL")) {
	name = eval_hostname(host);
	return (strchr(name, '.') == 0 && HOSTNAME_KNOWN(name));
    }
    if ((mask = split_at(word, '/')) != 0)
	return (masked_match(word, mask, eval_hostaddr(host)));
    if (wrap_string_match(word, eval_hostaddr(host)))
	return (WRAP_YES);
    return (NOT_INADDR(word) && wrap_string_match(word, eval_hostname(host)));
}

/* port_match - a daemon word that is a port number: the server's port */
static int port_match(const char *word, struct request_info *request)
{
    const struct sockaddr *server = (const struct sockaddr *) request->server->sin;

    if (server == 0)
	return (WRAP_NO);
    return (server->sa_family == AF_INET || server->sa_family == AF_INET6)
	&& atol(word) == atol(eval_port(request->server->sin));
}

/* wrap_daemon_match - "daemon", "port" or "daemon@host" (SPEC 1.4) */
int     wrap_daemon_match(char *word, struct request_info *request)
{
    char   *host = split_at(word + 1, '@');
    int     result;

    if (all_digits(word) && strlen(word) <= 5 && atol(word) <= 65535)
	result = port_match(word, request);
    else
	result = wrap_string_match(word, eval_daemon(request));
    if (result != WRAP_YES || host == 0)
	return (result);
    return (wrap_host_match(host, request->server));
}

/* wrap_client_match - "host" or "user@host"; the host is checked first */
int     wrap_client_match(char *word, struct request_info *request)
{
    char   *host = split_at(word + 1, '@');
    int     result;

    if (host == 0)
	return (wrap_host_match(word, request->client));
    if ((result = wrap_host_match(host, request->client)) != WRAP_YES)
	return (result);
    return (wrap_string_match(word, eval_user(request)));
}
