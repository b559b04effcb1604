/*
 * scaffold.h - what tcpdmatch and tcpdchk share besides inetd.conf
 * (scaffold.c): allocation that exits when memory runs out, the stdout
 * report function, host lookups through the library's resolver seam (or
 * none, --no-dns), and file permission checks.
 */

#ifndef SCAFFOLD_H
#define SCAFFOLD_H

#include <stddef.h>
#include <sys/stat.h>
#include <netdb.h>

struct host_info;

extern int no_dns;

/*
 * The kind of a finding (tcpdchk --json), named where the warning is
 * issued: warn_kind() is tcpd_warn() under a kind, and kind_begin() and
 * kind_end() name the kind of whatever the library reports in between.
 * The prose is the same either way.
 */
extern const char *finding_kind;
#define warn_kind(kind, ...) do { \
	const char *saved_kind_ = kind_begin(kind); \
	tcpd_warn(__VA_ARGS__); \
	kind_end(saved_kind_); \
    } while (0)
extern const char *kind_begin(const char *kind);
extern void kind_end(const char *saved);

extern void *xmalloc(size_t size);
extern void *xrealloc(void *memory, size_t size);
extern char *xstrdup(const char *text);
extern void report_on_stdout(void);
extern void report_resume(void);
extern size_t findings_reported(void);
extern void count_finding(void);
extern void notes_to(void (*fn) (const char *host));
extern void use_local_tables(void);
extern void use_no_dns(void);
extern void note_not_checked(const char *host);
extern struct addrinfo *find_inet_addr(const char *host);
extern int numeric_ipv6(const char *host);
extern int numeric_address(const char *host);
extern int link_local(const struct sockaddr *sa);
extern void copy_endpoint(struct sockaddr_storage *ss,
			  const struct addrinfo *res);
extern int check_dns(const char *host);
extern int check_path(const char *path, struct stat *st);
extern void verify_hostname(struct host_info *host);
extern void check_real_daemon_dir(void);

#endif /* SCAFFOLD_H */
