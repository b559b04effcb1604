/*
 * tcpd.h - the public interface of libwrap, the TCP Wrappers access
 * control library.
 *
 * Programs built against Debian's tcpd.h must run unchanged against this
 * library, so every structure layout, key number, macro and prototype here
 * is part of the ABI: do not reorder, resize or retype anything.
 * Only the text is ours.
 */

#ifndef _TCPWRAPPERS_TCPD_H
#define _TCPWRAPPERS_TCPD_H

#include <netinet/in.h>			/* struct sockaddr_in */
#include <stdio.h>			/* FILE, for xgets() */

#ifdef __cplusplus
extern "C" {
#endif

#define STRING_LENGTH	128		/* hosts, users, processes */

/* What is known about one end of a connection. */
struct host_info {
    char    name[STRING_LENGTH];	/* "" = not looked up; see eval_hostname() */
    char    addr[STRING_LENGTH];	/* "" = not looked up; see eval_hostaddr() */
#ifdef INET6
    struct sockaddr *sin;		/* AF_INET or AF_INET6 endpoint, or 0 */
#else
    struct sockaddr_in *sin;		/* same pointer; may hold an AF_INET6 address */
#endif
    struct t_unitdata *unit;		/* TLI transport address; always 0 */
    struct request_info *request;	/* back pointer to the request */
};

/* What is known about one service request. */
struct request_info {
    int     fd;				/* socket, or -1 */
    char    user[STRING_LENGTH];	/* client user; see eval_user() */
    char    daemon[STRING_LENGTH];	/* server process name; see eval_daemon() */
    char    pid[10];			/* server process id, in decimal */
    struct host_info client[1];		/* the client end */
    struct host_info server[1];		/* the server end */
    void    (*sink) (int);		/* discards a datagram, or 0 */
    void    (*hostname) (struct host_info *);	/* address to name method */
    void    (*hostaddr) (struct host_info *);	/* address to text method */
    void    (*cleanup) (struct request_info *);	/* unused; always 0 */
    struct netconfig *config;		/* unused; always 0 */
};

/* String helpers used by callers and by the library alike. */
#define STRN_CPY(d,s,l)	{ strncpy((d),(s),(l)); (d)[(l)-1] = 0; }
#define STRN_EQ(x,y,l)	(strncasecmp((x),(y),(l)) == 0)
#define STRN_NE(x,y,l)	(strncasecmp((x),(y),(l)) != 0)
#define STR_EQ(x,y)	(strcasecmp((x),(y)) == 0)
#define STR_NE(x,y)	(strcasecmp((x),(y)) != 0)

/*
 * Every string above starts empty ("not looked up yet"). A lookup that
 * fails leaves "unknown"; a host name that failed verification is
 * "paranoid".
 */
#define STRING_UNKNOWN	"unknown"
#define STRING_PARANOID	"paranoid"

extern char unknown[];
extern char paranoid[];

#define HOSTNAME_KNOWN(s) (STR_NE((s),unknown) && STR_NE((s),paranoid))
#define NOT_INADDR(s) (s[strspn(s,"01234567890./")] != 0)

#define fromhost sock_host		/* learn the endpoints of request->fd */

extern int hosts_access(struct request_info *request);
extern void shell_cmd(char *command);
extern char *percent_x(char *result, int len, char *fmt,
		       struct request_info *request);
#ifdef INET6
extern void rfc931(struct sockaddr *client, struct sockaddr *server,
		   char *user);
#else
extern void rfc931(struct sockaddr_in *client, struct sockaddr_in *server,
		   char *user);
#endif
extern void clean_exit(struct request_info *request);
extern void refuse(struct request_info *request);
extern char *xgets(char *buf, int len, FILE *fp);
extern char *split_at(char *string, int delimiter);
extern unsigned long dot_quad_addr(char *string);

/* Global settings. The caller may define the severities itself. */
#ifdef HAVE_WEAKSYMS
extern int allow_severity __attribute__ ((weak));
extern int deny_severity __attribute__ ((weak));
#else
extern int allow_severity;		/* syslog priority of granted connections */
extern int deny_severity;		/* syslog priority of refused connections */
#endif
extern char *hosts_allow_table;		/* path of hosts.allow */
extern char *hosts_deny_table;		/* path of hosts.deny */
extern int hosts_access_verbose;	/* > 0: log options; > 1: log matches */
extern int rfc931_timeout;		/* ident timeout in seconds */
extern int resident;			/* > 0 when hosts_access() runs repeatedly */

/* Filling in a request: key/value pairs, ended by a key of 0. */
extern struct request_info *request_init(struct request_info *request, ...);
extern struct request_info *request_set(struct request_info *request, ...);
extern int hosts_ctl(char *daemon, char *client_name, char *client_addr,
		     char *client_user);

#define RQ_FILE		1		/* int: socket */
#define RQ_DAEMON	2		/* char *: server process name */
#define RQ_USER		3		/* char *: client user name */
#define RQ_CLIENT_NAME	4		/* char *: client host name */
#define RQ_CLIENT_ADDR	5		/* char *: client address */
#define RQ_CLIENT_SIN	6		/* struct sockaddr *: client endpoint */
#define RQ_SERVER_NAME	7		/* char *: server host name */
#define RQ_SERVER_ADDR	8		/* char *: server address */
#define RQ_SERVER_SIN	9		/* struct sockaddr *: server endpoint */

/* Lazy evaluation: each looks the attribute up once and caches it. */
extern char *eval_user(struct request_info *request);
extern char *eval_hostname(struct host_info *host);
extern char *eval_hostaddr(struct host_info *host);
extern char *eval_hostinfo(struct host_info *host);
extern char *eval_client(struct request_info *request);
extern char *eval_server(struct request_info *request);
#ifdef INET6
extern char *eval_port(struct sockaddr *endpoint);
#else
extern char *eval_port(struct sockaddr_in *endpoint);
#endif
#define eval_daemon(r)	((r)->daemon)
#define eval_pid(r)	((r)->pid)

/* Socket methods: endpoints from a descriptor, names from the resolver. */
extern void sock_host(struct request_info *request);
extern void sock_hostname(struct host_info *host);
extern void sock_hostaddr(struct host_info *host);
#define sock_methods(r) \
	{ (r)->hostname = sock_hostname; (r)->hostaddr = sock_hostaddr; }

/*
 * Problem reports, prefixed with "<file>, line <n>: " while a table is
 * being read. tcpd_jump() does not return: it jumps back into
 * hosts_access() through the jmp_buf tcpd_buf (not declared here, so that
 * callers need not include <setjmp.h>).
 */
extern void tcpd_warn(char *format, ...);
extern void tcpd_jump(char *format, ...);

struct tcpd_context {
    char   *file;			/* table being read, or 0 */
    int     line;			/* its current line */
};
extern struct tcpd_context tcpd_context;

#define AC_PERMIT	1		/* tcpd_buf value: grant */
#define AC_DENY		(-1)		/* tcpd_buf value: deny */
#define AC_ERROR	AC_DENY		/* tcpd_buf value: error, so deny */

/*
 * In a dry run (tcpdchk, tcpdmatch) options report what they would do
 * instead of doing it; an option that would not return (twist) clears
 * dry_run to say so.
 */
extern void process_options(char *options, struct request_info *request);
extern int dry_run;

#ifdef __cplusplus
}
#endif

#endif /* _TCPWRAPPERS_TCPD_H */
