/*
 * match.c - the one matcher: lists with EXCEPT, daemon patterns, client
 * patterns, host patterns and the string comparison under all of them;
 * and the one parser of each kind of pattern (net/mask, prefix lengths,
 * bracketed IPv6 addresses, /file lists), which the resident index and
 * tcpdchk call too, so that they cannot disagree with the matcher.
 *
 * Results are three-valued (enum wrap_result): an error in a /file
 * pattern list fails the whole table closed. Bad numbers in a pattern
 * make only that pattern never match, with a warning.
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

static const char separators[] = ", \t\r\n";
static const char file_separators[] = " \t\r\n\v\f";	/* as fscanf("%s") */

static enum wrap_result host_match(char *word, struct host_info *host,
				   const struct wrap_file_list *list);

/* yes_if - WRAP_YES when the condition holds, else WRAP_NO */
static enum wrap_result yes_if(int condition)
{
    return (condition ? WRAP_YES : WRAP_NO);
}

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

/* skip_to_except - pass over the rest of a group; 0 if no EXCEPT follows */
static char *skip_to_except(char **cursor)
{
    char   *word;

    while ((word = wrap_list_next(cursor)) != 0 && STR_NE(word, "EXCEPT"))
	 /* skip */ ;
    return (word);
}

/*
 * wrap_list_match - does the list match? "a EXCEPT b" means a and not b,
 * and EXCEPT groups to the right: "a EXCEPT b EXCEPT c" is a and not (b
 * and not c). So the groups are decided left to right, each one flipping
 * the meaning of the rest: the first group that matches none of its words
 * decides, and so does the last group. No recursion: a table line may
 * nest EXCEPT without limit. Words after a decided match are never
 * evaluated (no lookups for them).
 */
enum wrap_result wrap_list_match(char *list, struct request_info *request,
				         wrap_word_match match)
{
    char   *cursor = list;
    char   *word;
    enum wrap_result result;
    int     negated = 0;		/* an odd number of EXCEPTs so far */

    for (;;) {
	result = WRAP_NO;
	while (result == WRAP_NO && (word = wrap_list_next(&cursor)) != 0
	       && STR_NE(word, "EXCEPT"))
	    result = match(word, request);
	if (result == WRAP_ERR)
	    return (WRAP_ERR);
	if (result == WRAP_NO || skip_to_except(&cursor) == 0)
	    return (yes_if((result == WRAP_YES) != negated));
	negated = !negated;
    }
}

/* glob_match - case-insensitive * and ? match, no backtracking blow-up */
static enum wrap_result glob_match(const char *pattern, const char *string)
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
    return (yes_if(*pattern == 0));
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

/*
 * wrap_parse_bracketed - "[v6]": WRAP_YES with the address, WRAP_NO when
 * the word is not in brackets, WRAP_ERR when what they hold is not an
 * IPv6 address (such a word never matches).
 */
enum wrap_result wrap_parse_bracketed(const char *word, struct in6_addr *addr)
{
    size_t  len = strlen(word);

    if (len < 2 || word[0] != '[' || word[len - 1] != ']')
	return (WRAP_NO);
    return (wrap_parse_ipv6(word + 1, len - 2, addr) ? WRAP_YES : WRAP_ERR);
}

/* bracket_match - "[v6]" (parsed: want) against an address text */
static enum wrap_result bracket_match(const struct in6_addr *want,
				              const char *string)
{
    struct in6_addr have;

    return (yes_if(wrap_parse_ipv6(string, strlen(string), &have)
		   && memcmp(want, &have, sizeof(have)) == 0));
}

/*
 * wrap_string_match - one pattern word against one value: a glob, a
 * ".domain" suffix, ALL, KNOWN, a "net." prefix, a "[v6]" address, or
 * the value itself (case ignored).
 */
enum wrap_result wrap_string_match(const char *word, const char *string)
{
    struct in6_addr addr;
    size_t  len = strlen(word);
    size_t  slen;

    string = wrap_string_unmapped(string);
    slen = strlen(string);
    if (strpbrk(word, "*?"))
	return (glob_match(word, string));
    if (word[0] == '.')
	return (yes_if(slen > len && STR_EQ(word, string + slen - len)));
    if (STR_EQ(word, "ALL"))
	return (WRAP_YES);
    if (STR_EQ(word, "KNOWN"))
	return (yes_if(STR_NE(string, unknown)));
    if (len > 0 && word[len - 1] == '.')
	return (yes_if(STRN_EQ(word, string, len)));
    switch (wrap_parse_bracketed(word, &addr)) {
    case WRAP_YES:
	return (bracket_match(&addr, string));
    case WRAP_ERR:
	tcpd_warn("bad IPv6 address in pattern: %s", word);
	return (WRAP_NO);
    default:
	return (yes_if(STR_EQ(word, string)));
    }
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

/* wrap_ipv6_prefix - the first bits of addr, every later bit cleared */
void    wrap_ipv6_prefix(const struct in6_addr *addr, int bits,
			         struct in6_addr *prefix)
{
    int     i;

    for (i = 0; i < 16; i++, bits -= 8)
	prefix->s6_addr[i] = addr->s6_addr[i]
	    & (bits >= 8 ? 0xff : bits <= 0 ? 0 : (unsigned char) (0xff << (8 - bits)));
}

/*
 * parse_mask - "255.255.0.0" or "16" to a netmask. A dotted mask of all
 * ones is INADDR_NONE to inet_addr(), so it is refused, as in Debian.
 */
static int parse_mask(const char *word, uint32_t *mask)
{
    unsigned long value;

    if (strchr(word, '.')) {
	if ((value = dot_quad_addr((char *) word)) == INADDR_NONE)
	    return (0);
    } else if ((value = cidr_mask_addr((char *) word)) == 0) {
	return (0);
    }
    *mask = (uint32_t) value;
    return (1);
}

/*
 * wrap_parse_net - a "net/mask" pattern cut at its "/": "a.b.c.d/m.m.m.m",
 * "a.b.c.d/len" (1..32) or "[v6]/len" (0..128), numbers strict. WRAP_NO:
 * malformed, it never matches.
 */
enum wrap_result wrap_parse_net(const char *net, const char *mask,
				        struct wrap_net *parsed)
{
    size_t  len = strlen(net);
    unsigned long addr4;

    memset(parsed, 0, sizeof(*parsed));
    if (net[0] == '[') {
	parsed->family = AF_INET6;
	return (yes_if(len >= 2 && net[len - 1] == ']'
		       && wrap_parse_ipv6(net + 1, len - 2, &parsed->addr6)
		       && (parsed->prefix6 = wrap_prefix_length(mask, 0, 128)) >= 0));
    }
    parsed->family = AF_INET;
    if ((addr4 = dot_quad_addr((char *) net)) == INADDR_NONE)
	return (WRAP_NO);
    parsed->addr4 = (uint32_t) addr4;
    return (yes_if(parse_mask(mask, &parsed->mask4)));
}

/*
 * masked_match - "net/mask", "net/len" or "[v6net]/len" against an
 * address text. As in Debian the IPv4 net is not masked: a net with host
 * bits set never matches. An IPv6 net is compared up to its prefix.
 */
static enum wrap_result masked_match(char *net_word, char *mask_word,
				             const char *string)
{
    struct wrap_net net;
    struct in6_addr addr;
    struct in6_addr net_prefix;
    struct in6_addr addr_prefix;
    unsigned long addr4;

    if (wrap_parse_net(net_word, mask_word, &net) != WRAP_YES) {
	if (net.family == AF_INET6)
	    tcpd_warn("bad net/prefix expression: %s/%s", net_word, mask_word);
	else
	    tcpd_warn("bad net/mask expression: %s/%s", net_word, mask_word);
	return (WRAP_NO);
    }
    if (net.family == AF_INET6) {
	if (string != wrap_string_unmapped(string)
	    || !wrap_parse_ipv6(string, strlen(string), &addr))
	    return (WRAP_NO);
	wrap_ipv6_prefix(&net.addr6, net.prefix6, &net_prefix);
	wrap_ipv6_prefix(&addr, net.prefix6, &addr_prefix);
	return (yes_if(memcmp(&net_prefix, &addr_prefix, sizeof(addr)) == 0));
    }
    if ((addr4 = dot_quad_addr((char *) wrap_string_unmapped(string))) == INADDR_NONE)
	return (WRAP_NO);
    return (yes_if((addr4 & net.mask4) == net.addr4));
}

/*
 * wrap_file_list_open - open a /file pattern list named by a table (outer
 * 0) or by the list outer. WRAP_NO when it does not exist: it matches
 * nothing, as in Debian.
 */
enum wrap_result wrap_file_list_open(struct wrap_file_list *list,
				             const char *path,
				             const struct wrap_file_list *outer)
{
    const struct wrap_file_list *up;
    struct stat st;
    enum wrap_result status;

    memset(list, 0, sizeof(*list));
    list->path = path;
    list->outer = outer;
    list->depth = outer ? outer->depth + 1 : 1;
    for (up = outer; up != 0; up = up->outer) {
	if (strcmp(up->path, path) == 0) {
	    tcpd_warn("pattern list %s includes itself (fail closed)", path);
	    return (WRAP_ERR);
	}
    }
    if (list->depth > WRAP_LIST_DEPTH) {
	tcpd_warn("pattern list %s: lists nested more than %d deep (fail closed)",
		  path, WRAP_LIST_DEPTH);
	return (WRAP_ERR);
    }
    if ((status = wrap_read_file(path, &list->text, &st)) != WRAP_YES)
	return (status);
    if (memchr(list->text.bytes, 0, list->text.size) != 0) {
	tcpd_warn("pattern list %s contains a NUL byte (fail closed)", path);
	wrap_file_list_close(list);
	return (WRAP_ERR);
    }
    list->cursor = list->text.bytes;
    list->line = 1;
    return (WRAP_YES);
}

/* wrap_file_list_word - the next word of a list (list->line is its line),
 * or 0 at the end */
char   *wrap_file_list_word(struct wrap_file_list *list)
{
    char   *word = list->cursor;
    char   *end;

    list->line += list->cut_newline;
    for (; *word != 0 && strchr(file_separators, *word) != 0; word++)
	list->line += (*word == '\n');
    end = word + strcspn(word, file_separators);
    list->cut_newline = (*end == '\n');
    list->cursor = *end ? end + 1 : end;
    *end = 0;
    return (*word ? word : 0);
}

/* wrap_file_list_close - release what wrap_file_list_open() read */
void    wrap_file_list_close(struct wrap_file_list *list)
{
    free(list->text.bytes);
    memset(&list->text, 0, sizeof(list->text));
    list->cursor = 0;
}

/* file_match - does any word of a /file pattern list match the host? */
static enum wrap_result file_match(const char *path, struct host_info *host,
				           const struct wrap_file_list *outer)
{
    struct wrap_file_list list;
    enum wrap_result result;
    char   *word;

    if ((result = wrap_file_list_open(&list, path, outer)) != WRAP_YES)
	return (result);
    result = WRAP_NO;				/* an empty list matches nothing */
    while (result == WRAP_NO && (word = wrap_file_list_word(&list)) != 0)
	result = host_match(word, host, &list);
    wrap_file_list_close(&list);
    return (result);
}

/*
 * nis_domain - the NIS domain netgroup triples must name (or leave empty),
 * as Debian's library finds it with yp_get_default_domain(): the system's
 * domain name unless that is unset ("(none)"). A cache: asked once per
 * process, as the domain does not change under a running daemon.
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

/*
 * host_match - one host pattern against an endpoint: @netgroup, /file
 * list (list: the list this word comes from, or 0), KNOWN, LOCAL,
 * net/mask, then the address and, for a word that is not numeric, the
 * name (which may need a lookup).
 */
static enum wrap_result host_match(char *word, struct host_info *host,
				           const struct wrap_file_list *list)
{
    char   *mask;
    char   *name;

    if (word[0] == '@')
	return (yes_if(innetgr(word + 1, eval_hostname(host), (char *) 0,
			       nis_domain()) == 1));
    if (word[0] == '/')
	return (file_match(word, host, list));
    if (STR_EQ(word, "KNOWN"))
	return (yes_if(STR_NE(eval_hostaddr(host), unknown)
		       && HOSTNAME_KNOWN(eval_hostname(host))));
    if (STR_EQ(word, "LOCAL")) {
	name = eval_hostname(host);
	return (yes_if(strchr(name, '.') == 0 && HOSTNAME_KNOWN(name)));
    }
    if ((mask = split_at(word, '/')) != 0)
	return (masked_match(word, mask, eval_hostaddr(host)));
    if (wrap_string_match(word, eval_hostaddr(host)) == WRAP_YES)
	return (WRAP_YES);
    if (!NOT_INADDR(word))
	return (WRAP_NO);
    return (wrap_string_match(word, eval_hostname(host)));
}

/* wrap_server_port - the server's port number as text, or 0 when the
 * server has no IPv4 or IPv6 endpoint (then no port word matches) */
const char *wrap_server_port(struct request_info *request)
{
    const struct sockaddr *server = (const struct sockaddr *) request->server->sin;

    if (server == 0 || (server->sa_family != AF_INET && server->sa_family != AF_INET6))
	return (0);
    return (eval_port(request->server->sin));
}

/* wrap_daemon_match - "daemon", "port" or "daemon@host" */
enum wrap_result wrap_daemon_match(char *word, struct request_info *request)
{
    char   *host = split_at(word + 1, '@');
    const char *port;
    enum wrap_result result;

    if (all_digits(word) && strlen(word) <= 5 && atol(word) <= 65535)
	result = yes_if((port = wrap_server_port(request)) != 0
			&& atol(word) == atol(port));
    else
	result = wrap_string_match(word, eval_daemon(request));
    if (result != WRAP_YES || host == 0)
	return (result);
    return (host_match(host, request->server, 0));
}

/* wrap_client_match - "host" or "user@host"; the host is checked first */
enum wrap_result wrap_client_match(char *word, struct request_info *request)
{
    char   *host = split_at(word + 1, '@');
    enum wrap_result result;

    if (host == 0)
	return (host_match(word, request->client, 0));
    if ((result = host_match(host, request->client, 0)) != WRAP_YES)
	return (result);
    return (wrap_string_match(word, eval_user(request)));
}
