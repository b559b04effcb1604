/*
 * scaffold.c - what tcpdmatch and tcpdchk share besides inetd.conf: the
 * allocation helpers that exit when memory runs out, the report function
 * that puts every library diagnostic on stdout (where the person or the
 * script that ran the program sees it, in order; Debian's hardened build
 * lost them to syslog), host lookups (through the library's resolver
 * seam, so that tests can answer them), the double-reverse check of every
 * address of a name, and the check that files are not writable by the
 * world.
 *
 * --no-dns (use_no_dns) replaces the resolver seam with functions that
 * parse numeric addresses and ask nobody: every name lookup and every
 * reverse lookup fails at once, so a run without a network gives the
 * same answers every time. Checks that would need a lookup print a
 * "note:" line instead (not a warning: nothing was found wrong).
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "wrap.h"
#include "scaffold.h"

int     no_dns;				/* --no-dns: no lookups */
static size_t findings;			/* warnings and errors reported */
const char *finding_kind;		/* of what is reported now, or 0 */
static void (*note_fn) (const char *host);	/* --json: takes notes */

/* out_of_memory - the programs' one way out when memory runs out */
static void out_of_memory(void)
{
    fprintf(stderr, "out of memory\n");
    exit(1);
}

/* xmalloc - malloc, or exit */
void   *xmalloc(size_t size)
{
    void   *memory = malloc(size);

    if (memory == 0)
	out_of_memory();
    return (memory);
}

/* xrealloc - realloc, or exit */
void   *xrealloc(void *memory, size_t size)
{
    if ((memory = realloc(memory, size)) == 0)
	out_of_memory();
    return (memory);
}

/* xstrdup - strdup, or exit */
char   *xstrdup(const char *text)
{
    char   *copy = strdup(text);

    if (copy == 0)
	out_of_memory();
    return (copy);
}

/* report_stdout - the library's reports, one line each, in order;
 * warnings and errors (tcpd_warn, tcpd_jump: LOG_ERR) are counted */
static void report_stdout(int priority, const char *text)
{
    if (priority == LOG_ERR)
	count_finding();
    printf("%s\n", text);
}

/* count_finding - one more warning or error */
void    count_finding(void)
{
    findings++;
}

/* kind_begin - name the kind of what is reported next; the kind before */
const char *kind_begin(const char *kind)
{
    const char *saved = finding_kind;

    finding_kind = kind;
    return (saved);
}

/* kind_end - back to the kind before kind_begin */
void    kind_end(const char *saved)
{
    finding_kind = saved;
}

/* notes_to - send "not checked" notes to fn instead of stdout */
void    notes_to(void (*fn) (const char *host))
{
    note_fn = fn;
}

/* report_resume - reports on stdout again, after a detour */
void    report_resume(void)
{
    wrap_report_to(report_stdout);
}

/* findings_reported - how many warnings and errors were reported */
size_t  findings_reported(void)
{
    return (findings);
}

/* report_on_stdout - every library report on stdout, line-buffered so
 * that it stays in order with banners */
void    report_on_stdout(void)
{
    setvbuf(stdout, (char *) 0, _IOLBF, 0);
    wrap_report_to(report_stdout);
}

/* numeric_getaddrinfo - getaddrinfo for numeric addresses only */
static int numeric_getaddrinfo(const char *node, const char *service,
			               const struct addrinfo *hints,
			               struct addrinfo **res)
{
    struct addrinfo numeric;

    if (hints != 0) {
	numeric = *hints;
    } else {
	memset(&numeric, 0, sizeof(numeric));
	numeric.ai_family = AF_UNSPEC;
    }
    numeric.ai_flags |= AI_NUMERICHOST;
    return (getaddrinfo(node, service, &numeric, res));
}

/* numeric_getnameinfo - getnameinfo that gives numbers, never names */
static int numeric_getnameinfo(const struct sockaddr *sa, socklen_t len,
			               char *host, socklen_t hostlen, char *serv,
			               socklen_t servlen, int flags)
{
    if (host != 0 && hostlen > 0 && (flags & NI_NUMERICHOST) == 0)
	return (EAI_NONAME);
    return (getnameinfo(sa, len, host, hostlen, serv, servlen, flags));
}

/* use_no_dns - --no-dns: no name is ever looked up */
void    use_no_dns(void)
{
    no_dns = 1;
    wrap_resolver.getaddrinfo = numeric_getaddrinfo;
    wrap_resolver.getnameinfo = numeric_getnameinfo;
}

/* note_not_checked - what --no-dns leaves unchecked, with file and line */
void    note_not_checked(const char *host)
{
    if (note_fn)
	note_fn(host);
    else if (tcpd_context.file)
	printf("note: %s, line %d: %s: not checked (--no-dns)\n",
	       tcpd_context.file, tcpd_context.line, host);
    else
	printf("note: %s: not checked (--no-dns)\n", host);
}

/* use_local_tables - -d: hosts.allow and hosts.deny of the current directory */
void    use_local_tables(void)
{
    hosts_allow_table = "hosts.allow";
    hosts_deny_table = "hosts.deny";
}

/*
 * find_inet_addr - the addresses of a host name or numeric address,
 * warning when the name is not found or is an alias; 0 if none.
 */
struct addrinfo *find_inet_addr(const char *host)
{
    struct addrinfo hints;
    struct addrinfo *res;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST;
    if (wrap_resolver.getaddrinfo(host, (char *) 0, &hints, &res) == 0)
	return (res);
    hints.ai_flags = AI_PASSIVE | AI_CANONNAME;
    if (wrap_resolver.getaddrinfo(host, (char *) 0, &hints, &res) != 0) {
	warn_kind("unknown-host", "%s: host not found", host);
	return (0);
    }
    if (res->ai_family != AF_INET && res->ai_family != AF_INET6) {
	warn_kind("unknown-host", "%d: not an internet host", res->ai_family);
	wrap_resolver.freeaddrinfo(res);
	return (0);
    }
    if (res->ai_canonname == 0) {
	warn_kind("hostname-alias", "%s: hostname alias", host);
	warn_kind("hostname-alias", "(cannot obtain official name)");
    } else if (STR_NE(host, res->ai_canonname)) {
	warn_kind("hostname-alias", "%s: hostname alias", host);
	warn_kind("hostname-alias",
	    "(official name: %.*s)", STRING_LENGTH, res->ai_canonname);
    }
    return (res);
}

/*
 * verify_hostname - look the name of host's address up now (the library
 * warns about names that fail the double-reverse check) and say so when
 * there is none.
 */
void    verify_hostname(struct host_info *host)
{
    const char *saved = kind_begin("dns-mismatch");
    int     no_name;

    host->name[0] = 0;
    host->addr[0] = 0;
    no_name = STR_EQ(eval_hostname(host), unknown);
    kind_end(saved);
    if (no_name)
	warn_kind("no-reverse-name",
	    "host address %s->name lookup failed", eval_hostaddr(host));
}

/* numeric_ipv6 - does the client text parse as an IPv6 address? */
int     numeric_ipv6(const char *host)
{
    struct addrinfo hints;
    struct addrinfo *res;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET6;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
    if (wrap_resolver.getaddrinfo(host, (char *) 0, &hints, &res) != 0)
	return (0);
    wrap_resolver.freeaddrinfo(res);
    return (1);
}

/* numeric_address - is host an IPv4 or IPv6 address (no name)? */
int     numeric_address(const char *host)
{
    return (dot_quad_addr((char *) host) != INADDR_NONE || numeric_ipv6(host));
}

/* link_local - an IPv6 link-local address (no reverse lookup for it) */
int     link_local(const struct sockaddr *sa)
{
    return (sa->sa_family == AF_INET6
	    && IN6_IS_ADDR_LINKLOCAL(&((const struct sockaddr_in6 *) sa)->sin6_addr));
}

/* copy_endpoint - keep an address where the request can point at it */
void    copy_endpoint(struct sockaddr_storage *ss, const struct addrinfo *res)
{
    memset(ss, 0, sizeof(*ss));
    if (res->ai_addrlen <= sizeof(*ss))
	memcpy(ss, res->ai_addr, res->ai_addrlen);
}

/* check_dns - verify every address of a host; the number of addresses */
int     check_dns(const char *host)
{
    struct request_info request;
    struct sockaddr_storage ss;
    struct addrinfo *res0;
    struct addrinfo *res;
    int     count = 0;

    if (no_dns) {
	note_not_checked(host);
	return (1);
    }
    if ((res0 = find_inet_addr(host)) == 0)
	return (0);
    request_init(&request, RQ_CLIENT_SIN, &ss, 0);
    sock_methods(&request);
    for (res = res0; res; res = res->ai_next, count++) {
	copy_endpoint(&ss, res);
	verify_hostname(request.client);
    }
    wrap_resolver.freeaddrinfo(res0);
    return (count);
}

/*
 * check_path - stat a file and warn when it, or a directory above it, is
 * world writable; -1 (errno set, no warning) when it cannot be stat'ed.
 */
int     check_path(const char *path, struct stat *st)
{
    struct stat parent_st;
    char   *parent;
    char   *slash;

    if (stat(path, st) < 0)
	return (-1);
    if (st->st_mode & 002)
	warn_kind("unsafe-permissions", "%s: world writable", path);
    if (path[0] == '/' && path[1] != 0 && (parent = strdup(path)) != 0) {
	slash = strrchr(parent, '/');
	*slash = 0;
	(void) check_path(parent[0] ? parent : "/", &parent_st);
	free(parent);
    }
    return (0);
}

/* check_real_daemon_dir - warn when REAL_DAEMON_DIR is not a directory */
void    check_real_daemon_dir(void)
{
    struct stat st;

    if (check_path(REAL_DAEMON_DIR, &st) < 0)
	warn_kind("daemon-dir", "REAL_DAEMON_DIR %s: %m", REAL_DAEMON_DIR);
    else if (!S_ISDIR(st.st_mode))
	warn_kind("daemon-dir",
	    "REAL_DAEMON_DIR %s is not a directory", REAL_DAEMON_DIR);
}
