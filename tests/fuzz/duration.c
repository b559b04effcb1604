/*
 * duration.c - fuzz target: the times of the table language (expiry.c).
 * The input is taken as a duration (it must be at least a second and at
 * most a century, and its seconds written plainly must give it back), as
 * a moment (one that parses must be formatted back to exactly the same
 * text), and its first eight bytes as a moment between 1970 and 9999
 * (formatted, it must parse back to itself).
 */

#include "fuzz.h"

#define LAST_MOMENT	253402300799LL	/* 9999-12-31T23:59:59Z */

/* check_duration - a duration in range, and the same in plain seconds */
static void check_duration(const char *text)
{
    char    plain[32];
    long    seconds;
    long    again;

    if (wrap_parse_duration(text, &seconds) < 0)
	return;
    if (seconds < 1 || seconds > 100L * 366 * 24 * 3600)
	abort();
    snprintf(plain, sizeof(plain), "%ld", seconds);
    if (wrap_parse_duration(plain, &again) < 0 || again != seconds)
	abort();
    snprintf(plain, sizeof(plain), "%lds", seconds);
    if (wrap_parse_duration(plain, &again) < 0 || again != seconds)
	abort();
}

/* check_moment - a moment that parses formats back to the same text */
static void check_moment(const char *text)
{
    char    back[32];
    time_t  when;

    if (wrap_parse_expiry(text, &when) < 0)
	return;
    if (wrap_format_expiry(when, back, sizeof(back)) < 0 || strcmp(back, text) != 0)
	abort();
}

/* check_round_trip - a moment from the bytes survives format and parse */
static void check_round_trip(const uint8_t *data, size_t size)
{
    unsigned long long bits = 0;
    char    text[32];
    time_t  when;
    time_t  back;
    size_t  i;

    for (i = 0; i < size && i < 8; i++)
	bits = bits << 8 | data[i];
    when = (time_t) (bits % (LAST_MOMENT + 1));
    if (wrap_format_expiry(when, text, sizeof(text)) < 0
	|| wrap_parse_expiry(text, &back) < 0 || back != when)
	abort();
    if (wrap_format_expiry(when, text, 16) == 0)	/* no room for the NUL */
	abort();
}

/* LLVMFuzzerTestOneInput - one text as a duration and as a moment */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char   *text;

    if ((text = malloc(size + 1)) == 0)
	return (0);
    memcpy(text, data, size);
    text[size] = 0;
    check_duration(text);
    check_moment(text);
    check_round_trip(data, size);
    free(text);
    return (0);
}
