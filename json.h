/*
 * json.h - writing JSON (json.c): a text that grows, and strings escaped
 * for any bytes.
 */

#ifndef JSON_H
#define JSON_H

#include <stddef.h>
#include <stdio.h>

struct json {
    char   *text;			/* malloc'd, NUL-terminated, or 0 */
    size_t  len;
    size_t  cap;
};

extern void json_add(struct json *json, const char *bytes, size_t len);
extern void json_raw(struct json *json, const char *text);
extern void json_int(struct json *json, long value);
extern void json_string_n(struct json *json, const char *bytes, size_t len);
extern void json_string(struct json *json, const char *text);
extern void json_key(struct json *json, const char *key, int first);
extern void json_flush(struct json *json, FILE *fp);
extern void json_free(struct json *json);

#endif /* JSON_H */
