/*
 * table.c - the one parser of access control tables (hosts.allow and
 * hosts.deny). hosts_access() and tcpdchk both read tables through it.
 *
 * A table is read whole. A logical line is a run of physical lines joined
 * at backslash-newline; there is no length limit (SPEC decision 4c) and a
 * last line without a newline is an ordinary rule (decision 4d). A line
 * whose first character is "#" is a comment; blank lines are skipped. A
 * rule is "daemons : clients [: options]", split at colons outside
 * [brackets]. A NUL byte makes the table unreadable (decision 7d), and a
 * table that is not a regular file is never read (decision 7b).
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wrap.h"

static const char blanks[] = " \t\r\n";

/* read_all - read fd to end of file into a NUL-terminated malloc'd buffer */
static int read_all(int fd, size_t hint, char **text, size_t *size)
{
    size_t  cap = hint + 2;
    size_t  used = 0;
    ssize_t got;
    char   *buf = malloc(cap);
    char   *bigger;

    while (buf != 0) {
	if (used + 1 >= cap) {
	    if ((bigger = realloc(buf, cap * 2)) == 0)
		break;
	    buf = bigger;
	    cap *= 2;
	}
	got = read(fd, buf + used, cap - used - 1);
	if (got == 0) {
	    buf[used] = 0;
	    *text = buf;
	    *size = used;
	    return (0);
	}
	if (got < 0 && errno != EINTR)
	    break;
	if (got > 0)
	    used += (size_t) got;
    }
    free(buf);
    return (-1);
}

/*
 * wrap_read_file - read a whole regular file. WRAP_NO if it does not exist,
 * WRAP_ERR (warned) if it cannot be read or is not a regular file.
 */
int     wrap_read_file(const char *path, char **text, size_t *size)
{
    struct stat st;
    int     fd;
    int     status = WRAP_ERR;

    if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
	if (errno == ENOENT)
	    return (WRAP_NO);
	tcpd_warn("cannot open %s: %m", path);
	return (WRAP_ERR);
    }
    if (fstat(fd, &st) < 0) {
	tcpd_warn("cannot stat %s: %m", path);
    } else if (!S_ISREG(st.st_mode)) {
	tcpd_warn("cannot open %s: not a regular file", path);
    } else if (read_all(fd, (size_t) st.st_size, text, size) < 0) {
	tcpd_warn("cannot read %s: %m", path);
    } else {
	status = WRAP_YES;
    }
    close(fd);
    return (status);
}

/*
 * has_nul_byte - a NUL byte makes the whole table unreadable (decision 7d:
 * Debian silently ignored the rest of the file). Warns with its line.
 */
static int has_nul_byte(const struct wrap_table *table)
{
    const char *nul = memchr(table->text, 0, table->size);
    const char *cp;

    if (nul == 0)
	return (0);
    tcpd_context.line = 1;
    for (cp = table->text; (cp = memchr(cp, '\n', (size_t) (nul - cp))) != 0; cp++)
	tcpd_context.line++;
    tcpd_warn("NUL byte in table: the whole table is ignored (fail closed)");
    return (1);
}

/* wrap_table_open - read a table and start at its first rule */
int     wrap_table_open(struct wrap_table *table, const char *path)
{
    int     status;

    memset(table, 0, sizeof(*table));
    table->path = path;
    table->saved_context = tcpd_context;
    status = wrap_read_file(path, &table->text, &table->size);
    if (status != WRAP_YES)
	return (status);
    tcpd_context.file = (char *) path;
    tcpd_context.line = 0;
    if (has_nul_byte(table)) {
	wrap_table_close(table);
	return (WRAP_ERR);
    }
    return (WRAP_YES);
}

/* wrap_table_close - release a table and restore the report context */
void    wrap_table_close(struct wrap_table *table)
{
    free(table->text);
    free(table->rule);
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
    const char *start;
    const char *end;
    size_t  len;

    if (table->pos >= table->size)
	return (WRAP_NO);
    while (table->pos < table->size) {
	start = table->text + table->pos;
	end = memchr(start, '\n', table->size - table->pos);
	len = end ? (size_t) (end - start) + 1 : table->size - table->pos;
	table->pos += len;
	tcpd_context.line = ++table->line;
	if (end && len >= 2 && start[len - 2] == '\\') {
	    if (append_rule(table, &used, start, len - 2) == WRAP_ERR)
		return (WRAP_ERR);
	    continue;
	}
	return (append_rule(table, &used, start, len));
    }
    return (WRAP_YES);				/* continuation at end of file */
}

/* pass_over_irrelevant_lines - the fast path: skip what cannot match */
static void pass_over_irrelevant_lines(struct wrap_table *table)
{
    size_t  len;

    if (table->fast_client == 0)
	return;
    while (table->pos < table->size
	   && (len = wrap_line_cannot_match(table->text + table->pos,
					    table->size - table->pos,
					    table->fast_client)) > 0) {
	table->pos += len;
	table->line++;
    }
}

/* wrap_table_next - the next rule, skipping comments and blank lines */
int     wrap_table_next(struct wrap_table *table, struct wrap_rule *rule)
{
    int     status;
    char   *line;

    for (;;) {
	pass_over_irrelevant_lines(table);
	if ((status = next_logical_line(table)) != WRAP_YES)
	    break;
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
    return (status);
}
