/*
 * match_cases.c - runs the table-driven matching cases (the .txt files
 * of tests/cases, format in tests/cases/README) against hosts_access()
 * and prints one PASS or FAIL line per case.
 *
 * A case writes its tables and /file lists into a fresh directory,
 * answers every name lookup from its own host lines through wrap_resolver
 * (no DNS, ever), builds a request, calls hosts_access() or hosts_ctl()
 * one or more times, then compares the verdicts, the diagnostics (caught
 * with wrap_report_to), the lookups made, and the files written by spawn
 * or twist commands with what the case expects.
 *
 * Every run of a case happens in a child process of its own: the
 * library's global state (resident, the table cache, the severities)
 * starts fresh, a twist may exec, and a hang is bounded by an alarm. A
 * case runs up to three times: as the library chooses (the streaming
 * fast path), with every line parsed and, unless it twists or calls more
 * than once, as a resident process whose tables come from the index
 * (resident = 1): decide() passes the scan to wrap_hosts_access(). All
 * three must meet the expectations.
 *
 * Built with -DDEBIAN_LIBWRAP and linked with Debian's -lwrap, the same
 * cases run against Debian's library, to check what we expect of it:
 * syslog and the resolver functions are then interposed instead of set,
 * and cases marked "departure:" are skipped: they are where we differ
 * from Debian on purpose (README.md lists these differences).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netdb.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#ifdef DEBIAN_LIBWRAP
#include <tcpd.h>
#else
#include "../wrap.h"
#endif

#define CASE_TIMEOUT	30		/* seconds one run of a case may take,
					 * unless it says ("timeout:") */

/* A growing byte buffer: lengths travel with the bytes (NULs allowed). */
struct buf {
    char   *data;
    size_t  len;
    size_t  cap;
};

struct named_file {			/* a file the case creates */
    char   *name;			/* relative to the case directory */
    int     kind;			/* 'f' file, 'd' directory, 'p' FIFO, 'l' symlink */
    struct buf text;
};

struct address {
    struct sockaddr_storage ss;
    socklen_t len;
};

struct reverse_map {			/* address -> name */
    struct address addr;
    char   *name;
};

struct forward_map {			/* name -> canonical name, addresses */
    char   *name;
    char   *canon;
    struct address addrs[8];
    size_t  n_addrs;
};

struct check {				/* one expectation, checked afterwards */
    char   *key;
    char   *value;
};

struct test_case {
    char   *name;
    const char *source;
    int     line;
    char   *error;			/* the case itself is malformed */
    struct named_file files[16];
    size_t  n_files;
    char   *allow_path;			/* 0: <dir>/hosts.allow */
    char   *deny_path;
    struct reverse_map reverse[16];
    size_t  n_reverse;
    struct forward_map forward[16];
    size_t  n_forward;
    struct address client_sin;		/* len 0: not given */
    struct address server_sin;
    char   *client_name;
    char   *client_addr;
    char   *server_name;
    char   *server_addr;
    char   *user;
    char   *daemon;
    char   *request_fd;			/* file opened as RQ_FILE */
    int     use_hosts_ctl;
    int     verbose;
    int     repeat;
    int     timeout;			/* seconds a run may take, or 0 */
    char   *departure;
    char   *modes;			/* restricts the modes, or 0 */
    struct check checks[64];
    size_t  n_checks;
};

enum mode { MODE_FAST, MODE_SLOW, MODE_RESIDENT, MODE_DEBIAN };
static const char *const mode_names[] = {
    "fast path", "every line parsed", "resident, indexed", "Debian",
};

/* What one run produced, parsed from the child's report stream. */
struct outcome {
    char   *verdicts[8];
    size_t  n_verdicts;
    struct buf logs;			/* "text\n" per report */
    struct buf traces;			/* "reverse a\n", "forward n\n" */
    char   *user;			/* request.user after the calls */
    char   *client_name;		/* request.client->name after */
    int     status;			/* wait status of the child */
};

static const struct test_case *current;	/* the case a child is running */
static int report_fd = -1;		/* child: where reports go */
static int verbose_output;		/* -v: show diagnostics of passes too */

/* die - the driver itself cannot go on */
static void die(const char *what)
{
    fprintf(stderr, "match_cases: %s: %s\n", what, strerror(errno));
    exit(2);
}

/* xstrdup - strdup or die */
static char *xstrdup(const char *s)
{
    char   *copy = strdup(s);

    if (copy == 0)
	die("strdup");
    return (copy);
}

/* buf_add - append len bytes, keeping a NUL after them */
static void buf_add(struct buf *b, const char *data, size_t len)
{
    char   *bigger;

    if (b->len + len + 1 > b->cap) {
	b->cap = (b->len + len + 1) * 2;
	if ((bigger = realloc(b->data, b->cap)) == 0)
	    die("realloc");
	b->data = bigger;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = 0;
}

/* buf_str - append a string */
static void buf_str(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

/* emit - child: send one line of the report stream to the parent */
static void emit(const char *format,...)
{
    va_list ap;
    char   *text;
    int     len;
    ssize_t done;
    size_t  off;

    va_start(ap, format);
    len = vasprintf(&text, format, ap);
    va_end(ap);
    if (len < 0)
	_exit(3);
    text[len] = '\n';			/* vasprintf left room for the NUL */
    for (off = 0; off < (size_t) len + 1; off += (size_t) done)
	if ((done = write(report_fd, text + off, (size_t) len + 1 - off)) <= 0)
	    _exit(3);
    free(text);
}

/*
 * collect - child: one library report. hosts_access()'s "decided:" line
 * (which rule decided; only the fast mode calls hosts_access() itself)
 * is set apart, so that a case's log: and nolog: speak of diagnostics as
 * Debian's library makes them; that line is checked against every
 * verdict by tests/differential.test.
 */
static void collect(int priority, const char *text)
{
    (void) priority;
    emit("%s %s", strncmp(text, "decided: ", 9) == 0 ? "D" : "L", text);
}

/* ---------------- addresses ---------------- */

/* parse_address - numeric IPv4 or IPv6 text (brackets allowed), port */
static int parse_address(const char *text, unsigned port, struct address *a)
{
    struct sockaddr_in *sin = (struct sockaddr_in *) &a->ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &a->ss;
    char    bare[INET6_ADDRSTRLEN + 2];
    size_t  len = strlen(text);

    memset(a, 0, sizeof(*a));
    if (len >= 2 && text[0] == '[' && text[len - 1] == ']') {
	text++;
	len -= 2;
    }
    if (len >= sizeof(bare))
	return (0);
    memcpy(bare, text, len);
    bare[len] = 0;
    if (inet_pton(AF_INET, bare, &sin->sin_addr) == 1) {
	sin->sin_family = AF_INET;
	sin->sin_port = htons((unsigned short) port);
	a->len = sizeof(*sin);
	return (1);
    }
    if (inet_pton(AF_INET6, bare, &sin6->sin6_addr) == 1) {
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons((unsigned short) port);
	a->len = sizeof(*sin6);
	return (1);
    }
    return (0);
}

/* numeric_text - printable address of sa; 0 if not IPv4 or IPv6 */
static int numeric_text(const struct sockaddr *sa, char *text, size_t size)
{
    const void *addr;

    if (sa->sa_family == AF_INET)
	addr = &((const struct sockaddr_in *) sa)->sin_addr;
    else if (sa->sa_family == AF_INET6)
	addr = &((const struct sockaddr_in6 *) sa)->sin6_addr;
    else
	return (0);
    return (inet_ntop(sa->sa_family, addr, text, (socklen_t) size) != 0);
}

/* same_host - do two endpoints have the same family and address? */
static int same_host(const struct sockaddr *a, const struct sockaddr *b)
{
    if (a->sa_family != b->sa_family)
	return (0);
    if (a->sa_family == AF_INET)
	return (memcmp(&((const struct sockaddr_in *) a)->sin_addr,
		       &((const struct sockaddr_in *) b)->sin_addr,
		       sizeof(struct in_addr)) == 0);
    return (a->sa_family == AF_INET6
	    && memcmp(&((const struct sockaddr_in6 *) a)->sin6_addr,
		      &((const struct sockaddr_in6 *) b)->sin6_addr,
		      sizeof(struct in6_addr)) == 0);
}

/* ---------------- the fake resolver ---------------- */

/* fake_getnameinfo - numeric answers, or names from the case's maps */
static int fake_getnameinfo(const struct sockaddr *sa, socklen_t salen,
			            char *host, socklen_t hostlen, char *serv,
			            socklen_t servlen, int flags)
{
    char    text[INET6_ADDRSTRLEN];
    const char *answer = text;
    size_t  i;

    (void) salen;
    if (!numeric_text(sa, text, sizeof(text)))
	return (EAI_FAMILY);
    if (serv != 0 && servlen > 0)
	snprintf(serv, servlen, "%u", ntohs(sa->sa_family == AF_INET ?
		 ((const struct sockaddr_in *) sa)->sin_port :
		 ((const struct sockaddr_in6 *) sa)->sin6_port));
    if (host == 0 || hostlen == 0)
	return (0);
    if ((flags & NI_NUMERICHOST) == 0) {
	emit("T reverse %s", text);
	for (i = 0; i < current->n_reverse; i++)
	    if (same_host(sa, (const struct sockaddr *) &current->reverse[i].addr.ss))
		break;
	if (i < current->n_reverse)
	    answer = current->reverse[i].name;
	else if (flags & NI_NAMEREQD)
	    return (EAI_NONAME);
    }
    if (strlen(answer) >= hostlen)
	return (EAI_OVERFLOW);
    strcpy(host, answer);
    return (0);
}

/* append_answer - add one address to a getaddrinfo result list */
static void append_answer(struct addrinfo ***tail, const struct address *a,
			          const char *canon, const struct addrinfo *hints)
{
    struct addrinfo *ai = calloc(1, sizeof(*ai) + sizeof(a->ss));

    if (ai == 0)
	die("calloc");
    ai->ai_family = a->ss.ss_family;
    ai->ai_socktype = hints ? hints->ai_socktype : 0;
    ai->ai_protocol = hints ? hints->ai_protocol : 0;
    ai->ai_addrlen = a->len;
    ai->ai_addr = (struct sockaddr *) (ai + 1);
    memcpy(ai->ai_addr, &a->ss, a->len);
    ai->ai_canonname = canon ? xstrdup(canon) : 0;
    **tail = ai;
    *tail = &ai->ai_next;
}

/* fake_getaddrinfo - numeric answers, or addresses from the case's maps */
static int fake_getaddrinfo(const char *node, const char *service,
			            const struct addrinfo *hints,
			            struct addrinfo **res)
{
    int     family = hints ? hints->ai_family : AF_UNSPEC;
    int     flags = hints ? hints->ai_flags : 0;
    struct addrinfo *head = 0;
    struct addrinfo **tail = &head;
    const struct forward_map *map = 0;
    struct address a;
    size_t  i;

    (void) service;
    if (node == 0)
	return (EAI_NONAME);
    if (parse_address(node, 0, &a) && node[0] != '[') {
	if (family != AF_UNSPEC && family != a.ss.ss_family)
	    return (EAI_ADDRFAMILY);
	append_answer(&tail, &a, (flags & AI_CANONNAME) ? node : 0, hints);
	*res = head;
	return (0);
    }
    if (flags & AI_NUMERICHOST)
	return (EAI_NONAME);
    emit("T forward %s", node);
    for (i = 0; i < current->n_forward; i++)
	if (strcasecmp(current->forward[i].name, node) == 0)
	    map = &current->forward[i];
    if (map == 0)
	return (EAI_NONAME);
    for (i = 0; i < map->n_addrs; i++)
	if (family == AF_UNSPEC || family == map->addrs[i].ss.ss_family)
	    append_answer(&tail, &map->addrs[i],
			  (head == 0 && (flags & AI_CANONNAME)) ? map->canon : 0,
			  hints);
    if (head == 0)
	return (EAI_NODATA);
    *res = head;
    return (0);
}

/* fake_freeaddrinfo - release a list made by fake_getaddrinfo */
static void fake_freeaddrinfo(struct addrinfo *ai)
{
    struct addrinfo *next;

    for (; ai; ai = next) {
	next = ai->ai_next;
	free(ai->ai_canonname);
	free(ai);
    }
}

#ifdef DEBIAN_LIBWRAP

/*
 * Debian's library calls libc directly: the executable's definitions of
 * these functions take the place of libc's for it.
 */
/* getnameinfo - Debian's reverse lookups, answered by the case */
int     getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
		            socklen_t hostlen, char *serv, socklen_t servlen,
		            int flags)
{
    return (fake_getnameinfo(sa, salen, host, hostlen, serv, servlen, flags));
}

/* getaddrinfo - Debian's forward lookups, answered by the case */
int     getaddrinfo(const char *node, const char *service,
		            const struct addrinfo *hints, struct addrinfo **res)
{
    return (fake_getaddrinfo(node, service, hints, res));
}

/* freeaddrinfo - releases what getaddrinfo above returned */
void    freeaddrinfo(struct addrinfo *ai)
{
    fake_freeaddrinfo(ai);
}

/* report_syslog - a syslog call of Debian's library, as a report */
static void report_syslog(int priority, const char *format, va_list ap)
{
    char   *text;

    if (vasprintf(&text, format, ap) < 0)
	_exit(3);
    collect(priority, text);
    free(text);
}

/* __vsyslog_chk - Debian's vsyslog calls (fortified build) */
void    __vsyslog_chk(int priority, int flag, const char *format, va_list ap)
{
    (void) flag;
    report_syslog(priority, format, ap);
}

/* __syslog_chk - Debian's syslog calls (fortified build) */
void    __syslog_chk(int priority, int flag, const char *format,...)
{
    va_list ap;

    (void) flag;
    va_start(ap, format);
    report_syslog(priority, format, ap);
    va_end(ap);
}

#endif

/* ---------------- reading cases ---------------- */

/* set_error - mark the case malformed (the first problem wins) */
static void set_error(struct test_case *c, const char *what, const char *line)
{
    if (c->error == 0 && asprintf(&c->error, "%s: %s", what, line) < 0)
	die("asprintf");
}

/* hex_digit - value of a hex digit, or -1 */
static int hex_digit(int ch)
{
    if (ch >= '0' && ch <= '9')
	return (ch - '0');
    if (ch >= 'a' && ch <= 'f')
	return (ch - 'a' + 10);
    if (ch >= 'A' && ch <= 'F')
	return (ch - 'A' + 10);
    return (-1);
}

/* unescape - C-style escapes (\n \t \r \\ \0 \xHH) into bytes */
static void unescape(const char *text, struct buf *out)
{
    char    ch;

    for (; *text; text++) {
	if (*text != '\\' || text[1] == 0) {
	    buf_add(out, text, 1);
	    continue;
	}
	switch (*++text) {
	case 'n': ch = '\n'; break;
	case 't': ch = '\t'; break;
	case 'r': ch = '\r'; break;
	case '0': ch = 0; break;
	case 'x':
	    if (hex_digit(text[1]) >= 0 && hex_digit(text[2]) >= 0) {
		ch = (char) (hex_digit(text[1]) * 16 + hex_digit(text[2]));
		text += 2;
		break;
	    }
	    /* FALLTHROUGH */
	default: ch = *text; break;
	}
	buf_add(out, &ch, 1);
    }
}

/* case_file - the named file of a case, created on first mention */
static struct named_file *case_file(struct test_case *c, const char *name,
				            int kind)
{
    size_t  i;

    for (i = 0; i < c->n_files; i++)
	if (strcmp(c->files[i].name, name) == 0)
	    return (&c->files[i]);
    if (c->n_files == sizeof(c->files) / sizeof(c->files[0])) {
	set_error(c, "too many files", name);
	return (0);
    }
    c->files[c->n_files].name = xstrdup(name);
    c->files[c->n_files].kind = kind;
    return (&c->files[c->n_files++]);
}

/* add_file_text - file NAME gets text (raw: escapes decoded, no newline) */
static void add_file_text(struct test_case *c, const char *name,
			          const char *text, int raw)
{
    struct named_file *f = case_file(c, name, 'f');

    if (f == 0)
	return;
    if (raw) {
	unescape(text, &f->text);
    } else {
	buf_str(&f->text, text);
	buf_add(&f->text, "\n", 1);
    }
}

/* forward_entry - the forward map of a name, created on first mention */
static struct forward_map *forward_entry(struct test_case *c, const char *name)
{
    size_t  i;

    for (i = 0; i < c->n_forward; i++)
	if (strcasecmp(c->forward[i].name, name) == 0)
	    return (&c->forward[i]);
    if (c->n_forward == sizeof(c->forward) / sizeof(c->forward[0]))
	return (0);
    c->forward[c->n_forward].name = xstrdup(name);
    c->forward[c->n_forward].canon = xstrdup(name);
    return (&c->forward[c->n_forward++]);
}

/* add_forward - NAME maps to ADDR (one more address) */
static void add_forward(struct test_case *c, const char *name, const char *addr)
{
    struct forward_map *map = forward_entry(c, name);

    if (map == 0 || map->n_addrs == sizeof(map->addrs) / sizeof(map->addrs[0])
	|| !parse_address(addr, 0, &map->addrs[map->n_addrs]))
	set_error(c, "bad forward address", addr);
    else
	map->n_addrs++;
}

/* add_reverse - ADDR maps to NAME */
static void add_reverse(struct test_case *c, const char *addr, const char *name)
{
    struct reverse_map *map = &c->reverse[c->n_reverse];

    if (c->n_reverse == sizeof(c->reverse) / sizeof(c->reverse[0])
	|| !parse_address(addr, 0, &map->addr)) {
	set_error(c, "bad reverse address", addr);
	return;
    }
    map->name = xstrdup(name);
    c->n_reverse++;
}

static char *expand_string(const char *in, const char *dir);

/* host_name - a name of a lookup line: {{N*TEXT}} and C escapes; a \0
 * ends it, as it would end what a resolver returns (malloc'd) */
static char *host_name(const char *word)
{
    char   *expanded = expand_string(word, "");
    struct buf out = {0, 0, 0};

    unescape(expanded, &out);
    buf_add(&out, "", 0);
    free(expanded);
    return (out.data);
}

/* parse_lookup - "host:", "reverse:" and "forward:" lines */
static void parse_lookup(struct test_case *c, const char *key, char *value)
{
    char   *first = strtok(value, " \t");
    char   *word;
    char   *name;

    if (first == 0 || (word = strtok((char *) 0, " \t")) == 0) {
	set_error(c, "needs two words", key);
	return;
    }
    if (strcmp(key, "host") == 0) {
	add_reverse(c, first, name = host_name(word));
	add_forward(c, name, first);
    } else if (strcmp(key, "reverse") == 0) {
	add_reverse(c, first, name = host_name(word));
    } else {
	for (name = host_name(first); word; word = strtok((char *) 0, " \t")) {
	    if (strncmp(word, "canon=", 6) == 0) {
		struct forward_map *map = forward_entry(c, name);

		if (map) {
		    free(map->canon);
		    map->canon = host_name(word + 6);
		}
	    } else {
		add_forward(c, name, word);
	    }
	}
    }
    free(name);
}

/* parse_endpoint - "ADDR [PORT]" into a socket address */
static void parse_endpoint(struct test_case *c, char *value, struct address *a)
{
    char   *addr = strtok(value, " \t");
    char   *port = strtok((char *) 0, " \t");

    if (addr == 0 || !parse_address(addr, port ? (unsigned) atoi(port) : 0, a))
	set_error(c, "bad endpoint", value);
}

/* add_check - an expectation, checked in the parent after the run */
static void add_check(struct test_case *c, const char *key, const char *value)
{
    if (c->n_checks == sizeof(c->checks) / sizeof(c->checks[0])) {
	set_error(c, "too many expectations", key);
	return;
    }
    c->checks[c->n_checks].key = xstrdup(key);
    c->checks[c->n_checks].value = xstrdup(value);
    c->n_checks++;
}

/* strip_comment - drop a " # comment" and trailing blanks */
static void strip_comment(char *value)
{
    char   *hash = strstr(value, " #");
    size_t  len;

    if (hash == 0)
	hash = strstr(value, "\t#");
    if (hash)
	*hash = 0;
    for (len = strlen(value); len > 0 && strchr(" \t", value[len - 1]); len--)
	value[len - 1] = 0;
}

/* parse_line - one "key: value" line of a case */
static void parse_line(struct test_case *c, const char *key, char *value)
{
    static const char *const checks[] = {
	"log", "nolog", "trace", "notrace", "ident", "client-name-is",
	"sh-file", "no-file", 0,
    };
    const char *const *cp;
    char   *space;
    struct named_file *f;

    for (cp = checks; *cp; cp++)
	if (strcmp(key, *cp) == 0) {
	    add_check(c, key, value);
	    return;
	}
    if (strcmp(key, "allow") == 0 || strcmp(key, "allow-raw") == 0) {
	add_file_text(c, "hosts.allow", value, key[5] == '-');
	return;
    }
    if (strcmp(key, "deny") == 0 || strcmp(key, "deny-raw") == 0) {
	add_file_text(c, "hosts.deny", value, key[4] == '-');
	return;
    }
    if (strcmp(key, "file") == 0 || strcmp(key, "file-raw") == 0) {
	if ((space = strchr(value, ' ')) == 0) {
	    case_file(c, value, 'f');
	} else {
	    *space = 0;
	    add_file_text(c, value, space + 1, key[4] == '-');
	}
	return;
    }
    strip_comment(value);
    if (strcmp(key, "symlink") == 0 && (space = strchr(value, ' ')) != 0) {
	*space = 0;
	if ((f = case_file(c, value, 'l')) != 0)
	    buf_str(&f->text, space + 1);
    } else if (strcmp(key, "dir") == 0)
	case_file(c, value, 'd');
    else if (strcmp(key, "fifo") == 0)
	case_file(c, value, 'p');
    else if (strcmp(key, "allow-path") == 0)
	c->allow_path = xstrdup(value);
    else if (strcmp(key, "deny-path") == 0)
	c->deny_path = xstrdup(value);
    else if (strcmp(key, "host") == 0 || strcmp(key, "reverse") == 0
	     || strcmp(key, "forward") == 0)
	parse_lookup(c, key, value);
    else if (strcmp(key, "client") == 0)
	parse_endpoint(c, value, &c->client_sin);
    else if (strcmp(key, "server") == 0)
	parse_endpoint(c, value, &c->server_sin);
    else if (strcmp(key, "client-name") == 0)
	c->client_name = xstrdup(value);
    else if (strcmp(key, "client-addr") == 0)
	c->client_addr = xstrdup(value);
    else if (strcmp(key, "server-name") == 0)
	c->server_name = xstrdup(value);
    else if (strcmp(key, "server-addr") == 0)
	c->server_addr = xstrdup(value);
    else if (strcmp(key, "user") == 0)
	c->user = xstrdup(value);
    else if (strcmp(key, "daemon") == 0)
	c->daemon = xstrdup(value);
    else if (strcmp(key, "request-fd") == 0)
	c->request_fd = xstrdup(value);
    else if (strcmp(key, "call") == 0 && strcmp(value, "hosts_ctl") == 0)
	c->use_hosts_ctl = 1;
    else if (strcmp(key, "verbose") == 0)
	c->verbose = atoi(value);
    else if (strcmp(key, "repeat") == 0)
	c->repeat = atoi(value);
    else if (strcmp(key, "timeout") == 0)
	c->timeout = atoi(value);
    else if (strcmp(key, "departure") == 0)
	c->departure = xstrdup(value);
    else if (strcmp(key, "modes") == 0)
	c->modes = xstrdup(value);
    else if (strcmp(key, "expect") == 0)
	add_check(c, key, value);
    else
	set_error(c, "unknown key", key);
}

/* ---------------- running a case ---------------- */

/* expand_text - %T is the case directory, {{N*text}} is text N times */
static void expand_text(const char *in, size_t len, const char *dir,
			        struct buf *out)
{
    const char *end = in + len;
    const char *star;
    const char *close;
    long    count;

    while (in < end) {
	if (in + 1 < end && in[0] == '%' && in[1] == 'T') {
	    buf_str(out, dir);
	    in += 2;
	} else if (in + 1 < end && in[0] == '{' && in[1] == '{'
		   && (star = memchr(in, '*', (size_t) (end - in))) != 0
		   && (close = strstr(star, "}}")) != 0 && close < end) {
	    for (count = atol(in + 2); count > 0; count--)
		buf_add(out, star + 1, (size_t) (close - star - 1));
	    in = close + 2;
	} else {
	    buf_add(out, in++, 1);
	}
    }
}

/* expand_string - expand_text for a string; malloc'd result */
static char *expand_string(const char *in, const char *dir)
{
    struct buf out = {0, 0, 0};

    expand_text(in, strlen(in), dir, &out);
    buf_add(&out, "", 0);
    return (out.data);
}

/* path_in - <dir>/<name>, malloc'd */
static char *path_in(const char *dir, const char *name)
{
    char   *path;

    if (asprintf(&path, "%s/%s", dir, name) < 0)
	die("asprintf");
    return (path);
}

/* create_files - make the case's files, directories and FIFOs */
static int create_files(const struct test_case *c, const char *dir)
{
    struct buf text = {0, 0, 0};
    size_t  i;
    char   *path;
    FILE   *fp;
    int     ok = 1;

    for (i = 0; ok && i < c->n_files; i++) {
	path = path_in(dir, c->files[i].name);
	if (c->files[i].kind == 'd') {
	    ok = mkdir(path, 0755) == 0;
	} else if (c->files[i].kind == 'p') {
	    ok = mkfifo(path, 0644) == 0;
	} else if (c->files[i].kind == 'l') {
	    ok = symlink(c->files[i].text.data, path) == 0;
	} else if ((fp = fopen(path, "w")) == 0) {
	    ok = 0;
	} else {
	    text.len = 0;
	    if (c->files[i].text.len > 0)
		expand_text(c->files[i].text.data, c->files[i].text.len, dir, &text);
	    ok = text.len == 0
		|| fwrite(text.data, 1, text.len, fp) == text.len;
	    ok = (fclose(fp) == 0) && ok;
	}
	free(path);
    }
    free(text.data);
    return (ok);
}

/* remove_entry - nftw callback of remove_tree */
static int remove_entry(const char *path, const struct stat *st, int flag,
			        struct FTW *ftw)
{
    (void) st;
    (void) ftw;
    return (flag == FTW_DP ? rmdir(path) : unlink(path));
}

/* remove_tree - rm -rf the case directory */
static void remove_tree(const char *dir)
{
    (void) nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* request_string - a request string of the case, expanded; 0 if none */
static char *request_string(const char *value, const char *dir)
{
    return (value ? expand_string(value, dir) : 0);
}

/* build_request - the request a case describes (not for hosts_ctl) */
static void build_request(const struct test_case *c, const char *dir,
			          struct request_info *request)
{
    static struct sockaddr_storage client;
    static struct sockaddr_storage server;
    static const struct {
	int     key;
	size_t  offset;
    } strings[] = {
	{RQ_CLIENT_NAME, offsetof(struct test_case, client_name)},
	{RQ_CLIENT_ADDR, offsetof(struct test_case, client_addr)},
	{RQ_SERVER_NAME, offsetof(struct test_case, server_name)},
	{RQ_SERVER_ADDR, offsetof(struct test_case, server_addr)},
	{RQ_USER, offsetof(struct test_case, user)},
    };
    char   *value;
    char   *path;
    size_t  i;
    int     fd;

    request_init(request, RQ_DAEMON, request_string(c->daemon ? c->daemon : "sshd",
						    dir), 0);
    if (c->client_sin.len) {
	client = c->client_sin.ss;
	request_set(request, RQ_CLIENT_SIN, &client, 0);
    }
    if (c->server_sin.len) {
	server = c->server_sin.ss;
	request_set(request, RQ_SERVER_SIN, &server, 0);
    }
    if (c->client_sin.len || c->server_sin.len)
	sock_methods(request);
    for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
	value = *(char *const *) ((const char *) c + strings[i].offset);
	if (value)
	    request_set(request, strings[i].key, request_string(value, dir), 0);
    }
    if (c->request_fd) {
	path = path_in(dir, c->request_fd);
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644)) < 0)
	    die(path);
	free(path);
	request_set(request, RQ_FILE, fd, 0);
    }
}

/*
 * decide - hosts_access() for the request, its tables scanned the way the
 * mode wants: as the library chooses (fast; and Debian's library),
 * every line parsed (slow), or from the resident index. resident is
 * counted as hosts_access() counts it.
 */
static int decide(struct request_info *request, enum mode mode)
{
#ifndef DEBIAN_LIBWRAP
    if (mode == MODE_SLOW || mode == MODE_RESIDENT) {
	if (resident <= 0)
	    resident++;
	return (wrap_hosts_access(request, mode == MODE_SLOW ?
				  WRAP_SCAN_EVERY_LINE : WRAP_SCAN_INDEX));
    }
#endif
    return (hosts_access(request));
}

/* decide_ctl - hosts_ctl(), or the request it makes, decided as above */
static int decide_ctl(char *daemon, char *name, char *addr, char *user,
		              enum mode mode)
{
    struct request_info request;

    if (mode == MODE_FAST || mode == MODE_DEBIAN)
	return (hosts_ctl(daemon, name, addr, user));
    return (decide(request_init(&request, RQ_DAEMON, daemon,
				RQ_CLIENT_NAME, name, RQ_CLIENT_ADDR, addr,
				RQ_USER, user, 0), mode));
}

/* run_child - in the child: set the library up, call it, report */
static void run_child(const struct test_case *c, const char *dir,
		              char *allow, char *deny, enum mode mode)
{
    struct request_info request;
    int     i;
    int     granted;

    current = c;
    alarm(c->timeout > 0 ? (unsigned) c->timeout : CASE_TIMEOUT);
    hosts_allow_table = allow;
    hosts_deny_table = deny;
    hosts_access_verbose = c->verbose;
#ifndef DEBIAN_LIBWRAP
    wrap_report_to(collect);
    wrap_resolver.getnameinfo = fake_getnameinfo;
    wrap_resolver.getaddrinfo = fake_getaddrinfo;
    wrap_resolver.freeaddrinfo = fake_freeaddrinfo;
    if (mode == MODE_RESIDENT)
	resident = 1;
#endif
    memset(&request, 0, sizeof(request));
    for (i = 0; i < (c->repeat > 0 ? c->repeat : 1); i++) {
	if (c->use_hosts_ctl) {
	    granted = decide_ctl(request_string(c->daemon ? c->daemon : "sshd", dir),
				 request_string(c->client_name ? c->client_name :
						unknown, dir),
				 request_string(c->client_addr ? c->client_addr :
						unknown, dir),
				 request_string(c->user ? c->user : unknown, dir),
				 mode);
	} else {
	    build_request(c, dir, &request);
	    granted = decide(&request, mode);
	}
	emit("V %s", granted ? "granted" : "denied");
    }
    if (!c->use_hosts_ctl)
	emit("U %s\nN %s", request.user, request.client->name);
}

/* parse_outcome - split the child's report stream */
static void parse_outcome(char *stream, struct outcome *out)
{
    char   *line;
    char   *next;

    for (line = stream; line && *line; line = next) {
	if ((next = strchr(line, '\n')) != 0)
	    *next++ = 0;
	if (strncmp(line, "V ", 2) == 0 && out->n_verdicts < 8) {
	    out->verdicts[out->n_verdicts++] = line + 2;
	} else if (strncmp(line, "L ", 2) == 0) {
	    buf_str(&out->logs, line + 2);
	    buf_add(&out->logs, "\n", 1);
	} else if (strncmp(line, "T ", 2) == 0) {
	    buf_str(&out->traces, line + 2);
	    buf_add(&out->traces, "\n", 1);
	} else if (strncmp(line, "U ", 2) == 0) {
	    out->user = line + 2;
	} else if (strncmp(line, "N ", 2) == 0) {
	    out->client_name = line + 2;
	}
    }
}

/* read_file - whole file, trailing newline dropped; 0 if absent */
static char *read_file(const char *path)
{
    struct buf text = {0, 0, 0};
    char    chunk[4096];
    size_t  got;
    FILE   *fp;

    if ((fp = fopen(path, "r")) == 0)
	return (0);
    while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
	buf_add(&text, chunk, got);
    fclose(fp);
    buf_add(&text, "", 0);
    if (text.len > 0 && text.data[text.len - 1] == '\n')
	text.data[--text.len] = 0;
    return (text.data);
}

/* check_verdicts - the expect: words against the verdicts returned */
static int check_verdicts(const char *expected, const struct outcome *out,
			          struct buf *why)
{
    char   *copy = xstrdup(expected);
    char   *word;
    size_t  n = 0;
    int     ok = 1;

    for (word = strtok(copy, " \t"); word; word = strtok((char *) 0, " \t"), n++) {
	if (strcmp(word, "twisted") == 0) {
	    if (n < out->n_verdicts || !WIFEXITED(out->status))
		ok = 0;
	} else if (n >= out->n_verdicts || strcmp(word, out->verdicts[n]) != 0) {
	    ok = 0;
	}
    }
    if (n < out->n_verdicts)
	ok = 0;
    if (!ok) {
	buf_str(why, "expected ");
	buf_str(why, expected);
	buf_str(why, ", got");
	for (n = 0; n < out->n_verdicts; n++) {
	    buf_str(why, " ");
	    buf_str(why, out->verdicts[n]);
	}
	if (WIFSIGNALED(out->status))
	    buf_str(why, " (killed by a signal)");
	else if (n == 0)
	    buf_str(why, " no verdict");
	buf_str(why, "; ");
    }
    free(copy);
    return (ok);
}

/* check_one - one expectation against the outcome; 0 and why if unmet */
static int check_one(const struct check *ck, const char *dir,
		             const struct outcome *out, struct buf *why)
{
    char   *value = expand_string(ck->value, dir);
    char   *space;
    char   *path;
    char   *text = 0;
    struct buf want = {0, 0, 0};
    int     ok;
    const char *logs = out->logs.data ? out->logs.data : "";
    const char *traces = out->traces.data ? out->traces.data : "";

    if (strcmp(ck->key, "expect") == 0) {
	free(value);
	return (check_verdicts(ck->value, out, why));
    }
    if (strcmp(ck->key, "log") == 0)
	ok = strstr(logs, value) != 0;
    else if (strcmp(ck->key, "nolog") == 0)
	ok = *value ? strstr(logs, value) == 0 : *logs == 0;
    else if (strcmp(ck->key, "trace") == 0)
	ok = strstr(traces, value) != 0;
    else if (strcmp(ck->key, "notrace") == 0)
	ok = *value ? strstr(traces, value) == 0 : *traces == 0;
    else if (strcmp(ck->key, "ident") == 0)
	ok = out->user != 0 && (strcmp(value, "asked") == 0) == (*out->user != 0);
    else if (strcmp(ck->key, "client-name-is") == 0)
	ok = out->client_name != 0 && strcmp(out->client_name, value) == 0;
    else if (strcmp(ck->key, "no-file") == 0) {
	path = path_in(dir, value);
	ok = access(path, F_OK) != 0;
	free(path);
    } else {					/* sh-file: NAME [CONTENT] */
	if ((space = strchr(value, ' ')) != 0)
	    *space++ = 0;
	path = path_in(dir, value);
	text = read_file(path);
	if (space != 0)
	    unescape(space, &want);
	ok = text != 0 && (space == 0 || strcmp(text, want.data ? want.data : "") == 0);
	free(want.data);
	free(path);
	if (space)
	    space[-1] = ' ';
    }
    if (!ok) {
	buf_str(why, ck->key);
	buf_str(why, ": ");
	buf_str(why, value);
	if (strcmp(ck->key, "sh-file") == 0) {
	    buf_str(why, " (file has: ");
	    buf_str(why, text ? text : "<no file>");
	    buf_str(why, ")");
	} else if (strcmp(ck->key, "client-name-is") == 0
		   || strcmp(ck->key, "ident") == 0) {
	    buf_str(why, " (name: ");
	    buf_str(why, out->client_name ? out->client_name : "?");
	    buf_str(why, ", user: ");
	    buf_str(why, out->user ? out->user : "?");
	    buf_str(why, ")");
	}
	buf_str(why, "; ");
    }
    free(text);
    free(value);
    return (ok);
}

/* run_mode - run a case once in a mode; 1 if every expectation holds */
static int run_mode(const struct test_case *c, enum mode mode, struct buf *why,
		            struct buf *logs)
{
    char    dir[] = "/tmp/match_cases.XXXXXX";
    char   *allow;
    char   *deny;
    int     fds[2];
    pid_t   pid;
    struct buf stream = {0, 0, 0};
    char    chunk[65536];
    ssize_t got;
    struct outcome out;
    size_t  i;
    int     ok = 1;

    memset(&out, 0, sizeof(out));
    if (mkdtemp(dir) == 0)
	die("mkdtemp");
    if (!create_files(c, dir)) {
	buf_str(why, "cannot create the case's files; ");
	remove_tree(dir);
	return (0);
    }
    allow = c->allow_path ? expand_string(c->allow_path, dir)
	: path_in(dir, "hosts.allow");
    deny = c->deny_path ? expand_string(c->deny_path, dir)
	: path_in(dir, "hosts.deny");
    fflush(stdout);
    if (pipe2(fds, O_CLOEXEC) < 0)
	die("pipe");
    if ((pid = fork()) < 0)
	die("fork");
    if (pid == 0) {
	close(fds[0]);
	report_fd = fds[1];
	run_child(c, dir, allow, deny, mode);
	_exit(0);
    }
    close(fds[1]);
    while ((got = read(fds[0], chunk, sizeof(chunk))) != 0) {
	if (got < 0 && errno != EINTR)
	    die("read");
	if (got > 0)
	    buf_add(&stream, chunk, (size_t) got);
    }
    close(fds[0]);
    while (waitpid(pid, &out.status, 0) < 0)
	if (errno != EINTR)
	    die("waitpid");
    if (stream.data)
	parse_outcome(stream.data, &out);
    for (i = 0; i < c->n_checks; i++)
	ok = check_one(&c->checks[i], dir, &out, why) && ok;
    if (WIFSIGNALED(out.status) && WTERMSIG(out.status) == SIGALRM) {
	buf_str(why, "timed out; ");
	ok = 0;
    }
    if (out.logs.data)
	buf_str(logs, out.logs.data);
    free(out.logs.data);
    free(out.traces.data);
    free(stream.data);
    free(allow);
    free(deny);
    remove_tree(dir);
    return (ok);
}

#ifndef DEBIAN_LIBWRAP

/* wants_mode - does this case run in this mode? */
static int wants_mode(const struct test_case *c, enum mode mode)
{
    size_t  i;

    if (c->modes)
	return (strstr(c->modes, mode == MODE_FAST ? "fast" :
		       mode == MODE_SLOW ? "slow" : "resident") != 0);
    if (mode != MODE_RESIDENT)
	return (1);
    if (c->repeat > 1)
	return (0);
    for (i = 0; i < c->n_files; i++)
	if (c->files[i].text.data && strcasestr(c->files[i].text.data, "twist"))
	    return (0);
    return (1);
}

#endif

/* print_indented - show diagnostics under a result line */
static void print_indented(const char *label, const char *text)
{
    const char *line;
    const char *nl;

    for (line = text; line && *line; line = nl ? nl + 1 : 0) {
	nl = strchr(line, '\n');
	printf("    %s: %.*s\n", label, nl ? (int) (nl - line) : (int) strlen(line),
	       line);
    }
}

/* run_modes - run a case in each of its modes until one fails; 1 if none */
static int run_modes(const struct test_case *c, struct buf *why,
		             struct buf *logs, enum mode *failed)
{
#ifdef DEBIAN_LIBWRAP
    *failed = MODE_DEBIAN;
    return (run_mode(c, MODE_DEBIAN, why, logs));
#else
    static const enum mode ours[] = {MODE_FAST, MODE_SLOW, MODE_RESIDENT};
    size_t  i;

    for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++) {
	if (!wants_mode(c, ours[i]))
	    continue;
	logs->len = 0;
	if (logs->data)
	    logs->data[0] = 0;
	if (!run_mode(c, ours[i], why, logs)) {
	    *failed = ours[i];
	    return (0);
	}
    }
    return (1);
#endif
}

/* run_case - run a case and print its result line; 1 unless it failed */
static int run_case(const struct test_case *c)
{
    struct buf why = {0, 0, 0};
    struct buf logs = {0, 0, 0};
    enum mode failed = MODE_FAST;
    size_t  i;
    int     ok;
    int     has_expect = 0;

    for (i = 0; i < c->n_checks; i++)
	has_expect |= strcmp(c->checks[i].key, "expect") == 0;
    if (c->error || !has_expect) {
	printf("FAIL: %s (%s:%d: bad case: %s)\n", c->name, c->source, c->line,
	       c->error ? c->error : "no expect: line");
	return (0);
    }
#ifdef DEBIAN_LIBWRAP
    if (c->departure) {
	printf("SKIP: %s (departure %s)\n", c->name, c->departure);
	return (1);
    }
#endif
    if ((ok = run_modes(c, &why, &logs, &failed)) != 0) {
	printf("PASS: %s\n", c->name);
    } else {
	if (why.len >= 2)
	    why.data[why.len - 2] = 0;		/* the last "; " */
	printf("FAIL: %s (%s:%d: %s [%s])\n", c->name, c->source, c->line,
	       why.data ? why.data : "?", mode_names[failed]);
    }
    if (!ok || verbose_output)
	print_indented("log", logs.data);
    free(why.data);
    free(logs.data);
    return (ok);
}

/* free_case - release what a case holds */
static void free_case(struct test_case *c)
{
    size_t  i;

    for (i = 0; i < c->n_files; i++) {
	free(c->files[i].name);
	free(c->files[i].text.data);
    }
    for (i = 0; i < c->n_reverse; i++)
	free(c->reverse[i].name);
    for (i = 0; i < c->n_forward; i++) {
	free(c->forward[i].name);
	free(c->forward[i].canon);
    }
    for (i = 0; i < c->n_checks; i++) {
	free(c->checks[i].key);
	free(c->checks[i].value);
    }
    free(c->name);
    free(c->error);
    free(c->allow_path);
    free(c->deny_path);
    free(c->client_name);
    free(c->client_addr);
    free(c->server_name);
    free(c->server_addr);
    free(c->user);
    free(c->daemon);
    free(c->request_fd);
    free(c->departure);
    free(c->modes);
    memset(c, 0, sizeof(*c));
}

/* run_file - run every case of one case file; number of failures */
static int run_file(const char *source)
{
    static struct test_case c;
    FILE   *fp;
    char   *line = 0;
    size_t  size = 0;
    ssize_t len;
    int     lineno = 0;
    int     failures = 0;
    char   *colon;
    char   *value;

    if ((fp = fopen(source, "r")) == 0)
	die(source);
    while ((len = getline(&line, &size, fp)) >= 0) {
	lineno++;
	if (len > 0 && line[len - 1] == '\n')
	    line[--len] = 0;
	if (line[0] == '#' || line[strspn(line, " \t")] == 0)
	    continue;
	colon = line + strspn(line, "abcdefghijklmnopqrstuvwxyz-");
	if (*colon != ':') {
	    if (c.name)
		set_error(&c, "not a key: value line", line);
	    continue;
	}
	*colon = 0;
	value = colon + 1 + strspn(colon + 1, " \t");
	if (strcmp(line, "case") == 0) {
	    if (c.name)
		failures += !run_case(&c);
	    free_case(&c);
	    c.name = xstrdup(value);
	    c.source = source;
	    c.line = lineno;
	} else if (c.name) {
	    parse_line(&c, line, value);
	}
    }
    if (c.name)
	failures += !run_case(&c);
    free_case(&c);
    free(line);
    fclose(fp);
    return (failures);
}

/* main - match_cases [-v] case-file... */
int     main(int argc, char **argv)
{
    int     failures = 0;
    int     i = 1;

    if (argc > 1 && strcmp(argv[1], "-v") == 0) {
	verbose_output = 1;
	i++;
    }
    if (i >= argc) {
	fprintf(stderr, "usage: match_cases [-v] case-file...\n");
	return (2);
    }
    for (; i < argc; i++)
	failures += run_file(argv[i]);
    return (failures ? 1 : 0);
}
