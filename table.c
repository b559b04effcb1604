/*
 * table.c - the one parser of access control tables (hosts.allow and
 * hosts.deny). hosts_access() and tcpdchk both read tables through it.
 *
 * A logical line is a run of physical lines joined at backslash-newline;
 * there is no length limit (SPEC decision 4c) and a last line without a
 * newline is an ordinary rule (decision 4d). A line whose first character
 * is "#" is a comment; blank lines are skipped. A rule is
 * "daemons : clients [: options]", split at colons outside [brackets].
 * A NUL byte in a line makes the table unreadable from there on (decision
 * 7d), and a file that is not a regular file is never read (decision 7b).
 *
 * The file is read in chunks, so a one-shot process never holds a whole
 * big table. With a fast client, lines that cannot match it are passed
 * over unparsed (fast_scan.c); a resident process gets the
 * table from the in-memory index instead (table_index.c).
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
 * wrap_open_regular - open a file that must be a regular file, without
 * ever blocking on a FIFO or a device. -2: it does not exist; -1: any
 * other problem (warned).
 */
int     wrap_open_regular(const char *path, struct stat *st)
{
    int     fd;

    if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
	if (errno == ENOENT)
	    return (-2);
	tcpd_warn("cannot open %s: %m", path);
	return (-1);
    }
    if (fstat(fd, st) < 0) {
	tcpd_warn("cannot stat %s: %m", path);
    } else if (!S_ISREG(st->st_mode)) {
	tcpd_warn("cannot open %s: not a regular file", path);
    } else {
	return (fd);
    }
    close(fd);
    return (-1);
}

/*
 * read_more - append what the file has to the buffer; -1 (warned) on
 * error. The text is NUL-terminated and followed by WRAP_TEXT_PAD more
 * bytes, so the fast path may read a few words past the end.
 */
static int read_more(struct wrap_table *table, size_t want)
{
    char   *bigger;
    ssize_t got;

    if (table->size + want + 1 + WRAP_TEXT_PAD > table->cap) {
	if ((bigger = realloc(table->text, table->size + want + 1 + WRAP_TEXT_PAD)) == 0) {
	    tcpd_warn("cannot read %s: out of memory", table->path);
	    return (-1);
	}
	table->text = bigger;
	table->cap = table->size + want + 1 + WRAP_TEXT_PAD;
    }
    while ((got = read(table->fd, table->text + table->size, want)) < 0) {
	if (errno != EINTR) {
	    tcpd_warn("cannot read %s: %m", table->path);
	    return (-1);
	}
    }
    table->size += (size_t) got;
    table->text[table->size] = 0;
    table->eof = (got == 0);
    return (0);
}

/*
 * refill - make sure the buffer holds a whole physical line at pos (or the
 * rest of the file), keeping the chunked window small. -1 on read error.
 */
static int refill(struct wrap_table *table, int whole_line)
{
    size_t  left = table->size - table->pos;

    while (!table->eof && (whole_line ?
			   memchr(table->text + table->pos, '\n', left) == 0 :
			   left < LOW_WATER)) {
	if (table->pos > 0) {			/* slide the window */
	    memmove(table->text, table->text + table->pos, left);
	    table->size = left;
	    table->pos = 0;
	}
	if (read_more(table, left < CHUNK ? CHUNK : left) < 0)
	    return (-1);
	left = table->size;
	whole_line = whole_line && !table->eof;
    }
    return (0);
}

/*
 * wrap_read_file - read a whole regular file (a /file pattern list).
 * WRAP_NO if it does not exist, WRAP_ERR (warned) if it cannot be read.
 */
int     wrap_read_file(const char *path, char **text, size_t *size)
{
    struct stat st;

    return (wrap_read_file_stat(path, text, size, &st));
}

/* wrap_read_file_stat - wrap_read_file(), also telling the file's identity */
int     wrap_read_file_stat(const char *path, char **text, size_t *size,
			            struct stat *st)
{
    struct wrap_table file;

    memset(&file, 0, sizeof(file));
    file.path = path;
    if ((file.fd = wrap_open_regular(path, st)) < 0)
	return (file.fd == -2 ? WRAP_NO : WRAP_ERR);
    while (!file.eof && read_more(&file, CHUNK) == 0)
	 /* read on */ ;
    close(file.fd);
    if (!file.eof) {
	free(file.text);
	return (WRAP_ERR);
    }
    *text = file.text;
    *size = file.size;
    return (WRAP_YES);
}

/* start - common part of opening a table */
static void start(struct wrap_table *table, const char *path,
		          struct wrap_fast_client *client)
{
    memset(table, 0, sizeof(*table));
    table->path = path;
    table->fd = -1;
    table->fast_client = client;
    table->saved_context = tcpd_context;
}

/* wrap_table_open_fast - open a table, passing over lines client can't match */
int     wrap_table_open_fast(struct wrap_table *table, const char *path,
			             struct wrap_fast_client *client)
{
    struct stat st;
    int     status;

    start(table, path, client);
    if (client != 0 && resident > 0) {
	if ((status = wrap_index_open(table, path, client)) != WRAP_YES)
	    return (status);
    } else {
	if ((table->fd = wrap_open_regular(path, &st)) < 0)
	    return (table->fd == -2 ? WRAP_NO : WRAP_ERR);
	if (read_more(table, CHUNK) < 0) {
	    wrap_table_close(table);
	    return (WRAP_ERR);
	}
    }
    tcpd_context.file = (char *) path;
    tcpd_context.line = 0;
    return (WRAP_YES);
}

/* wrap_table_open - open a table to read every rule (tcpdchk) */
int     wrap_table_open(struct wrap_table *table, const char *path)
{
    return (wrap_table_open_fast(table, path, 0));
}

/* wrap_table_close - release a table and restore the report context */
void    wrap_table_close(struct wrap_table *table)
{
    if (table->fd >= 0)
	close(table->fd);
    if (table->cap > 0)
	free(table->text);
    free(table->rule);
    wrap_index_close(table);
    table->fd = -1;
    table->text = table->rule = 0;
    tcpd_context = table->saved_context;
}

/* append_rule - add len bytes to the current logical line */
static int append_rule(struct wrap_table *table, size_t *used,
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
 * table->rule. The result keeps its final newline, if it had one.
 */
static int next_logical_line(struct wrap_table *table)
{
    size_t  used = 0;
    const char *line;
    const char *nl;
    size_t  len;

    for (;;) {
	if (table->fd >= 0 && refill(table, 1) < 0)
	    return (WRAP_ERR);
	if (table->pos >= table->size)
	    return (used > 0 ? WRAP_YES : WRAP_NO);	/* end of file */
	line = table->text + table->pos;
	nl = memchr(line, '\n', table->size - table->pos);
	len = nl ? (size_t) (nl - line) + 1 : table->size - table->pos;
	table->pos += len;
	tcpd_context.line = ++table->line;
	if (strnlen(line, len) < len) {
	    tcpd_warn("NUL byte in table: the rest of the table is ignored (fail closed)");
	    return (WRAP_ERR);
	}
	if (nl && len >= 2 && line[len - 2] == '\\') {
	    if (append_rule(table, &used, line, len - 2) == WRAP_ERR)
		return (WRAP_ERR);
	    continue;
	}
	return (append_rule(table, &used, line, len));
    }
}

/* pass_over_irrelevant_lines - the fast path: skip what cannot match */
static int pass_over_irrelevant_lines(struct wrap_table *table)
{
    size_t  len;

    if (table->cursor != 0) {
	wrap_index_skip(table);
	return (0);
    }
    do {
	if (table->fd >= 0 && refill(table, 0) < 0)
	    return (-1);
	len = wrap_lines_cannot_match(table->text + table->pos,
				      table->size - table->pos,
				      table->fast_client, &table->line);
	table->pos += len;
    } while (len > 0);
    return (0);
}

/* wrap_table_next - the next rule, skipping comments and blank lines */
int     wrap_table_next(struct wrap_table *table, struct wrap_rule *rule)
{
    int     status;
    char   *line;

    for (;;) {
	if (table->fast_client && pass_over_irrelevant_lines(table) < 0)
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
