/*
 * expect.c - tcpdmatch --expect: unit tests for a policy.
 *
 * An expectations file holds one query per line,
 *
 *	daemon[@server] [user@]client granted|denied|delegated
 *
 * with blank lines and "#" comments (a line whose first non-blank
 * character is "#"). The whole file is read and checked first: a bad line
 * ends the program with status 2, naming the file and line, before any
 * query is answered.
 *
 * Every query is then answered in this one process by the library's own
 * decision (wrap_hosts_access) in a dry run, as tcpdmatch answers one.
 * The tables are scanned through the resident index: each is parsed and
 * indexed once, and a query visits only the rules that may match it. Yet
 * every query is judged as tcpd's first and only call (resident stays 0),
 * so twist delegates as it does in tcpd instead of being the error it is
 * in a resident daemon, and options are reset before each query.
 *
 * The library's reports are captured, not printed: the last "matched:"
 * line names the rule that decided (none: the default decided); warnings
 * and errors are shown under a failed expectation only. A client name
 * with several addresses passes only when every address gets the
 * expected verdict. With --no-dns, names and addresses are taken as
 * tcpdmatch takes them then (scaffold.c): nothing is looked up. The
 * output is one line per failed expectation (and its notes), then "N
 * passed, M failed"; the exit status is 1 when any failed.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "wrap.h"
#include "scaffold.h"
#include "expect.h"

/* One line of the expectations file. */
struct query {
    char   *text;			/* the line (malloc'd); the rest point into it */
    char   *daemon;
    char   *server;			/* or unknown */
    char   *user;			/* or unknown */
    char   *client;
    char   *want;			/* granted, denied or delegated */
    int     line;
};

/* All of them, in order. */
struct query_list {
    struct query *queries;
    size_t  count;
};

/* What the library reported while one address was judged. */
struct capture {
    char   *decided;			/* "file line n" of the last match, or 0 */
    char  **notes;			/* warnings and errors, in order */
    size_t  count;
};

static struct capture capture;

/* capture_reset - forget what the last query reported */
static void capture_reset(void)
{
    size_t  i;

    free(capture.decided);
    for (i = 0; i < capture.count; i++)
	free(capture.notes[i]);
    free(capture.notes);
    memset(&capture, 0, sizeof(capture));
}

/* capture_report - the library's report function during queries */
static void capture_report(int priority, const char *text)
{
    static const char matched[] = "matched:  ";

    (void) priority;
    if (strncmp(text, matched, sizeof(matched) - 1) == 0) {
	free(capture.decided);
	capture.decided = xstrdup(text + sizeof(matched) - 1);
    } else if (strncmp(text, "option:", 7) != 0
	       && strncmp(text, "expired:", 8) != 0) {
	capture.notes = xrealloc(capture.notes,
				 (capture.count + 1) * sizeof(*capture.notes));
	capture.notes[capture.count++] = xstrdup(text);
    }
}

/* bad_line - a line that is not a query: say where, and exit 2 */
static void bad_line(const char *path, int line, const char *why)
{
    fprintf(stderr, "tcpdmatch: %s, line %d: %s (want: "
	    "daemon[@server] [user@]client granted|denied|delegated)\n",
	    path, line, why);
    exit(2);
}

/* verdict_word - is word one of the verdicts a query may expect? */
static int verdict_word(const char *word)
{
    return (strcmp(word, "granted") == 0 || strcmp(word, "denied") == 0
	    || strcmp(word, "delegated") == 0);
}

/* split_query - the three words of a query line into q; else why not */
static const char *split_query(char *text, struct query *q)
{
    static const char blanks[] = " \t\r\n";
    char   *words[4];
    char   *cursor = text;
    int     count;

    for (count = 0; count < 4; count++)
	if ((words[count] = strtok_r(count ? 0 : text, blanks, &cursor)) == 0)
	    break;
    if (count != 3)
	return ("not three words");
    if (!verdict_word(words[2]))
	return ("the verdict is not granted, denied or delegated");
    q->daemon = words[0];
    q->want = words[2];
    if ((q->server = split_at(q->daemon, '@')) == 0)
	q->server = unknown;
    if ((q->client = split_at(words[1], '@')) != 0)
	q->user = words[1][0] ? words[1] : unknown;
    else {
	q->client = words[1];
	q->user = unknown;
    }
    if (q->daemon[0] == '/')			/* a path: its basename */
	q->daemon = strrchr(q->daemon, '/') + 1;
    if (q->daemon[0] == 0 || q->server[0] == 0 || q->client[0] == 0)
	return ("an empty daemon, server or client");
    return (0);
}

/* open_expectations - the file, or standard input for "-"; exit 2 if not */
static FILE *open_expectations(const char *path)
{
    FILE   *fp;

    if (strcmp(path, "-") == 0)
	return (stdin);
    if ((fp = fopen(path, "r")) == 0) {
	fprintf(stderr, "tcpdmatch: %s: %s\n", path, strerror(errno));
	exit(2);
    }
    return (fp);
}

/* read_queries - every query of the file; exit 2 at the first bad line */
static void read_queries(const char *path, struct query_list *list)
{
    FILE   *fp = open_expectations(path);
    char   *text = 0;
    size_t  cap = 0;
    int     line = 0;
    ssize_t len;
    const char *why;
    struct query q;

    memset(list, 0, sizeof(*list));
    while ((len = getline(&text, &cap, fp)) >= 0) {
	line++;
	if ((size_t) len != strlen(text))
	    bad_line(path, line, "a NUL byte");
	if (text[strspn(text, " \t\r\n")] == 0 || text[strspn(text, " \t")] == '#')
	    continue;
	if ((why = split_query(text, &q)) != 0)
	    bad_line(path, line, why);
	q.text = text;
	q.line = line;
	list->queries = xrealloc(list->queries,
				 (list->count + 1) * sizeof(*list->queries));
	list->queries[list->count++] = q;
	text = 0;				/* q points into it */
	cap = 0;
    }
    if (ferror(fp)) {
	fprintf(stderr, "tcpdmatch: %s: %s\n", path, strerror(errno));
	exit(2);
    }
    free(text);
    if (fp != stdin)
	fclose(fp);
}

/* judge - the verdict for the request as it stands, as tcpd's first call */
static const char *judge(struct request_info *request, int paranoid_mode)
{
    int     verdict;

    resident = 0;
    rfc931_timeout = RFC931_TIMEOUT;
    allow_severity = LOG_INFO;
    deny_severity = LOG_WARNING;
    dry_run = 1;
    if (paranoid_mode && STR_EQ(eval_hostname(request->client), paranoid))
	return ("denied");
    verdict = wrap_hosts_access(request, WRAP_SCAN_INDEX);
    return (dry_run == 0 ? "delegated" : verdict ? "granted" : "denied");
}

/* show_failure - one failed expectation, with the rule that decided and
 * what the library said on the way */
static void show_failure(const char *path, const struct query *q,
			         const char *address, const char *got)
{
    size_t  i;

    printf("%s, line %d: %s", path, q->line, q->daemon);
    if (STR_NE(q->server, unknown))
	printf("@%s", q->server);
    printf(" %s%s%s", STR_NE(q->user, unknown) ? q->user : "",
	   STR_NE(q->user, unknown) ? "@" : "", q->client);
    if (address)
	printf(" (%s)", address);
    if (got)
	printf(": expected %s, got %s (%s)\n", q->want, got,
	       capture.decided ? capture.decided : "default");
    else
	printf(": expected %s, got no answer\n", q->want);
    for (i = 0; i < capture.count; i++)
	printf("    %s\n", capture.notes[i]);
}

/* set_server - the server of a query as tcpdmatch sets it; -1 if it has
 * no address, or more than one */
static int set_server(struct request_info *request, const char *server,
		              struct sockaddr_storage *ss)
{
    struct addrinfo *res0;
    int     count = 0;
    struct addrinfo *res;

    if ((NOT_INADDR(server) && !HOSTNAME_KNOWN(server))
	|| (no_dns && !numeric_address(server))) {
	request_set(request, RQ_SERVER_NAME, server, 0);
	return (0);
    }
    if (no_dns) {				/* an address without a name */
	request_set(request, RQ_SERVER_ADDR, server, 0);
	return (0);
    }
    if ((res0 = find_inet_addr(server)) == 0)
	return (-1);
    request_set(request, RQ_SERVER_SIN, ss, 0);
    for (res = res0; res; res = res->ai_next, count++) {
	copy_endpoint(ss, res);
	verify_hostname(request->server);
    }
    wrap_resolver.freeaddrinfo(res0);
    if (count > 1)
	tcpd_warn("%s: server has more than one address", server);
    return (count > 1 ? -1 : 0);
}

/* check_addresses - every address of a client name; 1 if all pass */
static int check_addresses(const char *path, const struct query *q,
			           struct request_info *request, int paranoid_mode)
{
    struct sockaddr_storage ss;
    struct addrinfo *res0;
    struct addrinfo *res;
    const char *got;
    int     passed = 1;
    int     first = 1;

    if ((res0 = find_inet_addr(q->client)) == 0) {
	show_failure(path, q, 0, 0);
	return (0);
    }
    request_set(request, RQ_CLIENT_SIN, &ss, 0);
    for (res = res0; res; res = res->ai_next) {
	if (res->ai_family != AF_INET && res->ai_family != AF_INET6)
	    continue;
	if (!first)
	    capture_reset();			/* each address on its own */
	first = 0;
	copy_endpoint(&ss, res);
	if (link_local(res->ai_addr))
	    request_set(request, RQ_CLIENT_NAME, unknown, RQ_CLIENT_ADDR, "", 0);
	else
	    verify_hostname(request->client);
	if (strcmp(got = judge(request, paranoid_mode), q->want) != 0) {
	    show_failure(path, q, eval_hostaddr(request->client), got);
	    passed = 0;
	}
    }
    wrap_resolver.freeaddrinfo(res0);
    return (passed);
}

/* check_query - answer one query; 1 if it got what it expected */
static int check_query(const char *path, const struct query *q,
		               int paranoid_mode)
{
    struct request_info request;
    struct sockaddr_storage server_ss;
    const char *got;

    capture_reset();
    request_init(&request, RQ_DAEMON, q->daemon, RQ_USER, q->user, 0);
    sock_methods(&request);
    if (set_server(&request, q->server, &server_ss) < 0) {
	show_failure(path, q, 0, 0);
	return (0);
    }
    if (numeric_address(q->client))
	request_set(&request, RQ_CLIENT_ADDR, q->client, 0);
    else if ((NOT_INADDR(q->client) && !HOSTNAME_KNOWN(q->client)) || no_dns)
	request_set(&request, RQ_CLIENT_NAME, q->client, 0);
    else
	return (check_addresses(path, q, &request, paranoid_mode));
    if (strcmp(got = judge(&request, paranoid_mode), q->want) == 0)
	return (1);
    show_failure(path, q, 0, got);
    return (0);
}

/* expect_file - check every expectation of path; the exit status */
int     expect_file(const char *path, int paranoid_mode)
{
    struct query_list list;
    size_t  passed = 0;
    size_t  i;

    read_queries(path, &list);
    wrap_report_to(capture_report);
    for (i = 0; i < list.count; i++)
	passed += check_query(path, &list.queries[i], paranoid_mode);
    capture_reset();
    report_on_stdout();
    printf("%zu passed, %zu failed\n", passed, list.count - passed);
    for (i = 0; i < list.count; i++)
	free(list.queries[i].text);
    free(list.queries);
    return (passed == list.count ? 0 : 1);
}
