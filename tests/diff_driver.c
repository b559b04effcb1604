/*
 * diff_driver.c - asks libwrap.so.0 for verdicts, one per line of
 * commands on stdin, for differential.test. The same binary runs once on
 * our library and once on Debian's (LD_LIBRARY_PATH decides), and the
 * two outputs must be equal. It uses only the ABI of tcpd.h, so it may be
 * built against either header.
 *
 * Commands (fields separated by tabs; "-" is an empty string, or absent):
 *   T label allow-table deny-table
 *	use these tables from now on; label names them in the output
 *   C from to
 *	rewrite file "to" in place (same inode) with the bytes of "from",
 *	or remove it if "from" does not exist: a table edited while a
 *	resident process uses it
 *   Q daemon client-name client-addr user
 *	hosts_ctl(daemon, name, addr, user)
 *   S daemon client-addr client-port server-addr server-port user ident
 *	request_init() with RQ_CLIENT_SIN (and RQ_SERVER_SIN, RQ_USER when
 *	given), sock_methods(), hosts_access(); rfc931() answers ident
 *
 * For each query it prints "label<TAB>query<TAB>verdict" followed by what
 * the options did: the commands given to shell_cmd() (the program's own,
 * which only records), rfc931() calls, TW_* environment variables,
 * changed severities, rfc931_timeout and umask; then it resets them.
 *
 * The driver also defines syslog() and its fortified variants, so that it
 * sees what either library logs without a syslog daemon; with -l those
 * lines ("log:<priority> text") are part of the answer.
 *
 * usage: diff_driver [-r] [-l] [-v level]
 *   -r	resident: every call runs with resident > 0 (as in inetd);
 *	otherwise with resident = -1 before each call (as in tcpd)
 *   -l	log lines are part of the answer
 *   -v	hosts_access_verbose (with -l: "matched:" and "option:" lines)
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <tcpd.h>

#define MAX_FIELDS	9
#define EFFECTS_MAX	16384

extern char **environ;

static char effects[EFFECTS_MAX];	/* what options did, this query */
static size_t effects_len;
static char ident_answer[STRING_LENGTH];	/* rfc931()'s user, or "" */
static int record_logs;			/* -l */

/* note - append one effect to the query's line; tab and newline escaped */
static void note(const char *what, const char *text)
{
    int     n;

    n = snprintf(effects + effects_len, sizeof(effects) - effects_len,
		 "\t%s:", what);
    if (n < 0 || (size_t) n >= sizeof(effects) - effects_len)
	return;
    effects_len += (size_t) n;
    for (; *text && effects_len + 3 < sizeof(effects); text++) {
	if (*text == '\t' || *text == '\n' || *text == '\\') {
	    effects[effects_len++] = '\\';
	    effects[effects_len++] = *text == '\t' ? 't' : *text == '\n' ? 'n' : '\\';
	} else {
	    effects[effects_len++] = *text;
	}
    }
    effects[effects_len] = 0;
}

/*
 * The syslog family, the program's own (not declared by <syslog.h>
 * here, which fortification would turn into macros). glibc's vsnprintf
 * expands %m as syslog does.
 */
void    vsyslog(int priority, const char *format, va_list ap);
void    syslog(int priority, const char *format, ...);
void    __vsyslog_chk(int priority, int flag, const char *format, va_list ap);
void    __syslog_chk(int priority, int flag, const char *format, ...);

/* vsyslog - record a log line */
void    vsyslog(int priority, const char *format, va_list ap)
{
    char    text[4096];
    char    what[32];

    if (!record_logs)
	return;
    vsnprintf(text, sizeof(text), format, ap);
    snprintf(what, sizeof(what), "log<%d>", priority);
    note(what, text);
}

/* syslog - record a log line */
void    syslog(int priority, const char *format, ...)
{
    va_list ap;

    va_start(ap, format);
    vsyslog(priority, format, ap);
    va_end(ap);
}

/* __vsyslog_chk - record a log line */
void    __vsyslog_chk(int priority, int flag, const char *format, va_list ap)
{
    (void) flag;
    vsyslog(priority, format, ap);
}

/* __syslog_chk - record a log line */
void    __syslog_chk(int priority, int flag, const char *format, ...)
{
    va_list ap;

    (void) flag;
    va_start(ap, format);
    vsyslog(priority, format, ap);
    va_end(ap);
}

/* shell_cmd - the program's own, as tcpdmatch has: record, do not run */
void    shell_cmd(char *command)
{
    note("spawn", command);
}

/* rfc931 - the program's own: the query's ident answer, no network */
#ifdef INET6
void    rfc931(struct sockaddr *client, struct sockaddr *server, char *user)
#else
void    rfc931(struct sockaddr_in *client, struct sockaddr_in *server, char *user)
#endif
{
    note("ident", client && server ? "asked" : "asked without endpoints");
    if (ident_answer[0])
	STRN_CPY(user, ident_answer, STRING_LENGTH);
}

/* clean_exit - the program's own: a twist that failed would end here */
void    clean_exit(struct request_info *request)
{
    printf("clean_exit called for %s\n", eval_daemon(request));
    exit(3);
}

/* split - cut a line into tab-separated fields; "-" becomes "" */
static int split(char *line, char **field)
{
    char   *cursor = line;
    int     n = 0;

    line[strcspn(line, "\n")] = 0;
    while (n < MAX_FIELDS && (field[n] = strsep(&cursor, "\t")) != 0)
	n++;
    for (int i = 0; i < n; i++)
	if (strcmp(field[i], "-") == 0)
	    field[i][0] = 0;
    return n;
}

/* endpoint - fill a socket address from text and port; 0 if absent */
static struct sockaddr *endpoint(struct sockaddr_storage *ss,
				 const char *addr, const char *port)
{
    struct sockaddr_in *sin = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;

    memset(ss, 0, sizeof(*ss));
    if (addr[0] == 0)
	return 0;
    if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
	sin->sin_family = AF_INET;
	sin->sin_port = htons((unsigned short) atoi(port));
    } else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons((unsigned short) atoi(port));
    } else {
	fprintf(stderr, "diff_driver: bad address %s\n", addr);
	exit(2);
    }
    return (struct sockaddr *) ss;
}

/* copy_file - a C command */
static void copy_file(const char *from, const char *to)
{
    char    buf[65536];
    FILE   *in;
    FILE   *out;
    size_t  n;

    if ((in = fopen(from, "r")) == 0) {
	unlink(to);
	return;
    }
    if ((out = fopen(to, "w")) == 0) {
	perror(to);
	exit(2);
    }
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
	if (fwrite(buf, 1, n, out) != n) {
	    perror(to);
	    exit(2);
	}
    fclose(in);
    if (fclose(out) != 0) {
	perror(to);
	exit(2);
    }
}

/*
 * forget_context - Debian's library leaves tcpd_context pointing at the
 * table line of an allow/deny option or an error after its longjmp, so
 * later warnings carry a stale "file, line n:" prefix; ours restores it.
 * Reset it after each decision so that the comparison sees neither.
 */
static void forget_context(void)
{
    tcpd_context.file = 0;
    tcpd_context.line = 0;
}

/* socket_query - an S command */
static int socket_query(char **field)
{
    static struct request_info request;
    static struct sockaddr_storage client;
    static struct sockaddr_storage server;
    struct sockaddr *c = endpoint(&client, field[2], field[3]);
    struct sockaddr *s = endpoint(&server, field[4], field[5]);
    int     verdict;

    STRN_CPY(ident_answer, field[7], sizeof(ident_answer));
    request_init(&request, RQ_DAEMON, field[1], RQ_CLIENT_SIN, c, 0);
    if (s)
	request_set(&request, RQ_SERVER_SIN, s, 0);
    if (field[6][0])
	request_set(&request, RQ_USER, field[6], 0);
    sock_methods(&request);
    verdict = hosts_access(&request);
    forget_context();
    /* then what the exported eval_* functions say, in this order */
    note("eval_client", eval_client(&request));
    note("eval_server", eval_server(&request));
    note("eval_hostinfo", eval_hostinfo(request.client));
    note("eval_hostname", eval_hostname(request.client));
    note("eval_hostaddr", eval_hostaddr(request.server));
    note("eval_user", eval_user(&request));
    note("eval_client", eval_client(&request));
    return verdict;
}

/* show_state - note and reset what options may have changed */
static void show_state(void)
{
    char    text[64];
    mode_t  mask = umask(022);
    char  **env;

    if (allow_severity != 6 || deny_severity != 4) {
	snprintf(text, sizeof(text), "%d/%d", allow_severity, deny_severity);
	note("severity", text);
	allow_severity = 6;
	deny_severity = 4;
    }
    if (rfc931_timeout != 10) {
	snprintf(text, sizeof(text), "%d", rfc931_timeout);
	note("rfc931_timeout", text);
	rfc931_timeout = 10;
    }
    if (mask != 022) {
	snprintf(text, sizeof(text), "%03o", (unsigned) mask);
	note("umask", text);
    }
    for (;;) {
	for (env = environ; *env && strncmp(*env, "TW_", 3) != 0; env++)
	     /* void */ ;
	if (*env == 0)
	    break;
	note("env", *env);
	snprintf(text, sizeof(text), "%.*s", (int) strcspn(*env, "="), *env);
	unsetenv(text);
    }
}

/* main - run the commands on stdin */
int     main(int argc, char **argv)
{
    char    line[8192];
    char    query[8192];
    char    label[256] = "none";
    static char allow_table[4096];
    static char deny_table[4096];
    char   *field[MAX_FIELDS];
    int     resident_mode = 0;
    int     n;
    int     verdict;

    for (n = 1; n < argc; n++) {
	if (strcmp(argv[n], "-r") == 0) {
	    resident_mode = 1;
	} else if (strcmp(argv[n], "-l") == 0) {
	    record_logs = 1;
	} else if (strcmp(argv[n], "-v") == 0 && n + 1 < argc) {
	    hosts_access_verbose = atoi(argv[++n]);
	} else {
	    fprintf(stderr, "usage: diff_driver [-r] [-l] [-v level]\n");
	    return 2;
	}
    }
    umask(022);
    while (fgets(line, sizeof(line), stdin)) {
	snprintf(query, sizeof(query), "%.*s", (int) strcspn(line, "\n"), line);
	n = split(line, field);
	if (n == 4 && strcmp(field[0], "T") == 0) {
	    snprintf(label, sizeof(label), "%s", field[1]);
	    snprintf(allow_table, sizeof(allow_table), "%s", field[2]);
	    snprintf(deny_table, sizeof(deny_table), "%s", field[3]);
	    hosts_allow_table = allow_table;
	    hosts_deny_table = deny_table;
	    continue;
	}
	if (n == 3 && strcmp(field[0], "C") == 0) {
	    copy_file(field[1], field[2]);
	    continue;
	}
	effects_len = 0;
	effects[0] = 0;
	resident = resident_mode ? 1 : -1;
	if (n == 5 && strcmp(field[0], "Q") == 0) {
	    verdict = hosts_ctl(field[1], field[2], field[3], field[4]);
	    forget_context();
	} else if (n == 8 && strcmp(field[0], "S") == 0) {
	    verdict = socket_query(field);
	} else {
	    fprintf(stderr, "diff_driver: bad command: %s\n", query);
	    return 2;
	}
	show_state();
	printf("%s\t%s\t%s%s\n", label, query, verdict ? "granted" : "denied",
	       effects);
    }
    return 0;
}
