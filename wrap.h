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
#include <time.h>
#include <netdb.h>

#include "tcpd.h"

/* Exported by libwrap.so.0 but not declared in tcpd.h (as in Debian). */
extern jmp_buf tcpd_buf;		/* hosts_access() waits here */
extern char *percent_m(char *obuf, char *ibuf);
extern void fix_options(struct request_info *request);
extern unsigned long cidr_mask_addr(char *string);

#pragma GCC visibility push(hidden)

#define WRAP_PRINTF(f, a) __attribute__ ((format (printf, f, a)))

/*
 * Results of matching, reading and parsing that can fail closed: yes, no,
 * or an error (a table or list that cannot be read, a NUL byte in it).
 * Plain 0 and -1 mean "worked" and "failed" where there is no "no".
 */
enum wrap_result {
    WRAP_ERR = -1,
    WRAP_NO = 0,
    WRAP_YES = 1,
};

/* Build-time settings: Makefile variables with Debian's defaults. */
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
 * readfile.c - regular files only, never blocking, read whole or in
 * chunks. A text is NUL-terminated and followed by WRAP_TEXT_PAD more
 * readable bytes (the fast path reads whole words past its end).
 */
#define WRAP_TEXT_PAD	16
struct wrap_text {
    char   *bytes;			/* malloc'd, or 0 */
    size_t  size;			/* valid bytes */
    size_t  cap;			/* allocated bytes (0: not ours) */
    int     eof;			/* the whole file is in */
};
extern enum wrap_result wrap_open_regular(const char *path, int *fd,
					  struct stat *st);
extern int wrap_read_more(struct wrap_text *text, int fd, const char *path,
			  size_t want);
extern enum wrap_result wrap_read_file(const char *path, struct wrap_text *text,
				       struct stat *st);
extern int wrap_still_same(const struct stat *then, time_t read_at,
			   const struct stat *now);
extern int wrap_write_all(int fd, const char *data, size_t len);

/*
 * table.c - the one parser of hosts.allow and hosts.deny.
 * wrap_table_next() returns one rule at a time, in a buffer that the caller
 * may modify until the next call, and keeps tcpd_context (file and line)
 * current for diagnostics. The caller chooses how the table is scanned:
 * every line parsed (tcpdchk), lines that cannot match the client passed
 * over unparsed (fast_scan.c; a one-shot process such as tcpd, which reads
 * the table in chunks and never holds a whole big table), or only the
 * lines that the resident index (table_index.c) says may match (a daemon
 * that calls hosts_access() for every connection). All three give the
 * same rules to the matcher wherever it could match.
 */
enum wrap_scan {
    WRAP_SCAN_EVERY_LINE,
    WRAP_SCAN_FAST,
    WRAP_SCAN_INDEX,
};
struct wrap_fast_client;
struct wrap_index_cursor;
struct wrap_table {
    const char *path;
    enum wrap_scan way;
    int     fd;				/* file being read in chunks, or -1 */
    struct wrap_text text;		/* the window of the file read so far */
    size_t  pos;			/* next byte to parse */
    int     line;			/* physical lines consumed so far */
    char   *rule;			/* current logical line (copy) */
    size_t  rule_cap;			/* allocated size of rule */
    struct tcpd_context saved_context;	/* restored by wrap_table_close() */
    struct wrap_fast_client *client;	/* for WRAP_SCAN_FAST and _INDEX */
    struct wrap_index_cursor *cursor;	/* lines to parse, from the index */
};
struct wrap_rule {
    char   *daemons;			/* daemon list */
    char   *clients;			/* client list */
    char   *options;			/* option text (ends in newline), or 0 */
    int     line;			/* last physical line of the rule */
};
/* WRAP_YES (open), WRAP_NO (missing file: an empty table), WRAP_ERR. The
 * client may be 0 for WRAP_SCAN_EVERY_LINE. */
extern enum wrap_result wrap_table_open(struct wrap_table *table, const char *path,
					enum wrap_scan way,
					struct wrap_fast_client *client);
/* WRAP_YES (a rule), WRAP_NO (end of table), WRAP_ERR (fail closed). */
extern enum wrap_result wrap_table_next(struct wrap_table *table,
					struct wrap_rule *rule);
extern void wrap_table_close(struct wrap_table *table);

/*
 * dropin.c - the table T is the file T, then the files of the directory
 * T.d in byte order of their names (not those with a "." or ending in
 * "~"). cached: a resident process keeps listings; skipped hears of every
 * name passed over, with the reason (tcpdchk), or is 0.
 */
struct wrap_table_parts {
    char  **paths;			/* the files of T.d, in order */
    size_t  count;
};
typedef void (*wrap_skip_fn) (const char *path, const char *why, void *context);
extern enum wrap_result wrap_dropin_files(const char *path, int cached,
					  wrap_skip_fn skipped, void *context,
					  struct wrap_table_parts *parts);
extern void wrap_table_parts_free(struct wrap_table_parts *parts);
extern const char *wrap_dropin_skip_reason(const char *name);
extern int wrap_dropin_is_lock(const char *name);

/*
 * fast_scan.c - passing over lines that certainly cannot match a client,
 * without copying or parsing them.
 */
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
    int     is_ipv4;			/* addr is a dotted quad: ... */
    uint32_t ipv4;			/* ... this one (host order) */
    int     is_ipv6;			/* addr is an IPv6 address: ... */
    unsigned char ipv6[16];		/* ... this one */
};
extern void wrap_fast_client_init(struct wrap_fast_client *client,
				  struct request_info *request);
/* The length of the physical line at text if it certainly cannot match
 * (its daemon list is not evaluated), else 0. */
extern size_t wrap_unmatchable_line_length(const char *text, size_t avail,
					   const struct wrap_fast_client *client);
/* Passes over the lines that cannot match, adding them to *lines; returns
 * the bytes passed over. */
extern size_t wrap_pass_over_lines(const char *text, size_t avail,
				   struct wrap_fast_client *client, int *lines);

/*
 * match.c - the one matcher of daemon and client patterns, and the one
 * parser of every kind of pattern: the index and tcpdchk call these too.
 */
typedef enum wrap_result (*wrap_word_match) (char *word, struct request_info *request);
extern char *wrap_list_next(char **cursor);	/* next list word, or 0 */
extern enum wrap_result wrap_list_match(char *list, struct request_info *request,
					wrap_word_match match);
extern enum wrap_result wrap_daemon_match(char *word, struct request_info *request);
extern enum wrap_result wrap_client_match(char *word, struct request_info *request);
extern enum wrap_result wrap_string_match(const char *pattern, const char *string);
extern const char *wrap_string_unmapped(const char *address);
extern int wrap_parse_ipv6(const char *text, size_t len, struct in6_addr *addr);
extern enum wrap_result wrap_parse_bracketed(const char *word, struct in6_addr *addr);
extern int wrap_prefix_length(const char *text, int low, int high);
extern const char *wrap_server_port(struct request_info *request);
struct wrap_net {			/* a "net/mask" pattern */
    int     family;			/* AF_INET or AF_INET6 */
    uint32_t addr4;			/* IPv4 net as written (host bits kept) */
    uint32_t mask4;			/* network byte order */
    struct in6_addr addr6;		/* IPv6 net as written */
    int     prefix6;			/* 0..128 */
};
extern enum wrap_result wrap_parse_net(const char *net, const char *mask,
				       struct wrap_net *parsed);
extern void wrap_ipv6_prefix(const struct in6_addr *addr, int bits,
			     struct in6_addr *prefix);

/*
 * address.c - the canonical form of an address or network for a ban
 * (tcpdban), built on the parsers above: "192.0.2.7", "[2001:db8::1]",
 * "192.0.2.0/24", "[2001:db8::]/32". 0, or -1 with the reason in why.
 */
#define WRAP_ADDRESS_MAX 64		/* "[" IPv6 text "]/128" fits */
struct wrap_address {
    char    text[WRAP_ADDRESS_MAX];	/* the canonical form */
    int     as_pattern;			/* the input, as a table pattern,
					 * matches what text matches */
    const char *why;			/* why the input was refused */
};
extern int wrap_canonical_address(const char *input, struct wrap_address *address);

/*
 * A /file pattern list being read. Lists may name lists, at most
 * WRAP_LIST_DEPTH deep; a list that includes itself, one nested deeper,
 * one that cannot be read and one with a NUL byte fail closed (warned).
 * Words are separated by white space only, as Debian's matcher read them.
 */
#define WRAP_LIST_DEPTH	8
struct wrap_file_list {
    const char *path;
    const struct wrap_file_list *outer;	/* the list naming this one, or 0 */
    int     depth;			/* 1 for a list named by a table */
    struct wrap_text text;
    char   *cursor;			/* next word */
    int     line;			/* line of the last word returned */
    int     cut_newline;		/* the word ended at a newline */
};
extern enum wrap_result wrap_file_list_open(struct wrap_file_list *list,
					    const char *path,
					    const struct wrap_file_list *outer);
extern char *wrap_file_list_word(struct wrap_file_list *list);
extern void wrap_file_list_close(struct wrap_file_list *list);

/* index_keys.c - what a client list can match, and what a client presents. */
enum { WRAP_KEY_EXACT = 1, WRAP_KEY_PREFIX, WRAP_KEY_SUFFIX, WRAP_KEY_NET4, WRAP_KEY_NET6 };
struct wrap_key_sink {
    /* Takes one key (bytes are copied or used at once); WRAP_YES, or
     * WRAP_ERR when it cannot (the rule is then visited always). */
    enum wrap_result (*add) (struct wrap_key_sink *sink, int type,
			     const char *bytes, size_t len);
    int     needs_name;			/* a word is matched against the name */
    void   *context;			/* the sink's own */
};
extern enum wrap_result wrap_client_keys(char *clients, struct wrap_key_sink *sink);
extern enum wrap_result wrap_string_keys(const char *string, const uint32_t *masks4,
					 size_t n_masks4, const unsigned char *lens6,
					 struct wrap_key_sink *sink);

/*
 * table_index.c - for resident processes: tables kept in memory while
 * their identity (device, inode, size, times) is unchanged, with an index
 * from client address to the lines that can match it.
 */
extern enum wrap_result wrap_index_open(const char *path,
					const struct wrap_fast_client *client,
					struct wrap_index_cursor **cursor,
					struct wrap_text *text);
/* The offset of the next line to visit at or after pos (text size: none
 * left); *line becomes the physical lines before it. */
extern size_t wrap_index_next(struct wrap_index_cursor *cursor, size_t pos,
			      int *line);
extern void wrap_index_close(struct wrap_index_cursor *cursor);

/* options.c: runs a matched rule's options. WRAP_NO when aclexec refused
 * the rule; errors, allow and deny jump through tcpd_buf. resident > 0
 * refuses twist; verbose > 0 reports each option. wrap_rule_expiry()
 * finds the end of a rule ("expires" option) and wrap_option_next() cuts
 * one option into key and value, both without running anything. */
extern enum wrap_result wrap_run_options(char *options, struct request_info *request,
					 int resident, int verbose);

extern enum wrap_result wrap_rule_expiry(const char *options, time_t *when);
extern char *wrap_option_next(char **cursor, char **value);

/*
 * limits.c - the per_source and rate options: parsed into a struct
 * wrap_limit, collected by options.c for one rule and checked together
 * when the rule decides. wrap_parse_limit() gives 0, or why the value is
 * bad. wrap_limits_check() counts the connection in the shared state
 * (LIMITS_STATE, made and opened once per process): WRAP_YES (admitted,
 * or no state could be kept: logged once), WRAP_NO (a limit refused it:
 * logged with the limit and the rule). In a dry run nothing is counted;
 * verbose > 0 reports what would be. wrap_limits_check_in() is the same
 * on a state the caller opened (tests, bench).
 */
#ifndef LIMITS_STATE
#define LIMITS_STATE	"/run/tcpd/limits"
#endif
#define WRAP_LIMITS_MAX		4	/* limits in one rule */
#define WRAP_LIMIT_SLOTS	16	/* largest per_source count */
#define WRAP_LIMIT_RATE_MAX	1000000	/* largest rate count */
#define WRAP_LIMIT_ENTRIES	16384	/* sources tracked (a power of 2) */
#define WRAP_LIMIT_PROBE	8	/* entries a source may use */
enum wrap_limit_kind {
    WRAP_LIMIT_PER_SOURCE,
    WRAP_LIMIT_RATE,
};
struct wrap_limit {
    enum wrap_limit_kind kind;
    long    count;			/* N */
    long    seconds;			/* rate window; 0 for per_source */
    int     prefix4;			/* source network of an IPv4 client */
    int     prefix6;			/* ... and of an IPv6 client */
};
struct wrap_limits {
    struct wrap_limit limit[WRAP_LIMITS_MAX];
    int     n;
};
struct wrap_limit_state;
extern const char *wrap_parse_limit(enum wrap_limit_kind kind, const char *text,
				    struct wrap_limit *limit);
extern int wrap_format_limit(const struct wrap_limit *limit, char *text, size_t size);
extern enum wrap_result wrap_limits_check(const struct wrap_limits *limits,
					  struct request_info *request,
					  int dry, int verbose);
extern enum wrap_result wrap_limits_check_in(struct wrap_limit_state *state,
					     const struct wrap_limits *limits,
					     struct request_info *request,
					     int dry, int verbose);

/*
 * limitstate.c - the shared state file of the limits: fixed size, read
 * and written in place, locked around every change. An ask is one limit of one rule for one
 * source network; who is the process asking.
 */
struct wrap_limit_ask {
    uint64_t rule;			/* the rule and limit, hashed */
    int     family;			/* AF_INET or AF_INET6 */
    int     prefix;			/* bits of net that count */
    unsigned char net[16];		/* the source network, host bits 0 */
    long    count;
    long    seconds;			/* 0: a concurrency limit */
};
struct wrap_limit_who {
    pid_t   pid;
    uint32_t start;			/* its start time, low 32 bits */
    int64_t now_ms;			/* CLOCK_BOOTTIME */
};
struct wrap_limit_stats {
    uint64_t entries;			/* in use */
    uint64_t slots;			/* held by live processes */
    uint64_t evictions;
    uint64_t unplaced;
    uint64_t size;			/* of the file, fixed */
};
extern struct wrap_limit_state *wrap_limit_state_open(const char *path,
						      const char **why);
extern void wrap_limit_state_close(struct wrap_limit_state *state);
extern int wrap_limit_state_admit(struct wrap_limit_state *state,
				  const struct wrap_limit_ask *asks, int n,
				  const struct wrap_limit_who *who);
extern void wrap_limit_state_stats(struct wrap_limit_state *state,
				   struct wrap_limit_stats *stats);
extern long long wrap_process_start(pid_t pid);

/* expiry.c: "YYYYMMDDTHHMMSSZ" (UTC) and durations ("90s", "12h", "2w");
 * 0, or -1 when the text is not exactly one. */
extern int wrap_parse_expiry(const char *text, time_t *when);
#define WRAP_EXPIRY_LENGTH 16		/* "YYYYMMDDTHHMMSSZ" */
extern int wrap_format_expiry(time_t when, char *text, size_t size);
extern int wrap_parse_duration(const char *text, long *seconds);

/* hosts_access.c: hosts_access() with the scan chosen by the caller. */
extern int wrap_hosts_access(struct request_info *request, enum wrap_scan way);

/* percent_x.c: 0, or -1 (warned) when the result would not fit. */
extern int wrap_expand(char *result, size_t size, const char *format,
		       struct request_info *request);

/* shell_cmd.c: runs /bin/sh -c command with stdio on /dev/null, waits for
 * that child only (its pid in *pid). Returns its wait status, or -1
 * (warned). */
extern int wrap_run_command(const char *command, int *pid);

/* rfc931.c: parses one ident reply line; WRAP_YES with the user name. */
extern enum wrap_result wrap_ident_parse(const char *reply, unsigned client_port,
					 unsigned server_port, char *user,
					 size_t size);

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
