/*
 * inetcf.c - read inetd.conf for tcpdmatch and tcpdchk, with the guesses
 * and warnings of Debian's: which services run through tcpd, which
 * probably do not, and what looks wrong in the way they are run (missing
 * or non-executable programs, tcpd calling itself or inserted before the
 * daemon path, a set-uid tcpd).
 *
 * The file is read with backslash-newline continuation and no line length
 * limit; tcpd_context names the file and the physical line for warnings.
 * The layout is guessed as in 7.6, so tlid.conf-like files work too.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrap.h"
#include "inetcf.h"
#include "scaffold.h"

#define DEFAULT_INETD_CONF "/etc/inetd.conf"	/* Debian looks only here */
#define NEAR_MAX	64		/* longest name inet_near() compares */

/* Everything known about one service name; the last one set wins. */
struct inet_ent {
    struct inet_ent *next;
    int     type;			/* WR_* */
    int     configured;		/* named in inetd.conf */
    char    name[];
};

static struct inet_ent *inet_list;

static const char whitespace[] = " \t\r\n";

/* next_token - the next whitespace-separated word at *cursor, or 0 */
static char *next_token(char **cursor)
{
    char   *word = *cursor + strspn(*cursor, whitespace);
    char   *end;

    if (*word == 0) {
	*cursor = word;
	return (0);
    }
    end = word + strcspn(word, whitespace);
    *cursor = *end ? end + 1 : end;
    *end = 0;
    return (word);
}

/* base_name - last component of a path */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return (slash ? slash + 1 : path);
}

/* remember - record a service's status */
static void remember(const char *name, int type, int configured)
{
    size_t  len = strlen(name);
    struct inet_ent *ip = xmalloc(sizeof(*ip) + len + 1);

    memcpy(ip->name, name, len + 1);
    ip->type = type;
    ip->configured = configured;
    ip->next = inet_list;
    inet_list = ip;
}

/* inet_set - remember a service's status */
void    inet_set(const char *name, int type)
{
    remember(name, type, 0);
}

/* inet_get - a service's status; WR_MAYBE when nothing is known at all */
int     inet_get(const char *name)
{
    const struct inet_ent *ip;

    if (inet_list == 0)
	return (WR_MAYBE);
    for (ip = inet_list; ip; ip = ip->next)
	if (STR_EQ(ip->name, name))
	    return (ip->type);
    return (WR_UNKNOWN);
}

/* distance - case-insensitive edit distance with transpositions */
static size_t distance(const char *a, const char *b)
{
    size_t  la = strlen(a);
    size_t  lb = strlen(b);
    size_t  d[NEAR_MAX + 1][NEAR_MAX + 1];
    size_t  i;
    size_t  j;
    size_t  cost;
    size_t  best;

    for (i = 0; i <= la; i++)
	d[i][0] = i;
    for (j = 0; j <= lb; j++)
	d[0][j] = j;
    for (i = 1; i <= la; i++) {
	for (j = 1; j <= lb; j++) {
	    cost = STRN_NE(a + i - 1, b + j - 1, 1);
	    best = d[i - 1][j - 1] + cost;
	    if (d[i - 1][j] + 1 < best)
		best = d[i - 1][j] + 1;
	    if (d[i][j - 1] + 1 < best)
		best = d[i][j - 1] + 1;
	    if (i > 1 && j > 1 && STRN_EQ(a + i - 1, b + j - 2, 1)
		&& STRN_EQ(a + i - 2, b + j - 1, 1) && d[i - 2][j - 2] + 1 < best)
		best = d[i - 2][j - 2] + 1;
	    d[i][j] = best;
	}
    }
    return (d[la][lb]);
}

/*
 * inet_near - a service name from inetd.conf that name is probably a typo
 * of: at most one edit away (two for names of six or more characters),
 * the closest one; 0 if there is none.
 */
const char *inet_near(const char *name)
{
    const struct inet_ent *ip;
    const char *best = 0;
    size_t  limit = strlen(name) >= 6 ? 2 : 1;
    size_t  best_distance = limit + 1;
    size_t  d;

    if (strlen(name) > NEAR_MAX)
	return (0);
    for (ip = inet_list; ip; ip = ip->next) {
	if (!ip->configured || strlen(ip->name) > NEAR_MAX)
	    continue;
	if ((d = distance(name, ip->name)) > 0 && d <= best_distance) {
	    best = ip->name;
	    best_distance = d;
	}
    }
    return (best);
}

/* check_program - warn when a program is missing or not executable */
static int check_program(const char *path, struct stat *st)
{
    if (check_path(path, st) < 0) {
	tcpd_warn("%s: not found: %m", path);
	return (-1);
    }
    if ((st->st_mode & 0100) == 0)
	tcpd_warn("%s: not executable", path);
    return (0);
}

/* tcpd_entry - examine a service run by tcpd: WR_YES */
static int tcpd_entry(const char *path, const struct stat *tcpd_st,
		              const char *arg0, const char *arg1,
		              const char *name)
{
    struct stat st;
    char   *daemon;

    if (STR_EQ(name, "tcpd"))
	tcpd_warn("%s is recursively calling itself", name);
    if (tcpd_st && (tcpd_st->st_mode & 06000) != 0)
	tcpd_warn("%s: file is set-uid or set-gid", path);
    if (arg0[0] == '/' && STR_EQ(name, base_name(arg1)))
	tcpd_warn("%s inserted before %s", path, arg0);
    if (arg0[0] == '/') {
	(void) check_program(arg0, &st);
    } else if (asprintf(&daemon, "%s/%s", REAL_DAEMON_DIR, arg0) >= 0) {
	if (check_path(daemon, &st) < 0)
	    tcpd_warn("%s: not found in %s: %m", arg0, REAL_DAEMON_DIR);
	else if ((st.st_mode & 0100) == 0)
	    tcpd_warn("%s: not executable", daemon);
	free(daemon);
    }
    return (WR_YES);
}

/*
 * plain_entry - a service not run by tcpd: perhaps the "simple
 * installation" (the real daemon moved, tcpd in its place)
 */
static int plain_entry(const char *path, const char *arg0)
{
    struct stat st;
    char   *daemon;
    int     status = WR_MAYBE;

    if (asprintf(&daemon, "%s/%s", REAL_DAEMON_DIR, arg0) < 0)
	return (status);
    if (STR_EQ(path, daemon))
	status = WR_NOT;
    else if (check_path(daemon, &st) >= 0)
	status = WR_MAYBE;
    else if (errno == ENOENT)
	status = WR_NOT;
    else
	tcpd_warn("%s: file lookup: %m", daemon);
    free(daemon);
    return (status);
}

/* inet_chk - examine one inetd.conf entry and record its service */
static void inet_chk(const char *protocol, const char *path,
		             const char *arg0, const char *arg1)
{
    struct stat st;
    int     found = check_program(path, &st) == 0;
    const char *name = arg0[0] == '/' ? base_name(arg0) : arg0;
    int     status;

    if (STR_EQ(base_name(path), "miscd")) {	/* nobody uses it anymore */
	remember(arg0, WR_YES, 1);
	return;
    }
    if (STR_EQ(name, "rexd") || STR_EQ(name, "rpc.rexd"))
	tcpd_warn("%s may be an insecure service", name);
    if (STR_EQ(base_name(path), "tcpd"))
	status = tcpd_entry(path, found ? &st : 0, arg0, arg1, name);
    else
	status = plain_entry(path, arg0);
    if (status == WR_YES && protocol && STR_EQ(protocol, "rpc/tcp"))
	tcpd_warn("%s: cannot wrap rpc/tcp services", name);
    remember(name, status, 1);
}

/* inet_line - pick one logical line of inetd.conf apart */
static void inet_line(char *line)
{
    char   *cursor = line;
    char   *service;
    char   *protocol;
    char   *user;
    char   *path;
    char   *arg0;
    char   *arg1;

    if ((service = next_token(&cursor)) == 0 || *service == '#')
	return;
    if (STR_NE(service, "stream") && STR_NE(service, "dgram"))
	(void) next_token(&cursor);		/* socket type */
    protocol = next_token(&cursor);
    (void) next_token(&cursor);		/* wait flag */
    if ((user = next_token(&cursor)) == 0)
	return;
    if (user[0] == '/')				/* no user field */
	path = user;
    else if ((path = next_token(&cursor)) == 0)
	return;
    if (path[0] == '?')				/* IRIX optional service */
	path++;
    if (STR_EQ(path, "internal"))
	return;
    if (path[strspn(path, "-0123456789")] == 0	/* ConvexOS rpc versions */
	&& (path = next_token(&cursor)) == 0)
	return;
    if ((arg0 = next_token(&cursor)) == 0
	|| (arg0[strspn(arg0, "0123456789")] == 0	/* tlid.conf count */
	    && (arg0 = next_token(&cursor)) == 0)) {
	tcpd_warn("incomplete line");
	return;
    }
    if ((arg1 = next_token(&cursor)) == 0)
	arg1 = "";
    inet_chk(protocol, path, arg0, arg1);
}

/* read_logical_line - getline() joining backslash-newline; -1 at the end */
static ssize_t read_logical_line(FILE *fp, char **line)
{
    char   *part = 0;
    size_t  part_cap = 0;
    ssize_t len;
    size_t  used = 0;

    while ((len = getline(&part, &part_cap, fp)) >= 0) {
	tcpd_context.line++;
	*line = xrealloc(*line, used + (size_t) len + 1);
	memcpy(*line + used, part, (size_t) len + 1);
	used += (size_t) len;
	if (used >= 2 && (*line)[used - 1] == '\n' && (*line)[used - 2] == '\\')
	    used -= 2;
	else
	    break;
    }
    free(part);
    if (used == 0 && len < 0)
	return (-1);
    (*line)[used] = 0;
    return ((ssize_t) used);
}

/*
 * inet_cfg - read and examine inetd.conf: conf, or the default one. A
 * given file that cannot be opened ends the program; a missing default
 * one is not an error (Debian): the result is then 0.
 */
const char *inet_cfg(const char *conf)
{
    struct tcpd_context saved_context = tcpd_context;
    struct stat st;
    FILE   *fp;
    char   *line = 0;

    if (conf != 0) {
	if ((fp = fopen(conf, "re")) == 0) {
	    fprintf(stderr, "open %s: %s\n", conf, strerror(errno));
	    exit(1);
	}
    } else {
	if ((fp = fopen(DEFAULT_INETD_CONF, "re")) == 0)
	    return (0);
	conf = DEFAULT_INETD_CONF;
	(void) check_path(conf, &st);
    }
    tcpd_context.file = (char *) conf;
    tcpd_context.line = 0;
    while (read_logical_line(fp, &line) >= 0)
	inet_line(line);
    free(line);
    fclose(fp);
    tcpd_context = saved_context;
    return (conf);
}
