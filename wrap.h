/*
 * wrap.h - what the library's files share with each other and with our
 * own programs (tcpd, tcpdmatch, tcpdchk, try-from, the tests), but not
 * with the world: none of this is exported from libwrap.so.0.
 *
 * Internal names start with wrap_ so that they cannot collide with a
 * program that links the static libwrap.a.
 */

#ifndef WRAP_H
#define WRAP_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netdb.h>

#include "tcpd.h"

/* Exported by libwrap.so.0 but not declared in tcpd.h (as in Debian). */
extern jmp_buf tcpd_buf;		/* hosts_access() waits here */
extern char *percent_m(char *obuf, char *ibuf);
extern void fix_options(struct request_info *request);
extern unsigned long cidr_mask_addr(char *string);

#pragma GCC visibility push(hidden)

#define WRAP_PRINTF(f, a) __attribute__ ((format (printf, f, a)))

/* Three-valued results of matching: a table error fails closed. */
#define WRAP_NO		0
#define WRAP_YES	1
#define WRAP_ERR	(-1)

/* Build-time settings (Makefile variables; SPEC decision 2). */
#ifndef HOSTS_ALLOW
#define HOSTS_ALLOW	"/etc/hosts.allow"
#endif
#ifndef HOSTS_DENY
#define HOSTS_DENY	"/etc/hosts.deny"
#endif
#ifndef RFC931_TIMEOUT
#define RFC931_TIMEOUT	10
#endif
#ifndef REAL_DAEMON_DIR
#define REAL_DAEMON_DIR	"/usr/sbin"
#endif
#ifndef FACILITY
#define FACILITY	LOG_DAEMON
#endif

/* Longest result of a % expansion in an option value (Debian's BUFSIZ). */
#define WRAP_EXPANSION_MAX 8192

/*
 * diag.c - the one reporting path. Every warning, error, "matched:" and
 * "option:" line and every connection log line goes through
 * wrap_report(). It goes to syslog unless a program redirects it
 * (tcpdmatch and tcpdchk print on stdout). "%m" is expanded.
 */
typedef void (*wrap_report_fn) (int priority, const char *text);
extern void wrap_report_to(wrap_report_fn fn);	/* 0 restores syslog */
extern void wrap_report(int priority, const char *format, ...) WRAP_PRINTF(2, 3);
extern void wrap_vreport(int priority, const char *format, va_list ap);

/*
 * table.c - the one parser of hosts.allow and hosts.deny.
 * wrap_table_next() returns one rule at a time, in a buffer that the caller
 * may modify until the next call, and keeps tcpd_context (file and line)
 * current for diagnostics. A table is read in chunks (a one-shot process
 * such as tcpd never holds a whole big table); with a fast client (see
 * below) lines that cannot match are passed over without being parsed,
 * and in a resident process (resident > 0) the table comes from an
 * in-memory index kept by table_index.c.
 */
struct wrap_fast_client;
struct wrap_index_cursor;
struct wrap_table {
    const char *path;
    int     fd;				/* file being read in chunks, or -1 */
    char   *text;			/* buffered bytes, NUL-terminated */
    size_t  size;			/* valid bytes in text */
    size_t  cap;			/* allocated bytes (0: text not ours) */
    size_t  pos;			/* next byte to parse */
    int     eof;			/* nothing more to read */
    int     line;			/* physical lines consumed so far */
    char   *rule;			/* current logical line (copy) */
    size_t  rule_cap;			/* allocated size of rule */
    struct tcpd_context saved_context;	/* restored by wrap_table_close() */
    struct wrap_fast_client *fast_client;	/* 0: parse every line */
    struct wrap_index_cursor *cursor;	/* lines to parse, from the index */
};
struct wrap_rule {
    char   *daemons;			/* daemon list */
    char   *clients;			/* client list */
    char   *options;			/* option text (ends in newline), or 0 */
    int     line;			/* last physical line of the rule */
};
/* Returns WRAP_YES (open), WRAP_NO (missing file: empty table), WRAP_ERR. */
extern int wrap_table_open(struct wrap_table *table, const char *path);
/* The same, passing over lines that cannot match client (hosts_access). */
extern int wrap_table_open_fast(struct wrap_table *table, const char *path,
				struct wrap_fast_client *client);
/* Returns WRAP_YES (a rule), WRAP_NO (end of table), WRAP_ERR (fail closed). */
extern int wrap_table_next(struct wrap_table *table, struct wrap_rule *rule);
extern void wrap_table_close(struct wrap_table *table);
/* Opens a regular file for reading without blocking; -1 (warned) on error,
 * -2 when it does not exist. */
extern int wrap_open_regular(const char *path, struct stat *st);
/* Reads a whole regular file; WRAP_NO if missing, WRAP_ERR (warned) otherwise. */
extern int wrap_read_file(const char *path, char **text, size_t *size);
extern int wrap_read_file_stat(const char *path, char **text, size_t *size,
			       struct stat *st);

/*
 * fast_scan.c - the fast path for big tables: with fast_client set,
 * wrap_table_next() passes over lines that certainly cannot match without
 * copying or parsing them.
 */
#define WRAP_TEXT_PAD	16		/* readable bytes after a text's NUL */
struct wrap_rule_head {			/* "daemons: " shared by many lines */
    uint64_t word[2];			/* its bytes, ... */
    uint64_t mask[2];			/* ... and which of them count */
    size_t  len;			/* 0: none remembered */
    int     daemons_match;		/* may its daemon list match? */
};
struct wrap_fast_client {
    const char *addr;			/* client address, IPv4-mapped prefix off */
    size_t  len;			/* strlen(addr) */
    struct request_info *request;	/* the request, for daemon lists */
    struct wrap_rule_head head;		/* the last head seen */
};
extern size_t wrap_line_cannot_match(const char *text, size_t avail,
				     const struct wrap_fast_client *client);
extern size_t wrap_lines_cannot_match(const char *text, size_t avail,
				      struct wrap_fast_client *client,
				      int *lines);

/* match.c - the one matcher of daemon and client patterns. */
extern char *wrap_list_next(char **cursor);	/* next list word, or 0 */
extern int wrap_list_match(char *list, struct request_info *request,
			   int (*match) (char *word, struct request_info *));
extern int wrap_daemon_match(char *word, struct request_info *request);
extern int wrap_client_match(char *word, struct request_info *request);
extern int wrap_host_match(char *word, struct host_info *host);
extern int wrap_string_match(const char *pattern, const char *string);
extern int wrap_glob_match(const char *pattern, const char *string);
extern const char *wrap_string_unmapped(const char *address);
extern int wrap_parse_ipv6(const char *text, size_t len, struct in6_addr *addr);
extern int wrap_parse_mask(char *word, unsigned long *mask);
extern int wrap_prefix_length(const char *text, int low, int high);

/* index_keys.c - what a client list can match, and what a client presents. */
enum { WRAP_KEY_EXACT = 1, WRAP_KEY_PREFIX, WRAP_KEY_SUFFIX, WRAP_KEY_NET4, WRAP_KEY_NET6 };
struct wrap_key_sink {
    /* Takes one key (bytes are copied or used at once); returns WRAP_YES. */
    int     (*add) (struct wrap_key_sink *sink, int type, const char *bytes, size_t len);
    int     needs_name;			/* a word is matched against the name */
    void   *context;			/* the sink's own */
};
extern int wrap_client_keys(char *clients, struct wrap_key_sink *sink);
extern int wrap_string_keys(const char *string, const uint32_t *masks4, size_t n_masks4,
			    const unsigned char *lens6, struct wrap_key_sink *sink);

/*
 * table_index.c - for resident processes: tables kept in memory while
 * their identity (device, inode, size, times) is unchanged, with an index
 * from client address to the lines that can match it.
 */
extern int wrap_index_open(struct wrap_table *table, const char *path,
			   const struct wrap_fast_client *client);
/* Moves table->pos to the next line that can match (or the end). */
extern void wrap_index_skip(struct wrap_table *table);
extern void wrap_index_close(struct wrap_table *table);

/* hosts_access.c */
extern int wrap_fast_path;		/* 0: every line is parsed (for tests) */

/* options.c */
extern int wrap_aclexec_status;		/* nonzero: aclexec rejected the rule */

/* percent_x.c: WRAP_YES, or WRAP_ERR (warned) when result would not fit. */
extern int wrap_expand(char *result, size_t size, const char *format,
		       struct request_info *request);

/* shell_cmd.c: runs /bin/sh -c command with stdio on /dev/null, waits for
 * that child only (its pid in *pid). Returns its wait status, or -1
 * (warned). */
extern int wrap_run_command(const char *command, int *pid);

/* rfc931.c: parses one ident reply line; WRAP_YES with the user name. */
extern int wrap_ident_parse(const char *reply, unsigned client_port,
			    unsigned server_port, char *user, size_t size);

/*
 * socket.c - the lookup seam: every host name and address lookup of the
 * library goes through these, so tests can answer them without DNS.
 */
struct wrap_resolver {
    int     (*getnameinfo) (const struct sockaddr *, socklen_t, char *,
			    socklen_t, char *, socklen_t, int);
    int     (*getaddrinfo) (const char *, const char *,
			    const struct addrinfo *, struct addrinfo **);
    void    (*freeaddrinfo) (struct addrinfo *);
};
extern struct wrap_resolver wrap_resolver;
extern socklen_t wrap_sockaddr_len(const struct sockaddr *sa);

#pragma GCC visibility pop

#endif /* WRAP_H */
