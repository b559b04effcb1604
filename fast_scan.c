/*
 * fast_scan.c - the fast path of the table scan: passing over lines that
 * certainly cannot match this request, without copying or parsing them.
 *
 * A line may be passed over when it is a comment or a blank line, or a
 * rule whose daemon list has no side effects (no @host, /file or
 * [address]) and
 *   - whose daemon list does not match the request's daemon: the plain
 *     scan never looks at such a rule's client list or options either; or
 *   - whose client list holds only words that certainly do not match the
 *     client, written in the forms ban tools write: exact IPv4 addresses
 *     other than the client's (a numeric word is compared with the
 *     client's address alone, never looked up as a name), IPv4 and IPv6
 *     networks ("192.0.2.0/24", "[2001:db8::]/64") that do not hold the
 *     client, and bracketed IPv6 addresses other than the client's once
 *     the client's name is known (the matcher compares such a word with
 *     the name too, so the first one must be parsed to look it up).
 * Words are read strictly (decimal without leading zeros, hex groups);
 * anything else is left to the parser, which warns where it must.
 * Passing over such a line changes no verdict and no log line. This is
 * what makes the 100 000-line deny lists of DenyHosts and fail2ban cheap.
 *
 * Their lines share a head ("sshd: "); the last head seen is remembered
 * with its daemon list's verdict, so that most lines cost a comparison of
 * sixteen bytes and a look at the rest, sixteen bytes at a time with
 * SSE2 (x86-64), eight bytes at a time in portable C elsewhere. The
 * byte-by-byte wrap_unmatchable_line_length() decides every other line,
 * and recognizes the DenyHosts form for the resident index
 * (index_build.c).
 */

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "wrap.h"

/*
 * Byte classes of the byte-by-byte path. A daemon list without side
 * effects runs up to a byte that ends it (NUL, ":", newline) or would give
 * it side effects ("@" names a host, "/" a file, brackets an address).
 * A numeric address word is digits and dots. NUL is in the first class
 * and not in the second, so scans stop at the end of the text.
 */
static const unsigned char stops_daemon_list[256] = {
    [0] = 1, [':'] = 1, ['\n'] = 1, ['@'] = 1, ['/'] = 1, ['['] = 1, [']'] = 1,
};
static const unsigned char address_byte[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['.'] = 1,
};
static const unsigned char ends_word[256] = {
    [' '] = 1, ['\t'] = 1, ['\r'] = 1, [','] = 1, ['\n'] = 1, [':'] = 1,
};
static const unsigned char hex_digit[256] = {	/* value + 1 */
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7,
    ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13,
    ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12, ['C'] = 13,
    ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/*
 * wrap_fast_client_init - the client as the fast path compares it: its
 * address text (an IPv4-mapped prefix off, as the matcher takes it) and,
 * for networks and bracketed words, its address as a number, as the
 * matcher's parsers read it.
 */
void    wrap_fast_client_init(struct wrap_fast_client *client,
			              struct request_info *request)
{
    const char *text = eval_hostaddr(request->client);
    struct in6_addr addr6;
    unsigned long addr4;

    memset(client, 0, sizeof(*client));
    client->request = request;
    client->addr = wrap_string_unmapped(text);
    client->len = strlen(client->addr);
    if ((addr4 = dot_quad_addr((char *) client->addr)) != INADDR_NONE) {
	client->is_ipv4 = 1;
	client->ipv4 = ntohl((uint32_t) addr4);
    }
    if (client->addr == text && wrap_parse_ipv6(text, client->len, &addr6)) {
	client->is_ipv6 = 1;
	memcpy(client->ipv6, addr6.s6_addr, 16);
    }
}

/* decimal - a decimal number of one to three digits at cp below limit,
 * without leading zeros, its digits counted in *len; -1 if there is none.
 * One test a digit, not a loop: a table of networks has five a word. */
static long decimal(const unsigned char *cp, long limit, size_t *len)
{
    unsigned d0 = cp[0] - (unsigned) '0';
    unsigned d1;
    unsigned d2;
    long    value;

    if (d0 > 9)
	return (-1);
    if ((d1 = cp[1] - (unsigned) '0') > 9) {
	*len = 1;
	return ((long) d0 < limit ? (long) d0 : -1);
    }
    if (d0 == 0)
	return (-1);				/* a leading zero */
    if ((d2 = cp[2] - (unsigned) '0') > 9) {
	value = (long) (d0 * 10 + d1);
	*len = 2;
    } else if ((unsigned) (cp[3] - '0') <= 9) {
	return (-1);				/* four digits or more */
    } else {
	value = (long) (d0 * 100 + d1 * 10 + d2);
	*len = 3;
    }
    return (value < limit ? value : -1);
}

/* prefix_holds - do the first bits of two addresses agree? */
static int prefix_holds(const unsigned char *a, const unsigned char *b, long bits)
{
    size_t  whole = (size_t) bits / 8;

    return (memcmp(a, b, whole) == 0
	    && (bits % 8 == 0
		|| ((a[whole] ^ b[whole]) & (0xff << (8 - bits % 8)) & 0xff) == 0));
}

/*
 * ipv4_net_length - the length of the word "a.b.c.d/len" at cp when it
 * certainly does not match the client (as the matcher compares it: the
 * client's address masked against the net as written); else 0.
 */
static size_t ipv4_net_length(const unsigned char *cp,
			              const struct wrap_fast_client *client)
{
    const unsigned char *p = cp;
    uint32_t net = 0;
    uint32_t mask;
    long    part;
    long    bits;
    size_t  n;
    int     i;

    for (i = 0; i < 4; i++, p += n + 1) {
	if ((part = decimal(p, 256, &n)) < 0 || p[n] != (i < 3 ? '.' : '/'))
	    return (0);
	net = net << 8 | (uint32_t) part;
    }
    if ((bits = decimal(p, 33, &n)) < 1 || net == INADDR_NONE)
	return (0);				/* INADDR_NONE: the matcher warns */
    mask = bits == 32 ? 0xffffffffU : ~(0xffffffffU >> bits);
    if (client->is_ipv4 && (client->ipv4 & mask) == net)
	return (0);
    return ((size_t) (p + n - cp));
}

/* bracketed_ipv6 - "[hex:groups]" at cp into addr[16]: its length, or 0
 * when not written so (embedded IPv4, a zone, anything odd: parse it) */
static size_t bracketed_ipv6(const unsigned char *cp, unsigned char *addr)
{
    const unsigned char *p = cp + 1;
    unsigned groups[8];
    unsigned value;
    int     n = 0;
    int     gap = -1;
    int     digits;
    int     i;

    if (p[0] == ':' && p[1] == ':') {
	gap = 0;
	p += 2;
    }
    while (*p != ']') {
	for (value = 0, digits = 0; digits < 5 && hex_digit[*p]; digits++, p++)
	    value = value * 16 + (unsigned) (hex_digit[*p] - 1);
	if (digits == 0 || digits > 4 || n == 8)
	    return (0);
	groups[n++] = value;
	if (*p == ']')
	    break;
	if (*p++ != ':' || *p == ']')
	    return (0);
	if (*p == ':') {
	    if (gap >= 0)
		return (0);
	    gap = n;
	    p++;
	}
    }
    if (gap < 0 ? n != 8 : n > 7)
	return (0);
    memset(addr, 0, 16);
    for (i = 0; i < n; i++) {
	int     at = gap >= 0 && i >= gap ? i + 8 - n : i;

	addr[2 * at] = (unsigned char) (groups[i] >> 8);
	addr[2 * at + 1] = (unsigned char) groups[i];
    }
    return ((size_t) (p + 1 - cp));
}

/*
 * ipv6_word_length - the length of "[v6]" or "[v6]/len" at cp when it
 * certainly does not match the client; else 0. The matcher compares a
 * bracketed address with the client's name as well (looking it up), so
 * that word is passed over only once the name is known.
 */
static size_t ipv6_word_length(const unsigned char *cp,
			               const struct wrap_fast_client *client)
{
    unsigned char addr[16];
    size_t  len = bracketed_ipv6(cp, addr);
    size_t  n;
    long    bits;

    if (len == 0)
	return (0);
    if (cp[len] == '/') {
	if ((bits = decimal(cp + len + 1, 129, &n)) < 0
	    || (client->is_ipv6 && prefix_holds(addr, client->ipv6, bits)))
	    return (0);
	return (len + 1 + n);
    }
    if (client->request == 0 || client->request->client->name[0] == 0
	|| (client->is_ipv6 && memcmp(addr, client->ipv6, 16) == 0))
	return (0);
    return (len);
}

/*
 * word_length - the length of the client word at cp when it certainly
 * does not match the client; else 0 (parse the line).
 */
static size_t word_length(const unsigned char *cp,
			          const struct wrap_fast_client *client)
{
    const unsigned char *end = cp;
    size_t  len;

    if (*cp == '[')
	return (ipv6_word_length(cp, client));
    while (address_byte[*end])
	end++;
    if (*end == '/')
	return (ipv4_net_length(cp, client));
    len = (size_t) (end - cp);
    if (cp[0] == '.' || end[-1] == '.'
	|| (len == client->len && memcmp(cp, client->addr, len) == 0))
	return (0);
    return (len);
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
 * wrap_unmatchable_line_length - the length of the physical line at text
 * when it is a comment, a blank line, or a rule with a side-effect-free
 * daemon list and only words in its client list that certainly do not
 * match the client (above); else 0 (parse it). The daemon list is not
 * evaluated here. text must be NUL-terminated and followed by
 * WRAP_TEXT_PAD readable bytes.
 */
size_t  wrap_unmatchable_line_length(const char *text, size_t avail,
				             const struct wrap_fast_client *client)
{
    const unsigned char *cp = (const unsigned char *) text;
    size_t  len;

    if (*cp == '#')
	return (unscanned_line_end(text, text, avail));
    while (!stops_daemon_list[*cp])
	cp++;
    if (*cp == '\n' && strspn(text, " \t\r") == (size_t) ((char *) cp - text))
	return (line_end(text, (const char *) cp));	/* blank line */
    if (*cp++ != ':')
	return (0);
    for (;;) {
	cp += strspn((const char *) cp, " \t\r,");
	if (*cp == '\n')
	    return (line_end(text, (const char *) cp));
	if (*cp == ':')
	    return (unscanned_line_end(text, (const char *) cp, avail));
	if ((len = word_length(cp, client)) == 0 || !ends_word[cp[len]])
	    return (0);
	cp += len;
    }
}

#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__

/*
 * Many bytes at a time: a byte loop pays a mispredicted branch at the
 * end of every word, which is most of the cost of a big table. The macros
 * give one high bit per flagged byte of a 64-bit word, exactly.
 */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
#define BELOW(x, n)	(~((((x) & ~HIGHS) + ONES * (0x80 - (n))) | (x)) & HIGHS)
#define EQUAL_BYTES(x, c) BELOW((x) ^ (ONES * (unsigned char) (c)), 1)
#define ADDRESS_BYTES(x) (BELOW((x) ^ (ONES * '0'), 10) | EQUAL_BYTES((x), '.'))
#define CONTROL_BYTES(x) BELOW((x), '\n' + 1)	/* NUL, tab, newline, ... */

/* FIRST_BYTE - index of the first flagged byte of a little-endian word */
#define FIRST_BYTE(flags) ((size_t) __builtin_ctzll(flags) / 8)

/* LOW_BYTES - a mask of the first n (0..8) bytes of a little-endian word */
#define LOW_BYTES(n)	((n) >= 8 ? ~0ULL : (1ULL << (8 * (n))) - 1)

/* load8 - eight bytes from anywhere */
static inline uint64_t load8(const char *cp)
{
    uint64_t word;

    memcpy(&word, cp, sizeof(word));
    return (word);
}

/* same_head - does the line at text begin with the remembered head? */
static inline int same_head(const char *text, const struct wrap_rule_head *head)
{
    if (((load8(text) ^ head->word[0]) & head->mask[0]) != 0 || head->len == 0)
	return (0);
    return (head->len <= 8 || ((load8(text + 8) ^ head->word[1]) & head->mask[1]) == 0);
}

/*
 * learn_head - remember the head of the line at text ("daemons:" and the
 * blanks after it, at most 16 bytes, the daemon list free of side
 * effects) and whether its daemon list matches; 0 if it has no such head.
 */
static int learn_head(const char *text, struct wrap_fast_client *client)
{
    struct wrap_rule_head *head = &client->head;
    char    daemons[sizeof(head->word)];
    size_t  colon = 0;
    size_t  len;

    if (text[0] == '#')
	return (0);				/* a comment */
    while (colon < sizeof(daemons) && !stops_daemon_list[(unsigned char) text[colon]])
	colon++;
    if (colon == sizeof(daemons) || text[colon] != ':')
	return (0);
    for (len = colon + 1; len < sizeof(daemons) && (text[len] == ' ' || text[len] == '\t'); len++)
	 /* include blanks */ ;
    if (text[len] == 0)				/* the text ends: more to come */
	return (0);
    memcpy(daemons, text, colon);
    daemons[colon] = 0;
    head->daemons_match =
	wrap_list_match(daemons, client->request, wrap_daemon_match) != WRAP_NO;
    head->len = len;
    head->mask[0] = LOW_BYTES(len);
    head->mask[1] = len > 8 ? LOW_BYTES(len - 8) : 0;
    head->word[0] = load8(text) & head->mask[0];
    head->word[1] = load8(text + 8) & head->mask[1];
    return (1);
}

/* control_byte - offset of the first byte below '\n' + 1 at text */
#ifdef __SSE2__
static inline size_t control_byte(const char *text)
{
    const __m128i newline = _mm_set1_epi8('\n');
    __m128i bytes;
    unsigned flags;
    size_t  off;

    for (off = 0;; off += 16) {
	bytes = _mm_loadu_si128((const __m128i *) (text + off));
	flags = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(bytes, newline), bytes));
	if (flags != 0)
	    return (off + (size_t) __builtin_ctz(flags));
    }
}
#else
static inline size_t control_byte(const char *text)
{
    uint64_t flags;
    size_t  off;

    for (off = 0; (flags = CONTROL_BYTES(load8(text + off))) == 0; off += 8)
	 /* the text ends in NUL */ ;
    return (off + FIRST_BYTE(flags));
}
#endif

/* address_bytes - one flag per byte of text[0..16) that is a digit or a
 * dot; dot_bytes - the same for dots alone */
#ifdef __SSE2__
static inline unsigned address_bytes(const char *text)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *) text);
    __m128i digit = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));

    digit = _mm_cmpeq_epi8(_mm_min_epu8(digit, _mm_set1_epi8(9)), digit);
    return ((unsigned) _mm_movemask_epi8(_mm_or_si128(digit,
				 _mm_cmpeq_epi8(bytes, _mm_set1_epi8('.')))));
}

static inline unsigned dot_bytes(const char *text)
{
    return ((unsigned) _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) text),
							 _mm_set1_epi8('.'))));
}
#else

/* gather - the flags of two words of high bits (from BELOW) as 16 bits */
static inline unsigned gather(uint64_t low, uint64_t high)
{
    const uint64_t spread = 0x0102040810204080ULL;	/* byte i's bit to bit 56+i */

    return ((unsigned) ((low >> 7) * spread >> 56) | (unsigned) ((high >> 7) * spread >> 56) << 8);
}

static inline unsigned address_bytes(const char *text)
{
    return (gather(ADDRESS_BYTES(load8(text)), ADDRESS_BYTES(load8(text + 8))));
}

static inline unsigned dot_bytes(const char *text)
{
    return (gather(EQUAL_BYTES(load8(text), '.'), EQUAL_BYTES(load8(text + 8), '.')));
}
#endif

/* octet - the decimal number of len digits at cp, or 256 or more (too
 * big) when len is not 1 to 3 or the number has a leading zero. Masks,
 * not branches, choose the digits used: the bytes after them are read
 * and dropped. */
static inline unsigned octet(const unsigned char *cp, size_t len)
{
    unsigned a = cp[0] - (unsigned) '0';
    unsigned b = cp[1] - (unsigned) '0';
    unsigned c = cp[2] - (unsigned) '0';
    unsigned two = 0U - (unsigned) (len >= 2);
    unsigned three = 0U - (unsigned) (len >= 3);
    unsigned bad = (unsigned) (len - 1 > 2) | ((unsigned) (len > 1) & (unsigned) (a == 0));
    unsigned value = a;

    value = ((value * 10 + b) & two) | (value & ~two);
    value = ((value * 10 + c) & three) | (value & ~three);
    return (value | bad << 8);
}

/*
 * dotted_net_length - ipv4_net_length() for a word at cp whose first
 * len (at most 16) bytes are digits and dots, followed by "/". The octets
 * are found from the positions of the dots and read without a branch on
 * their lengths: in a list of random networks such branches would be
 * mispredicted most of the time.
 */
static inline size_t dotted_net_length(const char *cp, size_t len,
				               const struct wrap_fast_client *client)
{
    const unsigned char *p = (const unsigned char *) cp;
    unsigned dots = dot_bytes(cp) & ((1U << len) - 1);
    size_t  at[4] = {0};			/* where each octet starts */
    unsigned value;
    uint32_t net = 0;
    uint32_t mask;
    long    bits;
    size_t  n;
    int     i;

    for (i = 1; i < 4; i++, dots &= dots - 1) {
	if (dots == 0)
	    return (0);
	at[i] = (size_t) __builtin_ctz(dots) + 1;
    }
    if (dots != 0 || (bits = decimal(p + len + 1, 33, &n)) < 1)
	return (0);
    for (i = 0, value = 0; i < 4; i++) {
	unsigned part = octet(p + at[i], (i < 3 ? at[i + 1] - 1 : len) - at[i]);

	value |= part;
	net = net << 8 | (part & 0xff);
    }
    mask = bits == 32 ? 0xffffffffU : ~(0xffffffffU >> bits);
    if (value > 255 || net == INADDR_NONE	/* the matcher warns */
	|| (client->is_ipv4 && (client->ipv4 & mask) == net))
	return (0);
    return (len + 1 + n);
}

/* other_address - is text[0..len), digits and dots only, one exact
 * numeric address, not the client's? */
static inline int other_address(const char *text, size_t len,
				        const struct wrap_fast_client *client)
{
    return (len > 0 && len <= 16 && text[0] != '.' && text[len - 1] != '.'
	    && (len != client->len || memcmp(text, client->addr, len) != 0));
}

#ifdef __SSE2__

/* byte_flags - one bit per byte of 48 bytes at cp: what test says of it */
#define BYTE_FLAGS(cp, test) \
    ((uint64_t) (unsigned) _mm_movemask_epi8(test(_mm_loadu_si128((const __m128i *) (cp)))) \
     | (uint64_t) (unsigned) _mm_movemask_epi8(test(_mm_loadu_si128((const __m128i *) (cp) + 1))) << 16 \
     | (uint64_t) (unsigned) _mm_movemask_epi8(test(_mm_loadu_si128((const __m128i *) (cp) + 2))) << 32)

/* bits_set - how many bits of x are set (no call into libgcc: the
 * baseline x86-64 has no popcount instruction) */
static inline int bits_set(uint64_t x)
{
    x = x - (x >> 1 & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + (x >> 2 & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return ((int) ((x * 0x0101010101010101ULL) >> 56));
}

/* hex_test - 0xff for each hex digit */
static inline __m128i hex_test(__m128i bytes)
{
    __m128i digit = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));
    __m128i letter = _mm_sub_epi8(_mm_or_si128(bytes, _mm_set1_epi8(0x20)),
				  _mm_set1_epi8('a'));

    return (_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(digit, _mm_set1_epi8(9)), digit),
			 _mm_cmpeq_epi8(_mm_min_epu8(letter, _mm_set1_epi8(5)), letter)));
}

/* colon_test, close_test - 0xff for each ":", each "]" */
static inline __m128i colon_test(__m128i bytes)
{
    return (_mm_cmpeq_epi8(bytes, _mm_set1_epi8(':')));
}

static inline __m128i close_test(__m128i bytes)
{
    return (_mm_cmpeq_epi8(bytes, _mm_set1_epi8(']')));
}

/*
 * ipv6_form - the length of the inside of "[...]" at cp when it is written
 * as bracketed_ipv6() reads an address (hex groups of one to four digits,
 * single colons between them, at most one "::", eight groups without it,
 * at most seven with it), all 48 bytes after the "[" at once; else 0.
 * The 49 bytes from cp must be readable.
 */
static inline size_t ipv6_form(const char *cp)
{
    uint64_t hex = BYTE_FLAGS(cp + 1, hex_test);
    uint64_t colon = BYTE_FLAGS(cp + 1, colon_test);
    uint64_t close = BYTE_FLAGS(cp + 1, close_test);
    uint64_t inside;
    uint64_t pairs;
    size_t  len;
    int     groups;

    if (close == 0 || (len = (size_t) __builtin_ctzll(close)) < 2 || len > 39)
	return (0);
    inside = (1ULL << len) - 1;
    hex &= inside;
    colon &= inside;
    pairs = colon & colon >> 1;
    groups = bits_set(hex & ~(hex << 1));
    if ((hex | colon) != inside || (hex & hex >> 1 & hex >> 2 & hex >> 3 & hex >> 4)
	|| (pairs & colon >> 2) || (pairs & (pairs - 1)) != 0
	|| ((colon & 1) && !(colon & 2))
	|| ((colon >> (len - 1) & 1) && !(colon >> (len - 2) & 1))
	|| (pairs ? groups > 7 : groups != 8))
	return (0);
    return (len);
}

/* first_group - the first 16 bits of the address written at cp (after "[") */
static inline unsigned first_group(const char *cp)
{
    unsigned value = 0;

    for (; *cp != ':' && *cp != ']'; cp++)
	value = value * 16 + (unsigned) (hex_digit[(unsigned char) *cp] - 1);
    return (value);
}

/*
 * fast_ipv6_length - ipv6_word_length() for a line long enough to read 49
 * bytes at cp: a well-formed word whose first group differs from the
 * client's (within the prefix, for a network) is decided at once; the
 * rest is read the slow way.
 */
static inline size_t fast_ipv6_length(const char *cp, const struct wrap_fast_client *client)
{
    size_t  len = ipv6_form(cp);
    unsigned want = (unsigned) client->ipv6[0] << 8 | client->ipv6[1];
    unsigned have;
    size_t  n;
    long    bits;

    if (len == 0)
	return (ipv6_word_length((const unsigned char *) cp, client));
    have = first_group(cp + 1);
    if (cp[len + 2] == '/') {
	if ((bits = decimal((const unsigned char *) cp + len + 3, 129, &n)) < 0
	    || (client->is_ipv6 && ((have ^ want) >> (bits >= 16 ? 0 : 16 - bits)) == 0))
	    return (ipv6_word_length((const unsigned char *) cp, client));
	return (len + 3 + n);
    }
    if ((client->is_ipv6 && have == want) || client->request->client->name[0] == 0)
	return (ipv6_word_length((const unsigned char *) cp, client));
    return (len + 2);
}

#endif

/*
 * network_length - the length of the network or bracketed IPv6 word at
 * rest (digits and dots up to rest[word] for an IPv4 network; len bytes
 * to the end of the line) when it certainly does not match the client,
 * else 0. Out of line, so that the lines of plain addresses that make
 * most deny lists are decided without a call.
 */
__attribute__((noinline))
static size_t network_length(const char *rest, size_t word, size_t len,
			             const struct wrap_fast_client *client)
{
#ifdef __SSE2__
    if (rest[0] == '[' && len >= 31)
	return (fast_ipv6_length(rest, client));
#else
    (void) len;
#endif
    return (rest[0] != '[' ? dotted_net_length(rest, word, client)
	    : word_length((const unsigned char *) rest, client));
}

/*
 * only_other_address - is rest[0..len) (a line after its head, up to its
 * newline, with no byte below a blank) one word that certainly does not
 * match the client (an IPv4 address, a network, a bracketed IPv6
 * address), maybe followed by options (" : expires ..."), not continued?
 */
__attribute__((always_inline))
static inline int only_other_address(const char *rest, size_t len,
				             const struct wrap_fast_client *client)
{
    size_t  word = (size_t) __builtin_ctz(~address_bytes(rest));
    size_t  colon;

    if (word == len)				/* an address alone: the most */
	return (other_address(rest, len, client));
    if (rest[0] == '[' || rest[word] == '/') {	/* a network, IPv6 */
	if ((word = network_length(rest, word, len, client)) == 0)
	    return (0);
    } else if (!other_address(rest, word < len ? word : len, client)) {
	return (0);
    }
    if (word < len) {				/* options must follow */
	colon = word;
	while (rest[colon] == ' ')
	    colon++;
	if (rest[colon] != ':' || rest[len - 1] == '\\')
	    return (0);
    }
    return (word <= len);
}

/* pass_line - the length of the line at text if it cannot match, else 0 */
__attribute__((always_inline))
static inline size_t pass_line(const char *text, size_t avail,
			               struct wrap_fast_client *client)
{
    const struct wrap_rule_head *head = &client->head;
    const char *rest;
    size_t  len;

    if (!same_head(text, head) && !learn_head(text, client))
	return (wrap_unmatchable_line_length(text, avail, client));
    rest = text + head->len;
    len = control_byte(rest);
    if (rest[len] != '\n')			/* tab, NUL, end of text */
	return (wrap_unmatchable_line_length(text, avail, client));
    if (head->daemons_match ? !only_other_address(rest, len, client)
	: len > 0 && rest[len - 1] == '\\')	/* continued */
	return (wrap_unmatchable_line_length(text, avail, client));
    return (head->len + len + 1);
}

#else

/* pass_line - the length of the line at text if it cannot match, else 0 */
static size_t pass_line(const char *text, size_t avail,
			        struct wrap_fast_client *client)
{
    return (wrap_unmatchable_line_length(text, avail, client));
}

#endif

/*
 * A line's length is known only after the line is looked at, so one scan
 * is a chain of dependent steps that leaves most of the processor idle.
 * Past its first LEAD bytes (where a table that needs parsing usually
 * stops the scan anyway), a text is therefore cut at line ends into
 * STREAMS parts, scanned side by side; a part's progress counts only
 * once every part before it has been passed over entirely.
 */
#define STREAMS		4
#define LEAD		2048		/* bytes scanned alone first */

struct stream {
    size_t  pos;			/* next line */
    size_t  end;			/* where the next part begins */
    int     lines;			/* lines passed over */
    struct wrap_fast_client client;	/* with its own remembered head */
};

/* run_stream - pass over lines of one part; 0 when stuck before its end */
static int run_stream(const char *text, size_t avail, struct stream *s)
{
    size_t  len;

    while (s->pos < s->end
	   && (len = pass_line(text + s->pos, avail - s->pos, &s->client)) > 0) {
	s->pos += len;
	s->lines++;
    }
    return (s->pos >= s->end);
}

/* split - cut text at line ends into STREAMS parts */
static void split(const char *text, size_t avail, struct stream *parts,
		          const struct wrap_fast_client *client)
{
    const char *nl;
    size_t  k;

    for (k = 0; k < STREAMS; k++) {
	parts[k].pos = k == 0 ? 0 : parts[k - 1].end;
	nl = k + 1 == STREAMS ? 0 : memchr(text + avail / STREAMS * (k + 1), '\n',
					     avail - avail / STREAMS * (k + 1));
	parts[k].end = nl == 0 ? avail : (size_t) (nl - text) + 1;
	if (parts[k].end < parts[k].pos)
	    parts[k].end = parts[k].pos;
	parts[k].lines = 0;
	parts[k].client = *client;
    }
}

/* side_by_side - advance every part until one of them stops */
static void side_by_side(const char *text, size_t avail, struct stream *parts)
{
    size_t  pos[STREAMS];		/* locals: kept in registers */
    int     lines[STREAMS];
    size_t  k;
    size_t  len;
    int     stopped;

    for (k = 0; k < STREAMS; k++) {
	pos[k] = parts[k].pos;
	lines[k] = 0;
    }
    do {
	stopped = 0;
#pragma GCC unroll 8
	for (k = 0; k < STREAMS; k++) {
	    len = pos[k] < parts[k].end ?
		pass_line(text + pos[k], avail - pos[k], &parts[k].client) : 0;
	    pos[k] += len;
	    lines[k] += len > 0;
	    stopped |= len == 0;
	}
    } while (!stopped);
    for (k = 0; k < STREAMS; k++) {
	parts[k].pos = pos[k];
	parts[k].lines += lines[k];
    }
}

/* streams - pass over text (all of it, or up to a line that must be
 * parsed) in STREAMS parts side by side; returns the bytes passed over */
static size_t streams(const char *text, size_t avail,
		              struct wrap_fast_client *client, int *lines)
{
    struct stream parts[STREAMS];
    size_t  k;
    int     moving;

    split(text, avail, parts, client);
    side_by_side(text, avail, parts);
    for (k = 0; k < STREAMS; k++) {		/* the rest, in order */
	moving = run_stream(text, avail, parts + k);
	*lines += parts[k].lines;
	client->head = parts[k].client.head;
	if (!moving)
	    break;
    }
    return (parts[k < STREAMS ? k : STREAMS - 1].pos);
}

/*
 * wrap_pass_over_lines - pass over as many lines as certainly cannot
 * match, counting them in *lines; returns the bytes passed over. Stops at
 * the first line that must be parsed, or an incomplete last line. text as
 * for wrap_unmatchable_line_length.
 */
size_t  wrap_pass_over_lines(const char *text, size_t avail,
				        struct wrap_fast_client *client,
				        int *lines)
{
    struct stream lead = {0, avail < LEAD ? avail : LEAD, 0, *client};
    int     passed = run_stream(text, avail, &lead);

    *lines += lead.lines;
    client->head = lead.client.head;
    if (!passed || lead.pos >= avail)
	return (lead.pos);
    return (lead.pos + streams(text + lead.pos, avail - lead.pos, client, lines));
}
