/*
 * expiry.c - the times of the table language: the moment a rule expires
 * ("expires 20261201T120000Z": UTC, to the second, in the basic format
 * of ISO 8601, which has no colon, since a colon separates options) and
 * the durations that tcpdban takes ("90s", "30m", "12h", "7d", "2w"
 * or plain seconds). Both are parsed strictly: a value that is not
 * exactly one of these forms is refused, never read as something nearby.
 */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "wrap.h"

#define LONGEST_DURATION	(100L * 366 * 24 * 3600)	/* a century */

/* digits - the value of n decimal digits at text; -1 if one is not a digit */
static int digits(const char *text, int n)
{
    int     value = 0;

    for (; n > 0; n--, text++) {
	if (*text < '0' || *text > '9')
	    return (-1);
	value = value * 10 + (*text - '0');
    }
    return (value);
}

/*
 * wrap_parse_expiry - "YYYYMMDDTHHMMSSZ" to a time; 0, or -1 when the text
 * is not exactly such a moment (a 31st of April, a 25th hour and a leap
 * second are refused: the fields must survive the round trip).
 */
int     wrap_parse_expiry(const char *text, time_t *when)
{
    struct tm tm;
    struct tm back;
    time_t  moment;

    if (strlen(text) != WRAP_EXPIRY_LENGTH || text[8] != 'T' || text[15] != 'Z')
	return (-1);
    memset(&tm, 0, sizeof(tm));
    if ((tm.tm_year = digits(text, 4)) < 1970 || (tm.tm_mon = digits(text + 4, 2)) < 1
	|| (tm.tm_mday = digits(text + 6, 2)) < 1 || (tm.tm_hour = digits(text + 9, 2)) < 0
	|| (tm.tm_min = digits(text + 11, 2)) < 0 || (tm.tm_sec = digits(text + 13, 2)) < 0)
	return (-1);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    back = tm;
    if ((moment = timegm(&tm)) == (time_t) -1 || gmtime_r(&moment, &tm) == 0
	|| tm.tm_year != back.tm_year || tm.tm_mon != back.tm_mon
	|| tm.tm_mday != back.tm_mday || tm.tm_hour != back.tm_hour
	|| tm.tm_min != back.tm_min || tm.tm_sec != back.tm_sec)
	return (-1);
    *when = moment;
    return (0);
}

/* wrap_format_expiry - the moment as wrap_parse_expiry() reads it; 0, or
 * -1 when it does not fit in size bytes (17 always do) */
int     wrap_format_expiry(time_t when, char *text, size_t size)
{
    struct tm tm;

    if (gmtime_r(&when, &tm) == 0 || strftime(text, size, "%Y%m%dT%H%M%SZ", &tm) == 0)
	return (-1);
    return (0);
}

/*
 * wrap_parse_duration - "90", "90s", "30m", "12h", "7d" or "2w" to
 * seconds: at least one second, at most a century, digits and one unit
 * letter and nothing else; 0, or -1 when the text is not one.
 */
int     wrap_parse_duration(const char *text, long *seconds)
{
    static const struct {
	char    unit;
	long    seconds;
    } units[] = {
	{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}, {0, 1},
    };
    size_t  len = strspn(text, "0123456789");
    long    value = 0;
    size_t  i;
    int     u;

    if (len == 0 || (text[len] != 0 && text[len + 1] != 0))
	return (-1);
    for (u = 0; units[u].unit != text[len]; u++)
	if (units[u].unit == 0)
	    return (-1);			/* an unknown unit */
    for (i = 0; i < len; i++)
	if ((value = value * 10 + (text[i] - '0')) > LONGEST_DURATION)
	    return (-1);
    if (value == 0 || value > LONGEST_DURATION / units[u].seconds)
	return (-1);
    *seconds = value * units[u].seconds;
    return (0);
}
