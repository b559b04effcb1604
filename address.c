/*
 * address.c - the canonical form of an address or network named by a
 * ban, as tcpdban writes it into a table: IPv4 "192.0.2.7", IPv6 always
 * in brackets "[2001:db8::1]", networks as "192.0.2.0/24" and
 * "[2001:db8::]/32", an IPv4-mapped IPv6 address as the IPv4 address it
 * stands for, a /32 or /128 as the plain address. Each canonical form is
 * a pattern the matcher matches for exactly the clients meant, and two
 * bans name the same clients exactly when their forms are equal.
 *
 * There is no parser of addresses here: every number is read by the
 * matcher's own parsers (match.c: wrap_parse_net, wrap_parse_bracketed,
 * wrap_parse_ipv6, wrap_ipv6_prefix; misc.c: dot_quad_addr), so what is
 * accepted is what the matcher reads, and only checks are added on top.
 * Refused, with the reason: anything those parsers refuse, a host name
 * (its addresses are not the name's to keep), a scope id ("%eth0": the
 * matcher ignores it, so the ban would cover every interface), an IPv4
 * address not in plain dotted decimal (inet_addr() reads "010.1.2.3" as
 * 8.1.2.3 and "1.2.3.4 x" as 1.2.3.4, and a table pattern spelled so never
 * matches the address text of a client), a network with host bits set
 * beyond its prefix (the matcher never matches an IPv4 one: the admin
 * meant something else), a dotted mask that is not a prefix, and a
 * mapped network that would cover all of IPv4.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrap.h"

/* host_name_like - letters, digits, dots and dashes, with a letter */
static int host_name_like(const char *text)
{
    const char *cp;
    int     letter = 0;

    for (cp = text; *cp; cp++) {
	if (isalpha((unsigned char) *cp))
	    letter = 1;
	else if (!isdigit((unsigned char) *cp) && *cp != '.' && *cp != '-')
	    return (0);
    }
    return (letter);
}

/* refused - record why the input is not an address; -1 */
static int refused(struct wrap_address *address, const char *why)
{
    address->why = why;
    return (-1);
}

/* format_ipv4 - dotted decimal of an address in network byte order */
static void format_ipv4(uint32_t addr, char *text, size_t size)
{
    struct in_addr in;

    in.s_addr = addr;
    (void) inet_ntop(AF_INET, &in, text, (socklen_t) size);
}

/* plain_ipv4 - the address of a dotted quad written in plain dotted
 * decimal, the one spelling that the matcher's string comparison and
 * inet_addr() agree on; INADDR_NONE otherwise */
static uint32_t plain_ipv4(const char *text)
{
    char    back[INET_ADDRSTRLEN];
    unsigned long addr = dot_quad_addr((char *) text);

    if (addr == INADDR_NONE)
	return (INADDR_NONE);
    format_ipv4((uint32_t) addr, back, sizeof(back));
    return (strcmp(back, text) == 0 ? (uint32_t) addr : INADDR_NONE);
}

/* prefix_of_mask - the length of a netmask that is a prefix; -1 if not */
static int prefix_of_mask(uint32_t mask)
{
    uint32_t host = ~ntohl(mask);
    int     bits = 32;

    if ((host & (host + 1)) != 0)
	return (-1);				/* ones after a zero */
    for (; host != 0; host >>= 1)
	bits--;
    return (bits);
}

/* set_ipv4 - the canonical IPv4 form: address, or net/len below /32 */
static int set_ipv4(struct wrap_address *address, uint32_t addr, int prefix)
{
    char    text[INET_ADDRSTRLEN];

    format_ipv4(addr, text, sizeof(text));
    if (prefix == 32)
	snprintf(address->text, sizeof(address->text), "%s", text);
    else
	snprintf(address->text, sizeof(address->text), "%s/%d", text, prefix);
    return (0);
}

/*
 * set_ipv6 - the canonical form of an IPv6 address or prefix: bracketed,
 * "/len" below 128; an IPv4-mapped one as IPv4 (the matcher compares
 * mapped clients as IPv4, and never matches them with an IPv6 pattern).
 */
static int set_ipv6(struct wrap_address *address, const struct in6_addr *addr,
		            int prefix)
{
    char    text[INET6_ADDRSTRLEN];
    uint32_t addr4;

    if (IN6_IS_ADDR_V4MAPPED(addr) && prefix >= 96) {
	if (prefix == 96)
	    return (refused(address, "a mapped network of all of IPv4"));
	address->as_pattern = 0;
	memcpy(&addr4, addr->s6_addr + 12, sizeof(addr4));
	return (set_ipv4(address, addr4, prefix - 96));
    }
    (void) inet_ntop(AF_INET6, addr, text, sizeof(text));
    if (prefix == 128)
	snprintf(address->text, sizeof(address->text), "[%s]", text);
    else
	snprintf(address->text, sizeof(address->text), "[%s]/%d", text, prefix);
    return (0);
}

/* single_address - one address, no "/" */
static int single_address(char *word, struct wrap_address *address)
{
    struct in6_addr addr6;
    uint32_t addr4;

    if (word[0] == '[') {
	if (wrap_parse_bracketed(word, &addr6) != WRAP_YES)
	    return (refused(address, "not an IPv6 address in brackets"));
	address->as_pattern = 1;
	return (set_ipv6(address, &addr6, 128));
    }
    if (strchr(word, ':') != 0) {
	if (!wrap_parse_ipv6(word, strlen(word), &addr6))
	    return (refused(address, "not an IPv6 address"));
	return (set_ipv6(address, &addr6, 128));
    }
    if ((addr4 = plain_ipv4(word)) == INADDR_NONE) {
	if (STR_EQ(word, "ALL") || STR_EQ(word, "LOCAL") || STR_EQ(word, "KNOWN")
	    || STR_EQ(word, "UNKNOWN") || STR_EQ(word, "PARANOID"))
	    return (refused(address, "a wildcard of the tables, not an address"));
	if (host_name_like(word))
	    return (refused(address, "a host name, not an address "
			   "(the addresses of a name are not the name's to keep)"));
	if (dot_quad_addr(word) != INADDR_NONE)
	    return (refused(address, "not in plain dotted decimal (leading zeros, "
			   "hex or trailing text are read as another address)"));
	return (refused(address, "not an IPv4 or IPv6 address"));
    }
    address->as_pattern = 1;
    return (set_ipv4(address, addr4, 32));
}

/* ipv6_network - "[net]/len" or "net/len", parsed as the matcher does */
static int ipv6_network(const char *net, const char *mask,
			        struct wrap_address *address)
{
    struct wrap_net parsed;
    struct in6_addr prefix;
    char   *bracketed;
    enum wrap_result status;

    if (asprintf(&bracketed, net[0] == '[' ? "%s" : "[%s]", net) < 0)
	return (refused(address, "out of memory"));
    status = wrap_parse_net(bracketed, mask, &parsed);
    free(bracketed);
    if (status != WRAP_YES)
	return (refused(address, wrap_prefix_length(mask, 0, 128) < 0 ?
		       "an IPv6 prefix length must be 0 to 128" :
		       "not an IPv6 network"));
    address->as_pattern = (net[0] == '[');
    wrap_ipv6_prefix(&parsed.addr6, parsed.prefix6, &prefix);
    if (memcmp(&prefix, &parsed.addr6, sizeof(prefix)) != 0) {
	(void) set_ipv6(address, &prefix, parsed.prefix6);
	return (refused(address, "host bits are set beyond the prefix length"));
    }
    return (set_ipv6(address, &parsed.addr6, parsed.prefix6));
}

/* ipv4_network - "net/len" or "net/mask", parsed as the matcher does */
static int ipv4_network(const char *net, const char *mask,
			        struct wrap_address *address)
{
    struct wrap_net parsed;
    char    back[INET_ADDRSTRLEN];
    int     prefix;

    if (plain_ipv4(net) == INADDR_NONE)
	return (refused(address, "the network is not an IPv4 address "
		       "in plain dotted decimal"));
    if (wrap_parse_net(net, mask, &parsed) != WRAP_YES)
	return (refused(address, "an IPv4 prefix length must be 1 to 32 "
		       "(or a dotted netmask)"));
    if (strchr(mask, '.') != 0) {
	format_ipv4(parsed.mask4, back, sizeof(back));
	if (strcmp(back, mask) != 0)
	    return (refused(address, "the netmask is not in plain dotted decimal"));
    }
    if ((prefix = prefix_of_mask(parsed.mask4)) < 0)
	return (refused(address, "the netmask is not a prefix (write net/length)"));
    if (prefix == 0)				/* no net/len form matches it */
	return (refused(address, "a network of all of IPv4"));
    address->as_pattern = 1;
    if ((parsed.addr4 & ~parsed.mask4) != 0) {
	(void) set_ipv4(address, parsed.addr4 & parsed.mask4, prefix);
	return (refused(address, "host bits are set beyond the prefix length"));
    }
    return (set_ipv4(address, parsed.addr4, prefix));
}

/*
 * wrap_canonical_address - the canonical form of an address or network
 * (any spelling of IPv6, with or without brackets); 0, or -1 with the
 * reason in address->why. For a network refused because host bits are
 * set, address->text holds the network with them cleared. as_pattern
 * says whether the input itself, written in a table, matches exactly the
 * clients that the canonical form matches (so tcpdban may treat such a
 * hand-written line as the same ban).
 */
int     wrap_canonical_address(const char *input, struct wrap_address *address)
{
    char   *copy;
    char   *mask;
    int     status;

    memset(address, 0, sizeof(*address));
    if (*input == 0)
	return (refused(address, "empty"));
    if (strchr(input, '%') != 0)
	return (refused(address, "a scope id (%...) would be ignored: "
		       "the ban would cover every interface"));
    if ((copy = strdup(input)) == 0)
	return (refused(address, "out of memory"));
    if ((mask = split_at(copy, '/')) == 0)
	status = single_address(copy, address);
    else if (copy[0] == '[' || strchr(copy, ':') != 0)
	status = ipv6_network(copy, mask, address);
    else
	status = ipv4_network(copy, mask, address);
    free(copy);
    return (status);
}
