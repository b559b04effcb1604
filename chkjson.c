/*
 * chkjson.c - tcpdchk --json: the report as one JSON document on stdout,
 * instead of prose.
 *
 *	{"program": "tcpdchk",
 *	 "files": [{"path", "table", "status", "why"}...],
 *	 "rules": [{"file", "line", "table", "daemons": [...], "clients": [...],
 *		    "options": [{"name", "value"}...], "verdict"}...],
 *	 "findings": [{"file", "line", "severity", "kind", "message"}...],
 *	 "not_checked": [{"file", "line", "name"}...]}
 *
 * Findings are what tcpdchk prints as warning: and error: lines, caught
 * on the library's one reporting path: the severity is the tag that
 * tcpd_warn or tcpd_jump gave it, the file and line are tcpd_context when
 * it was reported (null when it is about no line), the message is the
 * text after them, and the kind is the one named where it was issued
 * (warn_kind, kind_begin: scaffold.h), "other" where none was. Lists are
 * split into words by the matcher's wrap_list_next and options by the
 * library's wrap_option_next, as tcpdchk's prose shows them. Strings are
 * escaped for any bytes (json.c).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "wrap.h"
#include "scaffold.h"
#include "json.h"
#include "chkjson.h"

/* The sections of the document, each built as a JSON array body. */
struct section {
    struct json json;
    size_t  count;
};

static struct section files;
static struct section rules;
static struct section findings;
static struct section not_checked;

/* The last finding, kept back (see json_finding). */
static struct {
    char   *file;			/* or 0 */
    int     line;
    const char *severity;
    const char *kind;
    char   *message;			/* 0: none kept */
} pending;

/* section_item - start one more element of a section */
static struct json *section_item(struct section *section)
{
    if (section->count++ > 0)
	json_raw(&section->json, ",");
    return (&section->json);
}

/* add_place - "file" and "line", the line only with a file */
static void add_place(struct json *json, const char *file, int line)
{
    json_key(json, "file", 1);
    json_string(json, file);
    json_key(json, "line", 0);
    if (file)
	json_int(json, line);
    else
	json_raw(json, "null");
}

/* strip_place - the message after "file, line n: ", when it starts so
 * (with control characters made "?", as the report made them) */
static const char *strip_place(const char *text)
{
    char   *place;
    char   *cp;
    const char *message = text;

    if (tcpd_context.file == 0
	|| asprintf(&place, "%s, line %d: ", tcpd_context.file, tcpd_context.line) < 0)
	return (message);
    for (cp = place; *cp; cp++)
	if (((unsigned char) *cp < ' ' && *cp != '\t') || *cp == 0x7f)
	    *cp = '?';
    if (strncmp(text, place, strlen(place)) == 0)
	message = text + strlen(place);
    free(place);
    return (message);
}

/* put_pending - the finding kept back, into its section */
static void put_pending(void)
{
    struct json *json;

    if (pending.message == 0)
	return;
    json = section_item(&findings);
    json_raw(json, "{");
    add_place(json, pending.file, pending.line);
    json_key(json, "severity", 0);
    json_string(json, pending.severity);
    json_key(json, "kind", 0);
    json_string(json, pending.kind);
    json_key(json, "message", 0);
    json_string(json, pending.message);
    json_raw(json, "}");
    free(pending.file);
    free(pending.message);
    memset(&pending, 0, sizeof(pending));
}

/* json_finding - the report function: one finding per warning or error,
 * kept back until the next so that its kind can still change */
static void json_finding(int priority, const char *text)
{
    if (priority != LOG_ERR)
	return;					/* option: lines and the like */
    count_finding();
    put_pending();
    pending.severity = "warning";
    if (strncmp(text, "warning: ", 9) == 0) {
	text += 9;
    } else if (strncmp(text, "error: ", 7) == 0) {
	pending.severity = "error";
	text += 7;
    }
    pending.file = tcpd_context.file ? xstrdup(tcpd_context.file) : 0;
    pending.line = tcpd_context.line;
    pending.kind = finding_kind ? finding_kind : "other";
    pending.message = xstrdup(strip_place(text));
}

/* json_note - a check that --no-dns did not make */
static void json_note(const char *host)
{
    struct json *json = section_item(&not_checked);

    json_raw(json, "{");
    add_place(json, tcpd_context.file, tcpd_context.line);
    json_key(json, "name", 0);
    json_string(json, host);
    json_raw(json, "}");
}

/* chkjson_start - from now on, reports and notes go into the document */
void    chkjson_start(void)
{
    wrap_report_to(json_finding);
    notes_to(json_note);
}

/* chkjson_file - a file of a table: read, missing, failed or skipped */
void    chkjson_file(const char *path, const char *table, const char *status,
		             const char *why)
{
    struct json *json = section_item(&files);

    json_raw(json, "{");
    json_key(json, "path", 1);
    json_string(json, path);
    json_key(json, "table", 0);
    json_string(json, table);
    json_key(json, "status", 0);
    json_string(json, status);
    json_key(json, "why", 0);
    json_string(json, why);
    json_raw(json, "}");
}

/* add_words - a list as an array of its words */
static void add_words(struct json *json, const char *list)
{
    char   *copy = xstrdup(list);
    char   *cursor = copy;
    const char *word;
    int     first = 1;

    json_raw(json, "[");
    while ((word = wrap_list_next(&cursor)) != 0) {
	if (!first)
	    json_raw(json, ",");
	json_string(json, word);
	first = 0;
    }
    json_raw(json, "]");
    free(copy);
}

/* add_options - the options of a rule as an array of name and value */
static void add_options(struct json *json, const char *options)
{
    char   *copy = xstrdup(options ? options : "");
    char   *cursor = copy;
    char   *key;
    char   *value;
    int     first = 1;

    json_raw(json, "[");
    while ((key = wrap_option_next(&cursor, &value)) != 0) {
	if (!first)
	    json_raw(json, ",");
	json_raw(json, "{");
	json_key(json, "name", 1);
	json_string(json, key);
	json_key(json, "value", 0);
	json_string(json, value);
	json_raw(json, "}");
	first = 0;
    }
    json_raw(json, "]");
    free(copy);
}

/* chkjson_rule_begin - a rule, all but its verdict (before its options
 * run: running them cuts the option text) */
void    chkjson_rule_begin(const struct wrap_rule *rule, const char *table)
{
    struct json *json = section_item(&rules);

    json_raw(json, "{");
    add_place(json, tcpd_context.file, tcpd_context.line);
    json_key(json, "table", 0);
    json_string(json, table);
    json_key(json, "daemons", 0);
    add_words(json, rule->daemons);
    json_key(json, "clients", 0);
    add_words(json, rule->clients);
    json_key(json, "options", 0);
    add_options(json, rule->options);
}

/* chkjson_rule_end - the verdict of the rule begun last */
void    chkjson_rule_end(int verdict)
{
    json_key(&rules.json, "verdict", 0);
    json_string(&rules.json, verdict ? "granted" : "denied");
    json_raw(&rules.json, "}");
}

/* chkjson_relabel - the last finding, if of kind from, is of kind to */
void    chkjson_relabel(const char *from, const char *to)
{
    if (pending.message != 0 && strcmp(pending.kind, from) == 0)
	pending.kind = to;
}

/* put_section - "name": [ ... ] */
static void put_section(const char *name, struct section *section, int first)
{
    printf("%s\"%s\":[", first ? "" : ",\n", name);
    json_flush(&section->json, stdout);
    printf("]");
    json_free(&section->json);
    section->count = 0;
}

/* chkjson_finish - the whole document on stdout */
void    chkjson_finish(void)
{
    put_pending();
    printf("{\"program\":\"tcpdchk\",\n");
    put_section("files", &files, 1);
    put_section("rules", &rules, 0);
    put_section("findings", &findings, 0);
    put_section("not_checked", &not_checked, 0);
    printf("}\n");
}
