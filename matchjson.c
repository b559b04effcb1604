/*
 * matchjson.c - tcpdmatch --json: the predictions as one JSON document on
 * stdout, instead of prose.
 *
 *	{"program": "tcpdmatch",
 *	 "warnings": [...],
 *	 "predictions": [{"daemon", "client": {"name", "address", "user"},
 *			  "server": {"name", "address"}, "verdict", "rule",
 *			  "options": [{"name", "value"}...],
 *			  "warnings": [...]}...]}
 *
 * One prediction per client address, as in the prose. The library's
 * reports are caught on its one reporting path: the last "matched:" line
 * is the rule that decided ({"file", "line"}), "default" when none did;
 * each "option:" line is an option as it would run (its value %-expanded);
 * warnings and errors are kept as the prose prints them, in the
 * prediction during which they were reported, or at the top for those
 * reported outside any (inetd.conf, name lookups). Unknown values are
 * null. Strings are escaped for any bytes (json.c).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "wrap.h"
#include "scaffold.h"
#include "json.h"
#include "matchjson.h"

static struct json top_warnings;	/* array body */
static struct json predictions;		/* array body */
static size_t prediction_count;

/* What the library reported during the current prediction. */
static struct {
    int     active;			/* a prediction is under way */
    char   *matched;			/* "file line n" text, or 0 */
    struct json options;		/* array body */
    struct json warnings;		/* array body */
} current;

/* append_item - one more element of an array body */
static void append_item(struct json *json, const char *text)
{
    if (json->len > 0)
	json_raw(json, ",");
    json_string(json, text);
}

/* append_option - an "option:   key value" report as {"name", "value"} */
static void append_option(const char *text)
{
    const char *key = text + strspn(text, " ");
    size_t  key_len = strcspn(key, " ");
    const char *value = key[key_len] ? key + key_len + 1 : "";

    if (current.options.len > 0)
	json_raw(&current.options, ",");
    json_raw(&current.options, "{");
    json_key(&current.options, "name", 1);
    json_string_n(&current.options, key, key_len);
    json_key(&current.options, "value", 0);
    json_string(&current.options, *value ? value : (char *) 0);
    json_raw(&current.options, "}");
}

/* json_report - the report function: catch what a prediction needs */
static void json_report(int priority, const char *text)
{
    (void) priority;
    if (strncmp(text, "matched:", 8) == 0 && current.active) {
	free(current.matched);
	current.matched = xstrdup(text + 8 + strspn(text + 8, " "));
    } else if (strncmp(text, "option:", 7) == 0 && current.active) {
	append_option(text + 7);
    } else if (strncmp(text, "expired:", 8) != 0) {
	append_item(current.active ? &current.warnings : &top_warnings, text);
    }
}

/* matchjson_start - from now on, reports go into the document */
void    matchjson_start(void)
{
    wrap_report_to(json_report);
}

/* matchjson_begin - a prediction starts */
void    matchjson_begin(void)
{
    current.active = 1;
}

/* add_value - a known value, or null */
static void add_value(struct json *json, const char *key, const char *value)
{
    json_key(json, key, 0);
    json_string(json, STR_NE(value, unknown) && value[0] ? value : (char *) 0);
}

/* add_endpoint - {"name", "address"} of a host, and "user" unless 0 */
static void add_endpoint(struct json *json, const char *key,
			         struct host_info *host, const char *user)
{
    json_key(json, key, 0);
    json_raw(json, "{");
    json_key(json, "name", 1);
    json_string(json, STR_NE(eval_hostname(host), unknown)
		? eval_hostname(host) : (char *) 0);
    add_value(json, "address", eval_hostaddr(host));
    if (user != 0)
	add_value(json, "user", user);
    json_raw(json, "}");
}

/* add_rule - the rule that decided: {"file", "line"} from "file line n",
 * or what decided instead */
static void add_rule(struct json *json, const char *matched,
		             const char *instead)
{
    const char *at = matched ? strrchr(matched, ' ') : 0;
    const char *line_word;

    json_key(json, "rule", 0);
    if (at == 0 || at - matched < 5 || strncmp(at - 5, " line", 5) != 0) {
	json_string(json, instead);
	return;
    }
    line_word = at + 1;
    json_raw(json, "{");
    json_key(json, "file", 1);
    json_string_n(json, matched, (size_t) (at - 5 - matched));
    json_key(json, "line", 0);
    json_int(json, atol(line_word));
    json_raw(json, "}");
}

/* add_body - the body of an array built apart */
static void add_body(struct json *json, const struct json *body)
{
    if (body->len > 0)
	json_add(json, body->text, body->len);
}

/* matchjson_end - the prediction ends with this verdict; instead: what
 * decided when no rule did */
void    matchjson_end(struct request_info *request, const char *verdict,
		              const char *instead)
{
    struct json *json = &predictions;

    if (prediction_count++ > 0)
	json_raw(json, ",");
    json_raw(json, "{");
    json_key(json, "daemon", 1);
    json_string(json, eval_daemon(request));
    add_endpoint(json, "client", request->client, eval_user(request));
    add_endpoint(json, "server", request->server, (char *) 0);
    json_key(json, "verdict", 0);
    json_string(json, verdict);
    add_rule(json, current.matched, instead);
    json_key(json, "options", 0);
    json_raw(json, "[");
    add_body(json, &current.options);
    json_raw(json, "]");
    json_key(json, "warnings", 0);
    json_raw(json, "[");
    add_body(json, &current.warnings);
    json_raw(json, "]}");
    free(current.matched);
    json_free(&current.options);
    json_free(&current.warnings);
    memset(&current, 0, sizeof(current));
}

/* matchjson_finish - the whole document on stdout */
void    matchjson_finish(void)
{
    printf("{\"program\":\"tcpdmatch\",\n\"warnings\":[");
    json_flush(&top_warnings, stdout);
    printf("],\n\"predictions\":[");
    json_flush(&predictions, stdout);
    printf("]}\n");
    json_free(&top_warnings);
    json_free(&predictions);
    fflush(stdout);
}
