/*
 * index_keys.c - the keys of the resident index (table_index.c): what a
 * rule's client list can match, and which keys a client presents.
 *
 * A client word matches only strings that carry one of its keys:
 *   "host.example.com", "1.2.3.4", "unknown"  EXACT  the string itself
 *   "10.1."                                   PREFIX the string up to a dot
 *   ".example.com", "*.dyn7.example.net"      SUFFIX the string from a dot
 *   "10.0.0.0/8", "10.0.0.0/255.0.0.0"        NET4   (mask, address & mask)
 *   "[2001:db8::]/32", "[::1]"                NET6   (length, masked address)
 * Case is folded (ASCII). Words that match without such a key (ALL,
 * KNOWN, LOCAL, @netgroup, /file, a glob without a dotted tail) or that
 * warn when evaluated (bad numbers) make the rule "always": it is parsed
 * for every client. So is any word with a byte outside ASCII, whose case
 * folding depends on the locale. A client presents the keys of its
 * address and, once it is known, of its name (the matcher compares words
 * with both); a client string with a byte outside ASCII presents no keys
 * and makes every keyed rule a candidate.
 * A key only says "maybe": every candidate is still decided by match.c.
 */

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "wrap.h"

/* fold - ASCII lower case of text[0..len) into out; 0 if not all ASCII */
static int fold(const char *text, size_t len, char *out)
{
    size_t  i;

    for (i = 0; i < len; i++) {
	unsigned char ch = (unsigned char) text[i];

	if (ch >= 0x80)
	    return (0);
	out[i] = (char) (ch >= 'A' && ch <= 'Z' ? ch + 'a' - 'A' : ch);
    }
    return (1);
}

/* net6_key - length byte and the first len bits of addr, in key[17] */
static void net6_key(const struct in6_addr *addr, int len, unsigned char *key)
{
    struct in6_addr prefix;

    wrap_ipv6_prefix(addr, len, &prefix);
    key[0] = (unsigned char) len;
    memcpy(key + 1, prefix.s6_addr, 16);
}

/* net_keys - the key of "net/mask"; WRAP_ERR: always (it warns) */
static enum wrap_result net_keys(const char *net_word, const char *mask_word,
				         struct wrap_key_sink *sink)
{
    struct wrap_net net;
    unsigned char key[17];
    uint32_t pair[2];

    if (wrap_parse_net(net_word, mask_word, &net) != WRAP_YES)
	return (WRAP_ERR);
    if (net.family == AF_INET6) {
	net6_key(&net.addr6, net.prefix6, key);
	return (sink->add(sink, WRAP_KEY_NET6, (char *) key, sizeof(key)));
    }
    if ((net.addr4 & net.mask4) != net.addr4)
	return (WRAP_NO);			/* host bits set: never matches */
    pair[0] = net.mask4;
    pair[1] = net.addr4;
    return (sink->add(sink, WRAP_KEY_NET4, (char *) pair, sizeof(pair)));
}

/* string_key - the key of a word for wrap_string_match(); WRAP_ERR: always */
static enum wrap_result string_key(char *word, struct wrap_key_sink *sink)
{
    struct in6_addr addr;
    unsigned char key[17];
    size_t  len = strlen(word);
    char   *tail;

    if (strpbrk(word, "*?")) {			/* the literal tail, from a dot */
	for (tail = word + len; tail > word && !strchr("*?", tail[-1]); tail--)
	     /* back to the last wildcard */ ;
	if ((tail = strchr(tail, '.')) == 0)
	    return (WRAP_ERR);
	return (sink->add(sink, WRAP_KEY_SUFFIX, tail, strlen(tail)));
    }
    if (word[0] == '.')
	return (sink->add(sink, WRAP_KEY_SUFFIX, word, len));
    if (STR_EQ(word, "ALL") || STR_EQ(word, "KNOWN"))
	return (WRAP_ERR);
    if (len > 0 && word[len - 1] == '.')
	return (sink->add(sink, WRAP_KEY_PREFIX, word, len));
    switch (wrap_parse_bracketed(word, &addr)) {
    case WRAP_YES:
	net6_key(&addr, 128, key);
	return (sink->add(sink, WRAP_KEY_NET6, (char *) key, sizeof(key)));
    case WRAP_ERR:
	return (WRAP_ERR);			/* it warns */
    default:
	return (sink->add(sink, WRAP_KEY_EXACT, word, len));
    }
}

/* host_keys - the keys of a host pattern, as the matcher sees it */
static enum wrap_result host_keys(char *word, struct wrap_key_sink *sink)
{
    char   *mask;

    if (word[0] == '@' || word[0] == '/' || STR_EQ(word, "KNOWN") || STR_EQ(word, "LOCAL"))
	return (WRAP_ERR);
    if ((mask = split_at(word, '/')) != 0)
	return (net_keys(word, mask, sink));
    if (NOT_INADDR(word))
	sink->needs_name = 1;
    if (!fold(word, strlen(word), word))
	return (WRAP_ERR);
    return (string_key(word, sink));
}

/*
 * wrap_client_keys - hand the keys of a client list (modified) to sink.
 * Only the words before the first EXCEPT can make a list match. WRAP_YES:
 * keyed; WRAP_NO: it cannot match at all; WRAP_ERR: parse it always.
 */
enum wrap_result wrap_client_keys(char *clients, struct wrap_key_sink *sink)
{
    char   *cursor = clients;
    char   *word;
    char   *host;
    int     keyed = 0;
    enum wrap_result status;

    sink->needs_name = 0;
    while ((word = wrap_list_next(&cursor)) != 0 && STR_NE(word, "EXCEPT")) {
	host = split_at(word + 1, '@');		/* user@host: the host first */
	if ((status = host_keys(host ? host : word, sink)) == WRAP_ERR)
	    return (WRAP_ERR);
	keyed |= status == WRAP_YES;
    }
    return (keyed ? WRAP_YES : WRAP_NO);
}

/*
 * wrap_string_keys - hand sink every key that string (a client address
 * or name) carries; masks4/n_masks4 and lens6 (a flag per prefix length
 * 0..128) say which nets the table names. WRAP_ERR if the string is not
 * ASCII (then any keyed rule may match).
 */
enum wrap_result wrap_string_keys(const char *string, const uint32_t *masks4,
				          size_t n_masks4, const unsigned char *lens6,
				          struct wrap_key_sink *sink)
{
    char    text[STRING_LENGTH];
    struct in6_addr addr;
    unsigned char key[17];
    uint32_t pair[2];
    unsigned long addr4;
    size_t  len;
    size_t  i;
    int     bits;

    string = wrap_string_unmapped(string);
    if ((len = strlen(string)) >= sizeof(text) || !fold(string, len, text))
	return (WRAP_ERR);
    text[len] = 0;
    sink->add(sink, WRAP_KEY_EXACT, text, len);
    for (i = 0; i < len; i++) {
	if (text[i] != '.')
	    continue;
	sink->add(sink, WRAP_KEY_PREFIX, text, i + 1);
	sink->add(sink, WRAP_KEY_SUFFIX, text + i, len - i);
    }
    if ((addr4 = dot_quad_addr(text)) != INADDR_NONE) {
	for (i = 0; i < n_masks4; i++) {
	    pair[0] = masks4[i];
	    pair[1] = (uint32_t) addr4 & masks4[i];
	    sink->add(sink, WRAP_KEY_NET4, (char *) pair, sizeof(pair));
	}
    }
    if (wrap_parse_ipv6(text, len, &addr)) {
	for (bits = 0; bits <= 128; bits++) {
	    if (lens6[bits]) {
		net6_key(&addr, bits, key);
		sink->add(sink, WRAP_KEY_NET6, (char *) key, sizeof(key));
	    }
	}
    }
    return (WRAP_YES);
}
