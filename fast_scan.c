/*
 * fast_scan.c - the fast path of the table scan: passing over lines that
 * certainly cannot match this request, without copying or parsing them.
 *
 * A line may be passed over when it is a comment or a blank line, or a
 * rule whose daemon list has no side effects (no @host, /file or
 * [address]) and
 *   - whose daemon list does not match the request's daemon: the plain
 *     scan never looks at such a rule's client list or options either; or
 *   - whose client list holds only exact numeric addresses, none of them
 *     the client's: a numeric word is compared with the client's address
 *     alone (never looked up as a name), so it matches only that address.
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
 * daemon list and only exact numeric addresses in its client list, none
 * of them client's; else 0 (parse it). The daemon list is not evaluated here.
 * text must be NUL-terminated and followed by WRAP_TEXT_PAD readable bytes.
 */
size_t  wrap_unmatchable_line_length(const char *text, size_t avail,
				             const struct wrap_fast_client *client)
{
    const unsigned char *cp = (const unsigned char *) text;
    const unsigned char *word;
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

/* address_bytes - one flag per byte of text[0..16) that is a digit or a dot */
#ifdef __SSE2__
static inline unsigned address_bytes(const char *text)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *) text);
    __m128i digit = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));

    digit = _mm_cmpeq_epi8(_mm_min_epu8(digit, _mm_set1_epi8(9)), digit);
    return ((unsigned) _mm_movemask_epi8(_mm_or_si128(digit,
				 _mm_cmpeq_epi8(bytes, _mm_set1_epi8('.')))));
}
#else
static inline unsigned address_bytes(const char *text)
{
    uint64_t low = ADDRESS_BYTES(load8(text)) >> 7;
    uint64_t high = ADDRESS_BYTES(load8(text + 8)) >> 7;
    const uint64_t gather = 0x0102040810204080ULL;	/* byte i's bit to bit 56+i */

    return ((unsigned) ((low * gather) >> 56) | (unsigned) ((high * gather) >> 56) << 8);
}
#endif

/* other_address - is text[0..len) one exact numeric address, not client's? */
static inline int other_address(const char *text, size_t len,
				        const struct wrap_fast_client *client)
{
    unsigned want;

    if (len == 0 || len > 16)
	return (0);
    want = (1U << len) - 1;
    return ((address_bytes(text) & want) == want
	    && text[0] != '.' && text[len - 1] != '.'
	    && (len != client->len || memcmp(text, client->addr, len) != 0));
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
    if (head->daemons_match ? !other_address(rest, len, client)
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
