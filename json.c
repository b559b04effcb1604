/*
 * json.c - writing JSON for tcpdchk --json and tcpdmatch --json: a text
 * that grows as values are appended, and strings escaped for whatever
 * bytes the tables, file names or messages hold.
 *
 * A string is written as UTF-8: well-formed UTF-8 sequences are kept as
 * they are; '"' and '\\' are escaped; every control character (below
 * 0x20, and 0x7f) is written as \u00XX; every byte that does not belong
 * to a well-formed sequence (a stray continuation byte, a truncated
 * sequence, an overlong form, a surrogate, a code point above U+10FFFF)
 * is written as \uFFFD, the replacement character, one per byte. So the
 * document is always valid JSON and valid UTF-8, and text that was valid
 * UTF-8 comes back byte for byte; invalid bytes cannot be recovered.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scaffold.h"
#include "json.h"

/* json_add - append len bytes */
void    json_add(struct json *json, const char *bytes, size_t len)
{
    if (json->len + len + 1 > json->cap) {
	json->cap = (json->len + len + 1) * 2;
	json->text = xrealloc(json->text, json->cap);
    }
    memcpy(json->text + json->len, bytes, len);
    json->len += len;
    json->text[json->len] = 0;
}

/* json_raw - append text as it is (punctuation, numbers, literals) */
void    json_raw(struct json *json, const char *text)
{
    json_add(json, text, strlen(text));
}

/* json_int - append a number */
void    json_int(struct json *json, long value)
{
    char    text[32];

    snprintf(text, sizeof(text), "%ld", value);
    json_raw(json, text);
}

/* continuation - is byte a UTF-8 continuation byte within [low, high]? */
static int continuation(unsigned char byte, unsigned char low,
		                unsigned char high)
{
    return (byte >= low && byte <= high);
}

/*
 * utf8_length - the length of the well-formed UTF-8 sequence at s (of at
 * most avail bytes) that starts with a byte of 0x80 or more; 0 if there
 * is none (Unicode's table of well-formed byte sequences).
 */
static size_t utf8_length(const unsigned char *s, size_t avail)
{
    unsigned char low = 0x80;
    unsigned char high = 0xbf;
    size_t  len;
    size_t  i;

    if (s[0] >= 0xc2 && s[0] <= 0xdf)
	len = 2;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
	len = 3;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
	len = 4;
    else
	return (0);
    if (s[0] == 0xe0)
	low = 0xa0;				/* no overlong forms */
    else if (s[0] == 0xed)
	high = 0x9f;				/* no surrogates */
    else if (s[0] == 0xf0)
	low = 0x90;
    else if (s[0] == 0xf4)
	high = 0x8f;				/* nothing above U+10FFFF */
    if (avail < len || !continuation(s[1], low, high))
	return (0);
    for (i = 2; i < len; i++)
	if (!continuation(s[i], 0x80, 0xbf))
	    return (0);
    return (len);
}

/* json_string_n - append bytes[0..len) as a JSON string */
void    json_string_n(struct json *json, const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *) bytes;
    char    escape[8];
    size_t  i;
    size_t  n;

    json_raw(json, "\"");
    for (i = 0; i < len; i += n) {
	n = 1;
	if (s[i] == '"' || s[i] == '\\') {
	    escape[0] = '\\';
	    escape[1] = (char) s[i];
	    json_add(json, escape, 2);
	} else if (s[i] < 0x20 || s[i] == 0x7f) {
	    snprintf(escape, sizeof(escape), "\\u%04x", s[i]);
	    json_raw(json, escape);
	} else if (s[i] < 0x80) {
	    json_add(json, bytes + i, 1);
	} else if ((n = utf8_length(s + i, len - i)) > 0) {
	    json_add(json, bytes + i, n);
	} else {
	    json_raw(json, "\\ufffd");
	    n = 1;
	}
    }
    json_raw(json, "\"");
}

/* json_string - append a string, or null for a null pointer */
void    json_string(struct json *json, const char *text)
{
    if (text == 0)
	json_raw(json, "null");
    else
	json_string_n(json, text, strlen(text));
}

/* json_key - append "key": (after a comma unless first) */
void    json_key(struct json *json, const char *key, int first)
{
    if (!first)
	json_raw(json, ",");
    json_string(json, key);
    json_raw(json, ":");
}

/* json_flush - write the text out and empty it */
void    json_flush(struct json *json, FILE *fp)
{
    if (json->len > 0)
	fwrite(json->text, 1, json->len, fp);
    json->len = 0;
    if (json->text)
	json->text[0] = 0;
}

/* json_free - release the text */
void    json_free(struct json *json)
{
    free(json->text);
    memset(json, 0, sizeof(*json));
}
