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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wrap.h"

#define FILE_LIST_DEPTH	8		/* /file lists nested deeper: error */

static const char separators[] = ", \t\r\n";
static const char file_separators[] = " \t\r\n\v\f";	/* as fscanf("%s") */
static const char *file_stack[FILE_LIST_DEPTH];	/* /file lists being read */
static int file_depth;

/*
 * Byte classes of the fast path (wrap_line_cannot_match): bytes that may
 * continue a daemon list without side effects, and bytes of a numeric
 * address word. NUL is in neither, so scans stop at the end of the text.
 */
static unsigned char daemon_byte[256];
static unsigned char address_byte[256];

/* init_byte_classes - fill the two tables once */
static void init_byte_classes(void)
{
    int     ch;

    for (ch = 1; ch < 256; ch++)
	daemon_byte[ch] = strchr(":\n@/[]", ch) == 0;
    for (ch = '0'; ch <= '9'; ch++)
	address_byte[ch] = 1;
    address_byte['.'] = 1;
}

/* line_end - length of the line at text whose newline is at nl, or 0 if
 * there is none or the line continues on the next one */
static size_t line_end(const char *text, const char *nl)
{
    if (nl == 0 || (nl > text && nl[-1] == '\\'))
	return (0);
    return ((size_t) (nl - text) + 1);
}

/* unscanned_line_end - line_end() for bytes not yet looked at: a NUL byte
 * among them means 0 (the parser reports it) */
static size_t unscanned_line_end(const char *text, const char *from,
				         size_t avail)
{
    const char *nl = memchr(from, '\n', avail - (size_t) (from - text));

    if (nl != 0 && strnlen(from, (size_t) (nl - from)) < (size_t) (nl - from))
	return (0);
    return (line_end(text, nl));
}

/*
 * The common line "daemon: address\n" (DenyHosts, fail2ban), recognized
 * eight bytes at a time: a byte loop pays a mispredicted branch at the end
 * of every word, which is most of the cost of a 100 000-line table.
 * The macros give one high bit per byte of a 64-bit word, exactly.
 */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
#define ZERO_BYTES(x)	(~((((x) & ~HIGHS) + ~HIGHS) | (x) | ~HIGHS))
#define EQUAL_BYTES(x, c) ZERO_BYTES((x) ^ (ONES * (unsigned char) (c)))
#define BELOW_10(x)	(~((((x) & ~HIGHS) + ONES * (0x80 - 10)) | (x)) & HIGHS)
#define ADDRESS_BYTES(x) (BELOW_10((x) ^ (ONES * '0')) | EQUAL_BYTES((x), '.'))

/* FIRST_BYTE - index of the first flagged byte of a little-endian word */
#define FIRST_BYTE(flags) ((size_t) __builtin_ctzll(flags) / 8)

/* LOW_BYTES - a mask of the first n (0..8) bytes of a little-endian word */
#define LOW_BYTES(n)	((n) >= 8 ? ~0ULL : (1ULL << (8 * (n))) - 1)

#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORD_AT_A_TIME 1

/*
 * simple_line - is the line at text (len bytes before its newline) of the
 * form "daemons: address" with a side-effect-free daemon list and one
 * exact address that is not the client's? 0 means "let the byte-by-byte
 * scan decide", never a different answer.
 */
static int simple_line(const char *text, size_t len,
		               const struct wrap_fast_client *client)
{
    const char *end = text + len;
    const char *cp;
    uint64_t word;
    uint64_t stops = 0;
    uint64_t bad;
    size_t  n;

    for (cp = text; stops == 0 && cp < text + 32; cp += 8) {
	memcpy(&word, cp, sizeof(word));
	stops = EQUAL_BYTES(word, ':') | EQUAL_BYTES(word, '\n') | ZERO_BYTES(word)
	    | EQUAL_BYTES(word, '@') | EQUAL_BYTES(word, '/')
	    | EQUAL_BYTES(word, '[') | EQUAL_BYTES(word, ']');
    }
    if (stops == 0 || text[0] == '#')
	return (0);
    cp += FIRST_BYTE(stops) - 8;
    if (*cp++ != ':')
	return (0);
    while (cp < end && (*cp == ' ' || *cp == '\t'))
	cp++;
    if ((n = (size_t) (end - cp)) == 0 || n > 16)
	return (0);
    memcpy(&word, cp, sizeof(word));
    bad = ~ADDRESS_BYTES(word) & HIGHS & LOW_BYTES(n);
    memcpy(&word, cp + 8, sizeof(word));
    bad |= ~ADDRESS_BYTES(word) & HIGHS & (n > 8 ? LOW_BYTES(n - 8) : 0);
    return (bad == 0 && cp[0] != '.' && cp[n - 1] != '.'
	    && (n != client->len || memcmp(cp, client->addr, n) != 0));
}
#endif

/*
 * wrap_line_cannot_match - the length of the physical line at text when it
 * certainly cannot match this client, else 0 (parse it). Certain means: a
 * comment or a blank line, or a rule whose daemon list has no side effects
 * (no @host, /file or [address]) and whose client list holds only exact
 * numeric addresses, none of them the client's. Such a word matches only
 * its own address (SPEC 1.5, 1.6: no name lookup for numeric words), so
 * passing over the line changes no verdict and no log line. This is what
 * makes 100 000-line deny lists cheap. text must be NUL-terminated and
 * followed by WRAP_TEXT_PAD readable bytes.
 */
size_t  wrap_line_cannot_match(const char *text, size_t avail,
			               const struct wrap_fast_client *client)
{
    const unsigned char *cp = (const unsigned char *) text;
    const unsigned char *word;
    size_t  len;

    if (address_byte['0'] == 0)
	init_byte_classes();
    if (*cp == '#')
	return (unscanned_line_end(text, text, avail));
    while (daemon_byte[*cp])
	cp++;
    if (*cp == '\n' && strspn(text, " \t\r") == (size_t) ((char *) cp - text))
	return (line_end(text, (const char *) cp));	/* blank line */
    if (*cp++ != ':')
	return (0);
    for (;;) {
	for (word = cp; address_byte[*cp]; cp++)
	     /* scan */ ;
	if ((len = (size_t) (cp - word)) > 0
	    && (word[0] == '.' || cp[-1] == '.'
		|| (len == client->len && memcmp(word, client->addr, len) == 0)))
	    return (0);
	switch (*cp) {
	case ' ':
	case '\t':
	case '\r':
	case ',':
	    cp++;
	    continue;
	case '\n':
	    return (line_end(text, (const char *) cp));
	case ':':
	    return (unscanned_line_end(text, (const char *) cp, avail));
	default:
	    return (0);
	}
    }
}

/*
 * wrap_lines_cannot_match - pass over as many lines as certainly cannot
 * match, counting them in *lines; returns the bytes passed over. Stops at
 * the first line that must be parsed, or an incomplete last line. Line
 * ends are found eight bytes at a time, so the work on one line does not
 * wait for the work on the one before. text as for wrap_line_cannot_match.
 */
size_t  wrap_lines_cannot_match(const char *text, size_t avail,
				        const struct wrap_fast_client *client,
				        int *lines)
{
    size_t  start = 0;

#ifdef WORD_AT_A_TIME
    size_t  base;
    size_t  end;
    uint64_t word;
    uint64_t newlines;

    for (base = 0; base < avail; base += 8) {
	memcpy(&word, text + base, sizeof(word));
	newlines = EQUAL_BYTES(word, '\n') & LOW_BYTES(avail - base);
	for (; newlines != 0; newlines &= newlines - 1) {
	    end = base + FIRST_BYTE(newlines);
	    if (!simple_line(text + start, end - start, client)
		&& wrap_line_cannot_match(text + start, avail - start, client)
		!= end - start + 1)
		return (start);
	    start = end + 1;
	    ++*lines;
	}
    }
#else
    size_t  len;

    while (start < avail
	   && (len = wrap_line_cannot_match(text + start, avail - start, client)) > 0) {
	start += len;
	++*lines;
    }
#endif
    return (start);
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

/* prefix_length - strict decimal in [low, high] (leading zeros are fine,
 * nothing wraps around); -1 if not */
static int prefix_length(const char *text, int low, int high)
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
	|| (bits = prefix_length(len_word, 0, 128)) < 0) {
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
 * parse_mask - "255.255.0.0" or "16" to a netmask. A dotted mask of all
 * ones is INADDR_NONE to inet_addr(), so it is refused, as in Debian.
 */
static int parse_mask(char *word, unsigned long *mask)
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
    if (net == INADDR_NONE || !parse_mask(mask_word, &mask)) {
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

/* wrap_host_match - one host pattern against an endpoint (SPEC 1.6) */
int     wrap_host_match(char *word, struct host_info *host)
{
    char   *mask;
    char   *name;

    if (word[0] == '@')
	return (innetgr(word + 1, eval_hostname(host), (char *) 0, (char *) 0) == 1);
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
