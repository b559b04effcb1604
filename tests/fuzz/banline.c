/*
 * banline.c - fuzz target: the lines of a ban file (banfile.c) and the
 * canonical form of an address (address.c), for tcpdban. The input is
 * taken three ways:
 *
 * - as one line of a ban file: a line recognised as a ban, written again
 *   as tcpdban writes it, must parse back to the same ban, and writing
 *   that gives the same line again;
 * - as an address: a canonical form must be its own canonical form, a
 *   pattern that stands for itself, and the matcher must match the
 *   address (or network) it names, also as an IPv4-mapped client, and not
 *   the address one bit past its prefix;
 * - as a daemon list and as a comment: what tcpdban would write must come
 *   back unchanged from the line parser.
 */

#include <arpa/inet.h>

#include "fuzz.h"
#include "../../banfile.h"

/* same_ban - do two bans say the same? */
static int same_ban(const struct ban *a, const struct ban *b)
{
    return (strcmp(a->address, b->address) == 0 && strcmp(a->daemons, b->daemons) == 0
	    && a->expires == b->expires && (!a->expires || a->until == b->until)
	    && (a->comment == 0) == (b->comment == 0)
	    && (a->comment == 0 || strcmp(a->comment, b->comment) == 0));
}

/* round_trip - a ban written and read back is the same ban */
static void round_trip(const struct ban *ban)
{
    struct ban back;
    char   *line;
    char   *again;
    size_t  len;
    size_t  again_len;

    if ((line = ban_format(ban, &len)) == 0)
	return;
    if (len == 0 || line[len - 1] != '\n' || memchr(line, '\n', len - 1) != 0
	|| ban_parse_line(line, len - 1, &back) < 0 || !same_ban(ban, &back))
	abort();
    if ((again = ban_format(&back, &again_len)) == 0)
	abort();
    if (again_len != len || memcmp(again, line, len) != 0)
	abort();
    ban_free(&back);
    free(again);
    free(line);
}

/* matches - does the pattern match a client at the address? */
static int matches(const char *pattern, const char *client)
{
    struct request_info request;
    char   *word = strdup(pattern);
    enum wrap_result result;

    if (word == 0)
	abort();
    request_init(&request, RQ_DAEMON, "sshd", RQ_CLIENT_ADDR, client,
		 RQ_CLIENT_NAME, "fuzz.invalid", RQ_USER, "someone", 0);
    result = wrap_client_match(word, &request);
    free(word);
    return (result == WRAP_YES);
}

/* check_matcher - the canonical form matches what it names, and not the
 * address one bit past its prefix */
static void check_matcher(const char *canon)
{
    char    text[WRAP_ADDRESS_MAX];
    char    mapped[WRAP_ADDRESS_MAX + 8];
    unsigned char bytes[16];
    const char *slash = strchr(canon, '/');
    int     family = canon[0] == '[' ? AF_INET6 : AF_INET;
    int     prefix = slash ? atoi(slash + 1) : family == AF_INET6 ? 128 : 32;
    size_t  len = slash ? (size_t) (slash - canon) : strlen(canon);

    if (family == AF_INET6)			/* the address in the brackets */
	snprintf(text, sizeof(text), "%.*s", (int) len - 2, canon + 1);
    else
	snprintf(text, sizeof(text), "%.*s", (int) len, canon);
    if (inet_pton(family, text, bytes) != 1 || !matches(canon, text))
	abort();
    snprintf(mapped, sizeof(mapped), "::ffff:%s", text);
    if (family == AF_INET && !matches(canon, mapped))
	abort();
    if (prefix == 0)
	return;					/* nothing is past it */
    bytes[(prefix - 1) / 8] ^= (unsigned char) (0x80 >> ((prefix - 1) % 8));
    if (inet_ntop(family, bytes, text, sizeof(text)) == 0 || matches(canon, text))
	abort();
}

/* check_address - the input as an address */
static void check_address(const char *input)
{
    struct wrap_address address;
    struct wrap_address again;
    struct ban ban;
    char   *line;

    if (wrap_canonical_address(input, &address) < 0)
	return;
    if (wrap_canonical_address(address.text, &again) < 0
	|| strcmp(again.text, address.text) != 0 || !again.as_pattern)
	abort();
    check_matcher(address.text);
    if (asprintf(&line, "ALL: %s", address.text) < 0)
	abort();
    if (ban_parse_line(line, strlen(line), &ban) < 0
	|| strcmp(ban.address, address.text) != 0)
	abort();
    ban_free(&ban);
    free(line);
}

/* check_daemons_comment - the input as a daemon list and as a comment */
static void check_daemons_comment(const char *input)
{
    static char all[] = "ALL";
    struct ban ban;
    const char *why;
    char   *daemons;

    memset(&ban, 0, sizeof(ban));
    strcpy(ban.address, "192.0.2.1");
    ban.daemons = all;
    if ((ban.comment = ban_comment(input)) != 0)
	round_trip(&ban);
    free(ban.comment);
    ban.comment = 0;
    if (ban_daemons(input, &daemons, &why) == 0) {
	ban.daemons = daemons;
	round_trip(&ban);
	if (!ban_same_daemons(daemons, daemons))
	    abort();
	free(daemons);
    }
}

/* LLVMFuzzerTestOneInput - one line, address, daemon list and comment */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ban ban;
    char   *text;

    wrap_report_to(fuzz_quiet);
    if (ban_parse_line((const char *) data, size, &ban) == 0) {
	round_trip(&ban);
	ban_free(&ban);
    }
    if ((text = malloc(size + 1)) == 0)
	return (0);
    memcpy(text, data, size);
    text[size] = 0;				/* up to a NUL, if any */
    check_address(text);
    check_daemons_comment(text);
    free(text);
    return (0);
}
