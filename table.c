/*
 * table.c - the one parser of access control tables (hosts.allow and
 * hosts.deny). hosts_access() and tcpdchk both read tables through it.
 *
 * A logical line is a run of physical lines joined at backslash-newline;
 * a backslash that ends the file joins nothing and is dropped. There is
 * no length limit, and a last line without a newline is an ordinary rule
 * (Debian cut lines at 2 KiB and dropped such a last line: README, "Where
 * we differ"). A line whose first character is "#" is a comment; blank
 * lines are skipped. A rule is "daemons : clients [: options]", split at
 * colons outside [brackets]. A NUL byte in a line makes the table
 * unreadable from there on: what follows it cannot be trusted to be what
 * the administrator meant, so the table fails closed.
 *
 * The file is read in chunks, so a one-shot process never holds a whole
 * big table. The caller chooses the scan (wrap.h): every line parsed,
 * lines that cannot match the client passed over unparsed (fast_scan.c),
 * or the table from the resident index (table_index.c).
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wrap.h"

#define CHUNK		65536		/* bytes read at a time */
#define LOW_WATER	4096		/* refill when fewer bytes remain */

static const char blanks[] = " \t\r\n";

/*
 * refill - make sure the buffer holds a whole physical line at pos (or the
 * rest of the file), keeping the chunked window small. -1 on read error.
 */
static int refill(struct wrap_table *table, int whole_line)
{
    struct wrap_text *text = &table->text;
    size_t  left = text->size - table->pos;

    while (!text->eof && (whole_line ?
			  memchr(text->bytes + table->pos, '\n', left) == 0 :
			  left < LOW_WATER)) {
	if (table->pos > 0) {			/* slide the window */
	    memmove(text->bytes, text->bytes + table->pos, left);
	    text->size = left;
	    table->pos = 0;
	}
	if (wrap_read_more(text, table->fd, table->path,
			   left < CHUNK ? CHUNK : left) < 0)
	    return (-1);
	left = text->size;
	whole_line = whole_line && !text->eof;
    }
    return (0);
}

/* wrap_table_open - open a table, to be scanned the given way */
enum wrap_result wrap_table_open(struct wrap_table *table, const char *path,
				         enum wrap_scan way,
				         struct wrap_fast_client *client)
{
    struct stat st;
    enum wrap_result status;

    memset(table, 0, sizeof(*table));
    table->path = path;
    table->way = way;
    table->fd = -1;
    table->client = client;
    table->saved_context = tcpd_context;
    if (way == WRAP_SCAN_INDEX) {
	status = wrap_index_open(path, client, &table->cursor, &table->text);
    } else if ((status = wrap_open_regular(path, &table->fd, &st)) == WRAP_YES
	       && wrap_read_more(&table->text, table->fd, path, CHUNK) < 0) {
	wrap_table_close(table);
	status = WRAP_ERR;
    }
    if (status != WRAP_YES)
	return (status);
    tcpd_context.file = (char *) path;
    tcpd_context.line = 0;
    return (WRAP_YES);
}

/* wrap_table_close - release a table and restore the report context */
void    wrap_table_close(struct wrap_table *table)
{
    if (table->fd >= 0)
	close(table->fd);
    if (table->text.cap > 0)
	free(table->text.bytes);
    free(table->rule);
    wrap_index_close(table->cursor);
    memset(&table->text, 0, sizeof(table->text));
    table->fd = -1;
    table->rule = 0;
    table->cursor = 0;
    tcpd_context = table->saved_context;
}

/* append_rule - add len bytes to the current logical line */
static enum wrap_result append_rule(struct wrap_table *table, size_t *used,
				     const char *bytes, size_t len)
{
    size_t  need = *used + len + 1;
    char   *bigger;

    if (need > table->rule_cap) {
	if ((bigger = realloc(table->rule, need * 2)) == 0) {
	    tcpd_warn("out of memory reading table");
	    return (WRAP_ERR);
	}
	table->rule = bigger;
	table->rule_cap = need * 2;
    }
    memcpy(table->rule + *used, bytes, len);
    *used += len;
    table->rule[*used] = 0;
    return (WRAP_YES);
}

/*
 * next_logical_line - join physical lines at backslash-newline into
 * table->rule. The result keeps its final newline, if it had one; a
 * backslash that ends the file is dropped. WRAP_NO at the end.
 */
static enum wrap_result next_logical_line(struct wrap_table *table)
{
    const struct wrap_text *text = &table->text;
    size_t  used = 0;
    const char *line;
    const char *nl;
    size_t  len;

    for (;;) {
	if (table->fd >= 0 && refill(table, 1) < 0)
	    return (WRAP_ERR);
	if (table->pos >= text->size)		/* end of file */
	    return (used > 0 ? WRAP_YES : WRAP_NO);
	line = text->bytes + table->pos;
	nl = memchr(line, '\n', text->size - table->pos);
	len = nl ? (size_t) (nl - line) + 1 : text->size - table->pos;
	table->pos += len;
	tcpd_context.line = ++table->line;
	if (strnlen(line, len) < len) {
	    tcpd_warn("NUL byte in table: the rest of the table is ignored (fail closed)");
	    return (WRAP_ERR);
	}
	if (nl == 0 && line[len - 1] == '\\')	/* continues into nothing */
	    return (append_rule(table, &used, line, len - 1));
	if (nl && len >= 2 && line[len - 2] == '\\') {
	    if (append_rule(table, &used, line, len - 2) != WRAP_YES)
		return (WRAP_ERR);
	    continue;
	}
	return (append_rule(table, &used, line, len));
    }
}

/* pass_over_lines - lines that cannot match: -1 on read error */
static int pass_over_lines(struct wrap_table *table)
{
    struct wrap_text *text = &table->text;
    size_t  len;

    if (table->way == WRAP_SCAN_INDEX) {
	table->pos = wrap_index_next(table->cursor, table->pos, &table->line);
	return (0);
    }
    do {
	if (table->fd >= 0 && refill(table, 0) < 0)
	    return (-1);
	len = wrap_pass_over_lines(text->bytes + table->pos,
				   text->size - table->pos,
				   table->client, &table->line);
	table->pos += len;
    } while (len > 0);
    return (0);
}

/* wrap_table_next - the next rule, skipping comments and blank lines */
enum wrap_result wrap_table_next(struct wrap_table *table, struct wrap_rule *rule)
{
    enum wrap_result status;
    char   *line;

    for (;;) {
	if (table->way != WRAP_SCAN_EVERY_LINE && pass_over_lines(table) < 0)
	    return (WRAP_ERR);
	if ((status = next_logical_line(table)) != WRAP_YES)
	    return (status);
	line = table->rule;
	if (line[0] == '#' || line[strspn(line, blanks)] == 0)
	    continue;
	rule->line = table->line;
	rule->daemons = line;
	if ((rule->clients = split_at(line, ':')) == 0) {
	    tcpd_warn("missing \":\" separator");
	    continue;
	}
	rule->options = split_at(rule->clients, ':');
	return (WRAP_YES);
    }
}
