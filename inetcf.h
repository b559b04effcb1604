/*
 * inetcf.h - what tcpdmatch and tcpdchk know about the services in
 * inetd.conf (inetcf.c).
 */

#ifndef INETCF_H
#define INETCF_H

/* How a service is run, as far as inetd.conf tells. */
#define WR_UNKNOWN	(-1)		/* not in inetd.conf */
#define WR_NOT		1		/* probably not wrapped */
#define WR_MAYBE	2		/* perhaps wrapped */
#define WR_YES		3		/* run by tcpd (or wraps itself) */

extern const char *inet_cfg(const char *conf);
extern void inet_set(const char *name, int type);
extern int inet_get(const char *name);
extern const char *inet_near(const char *name);

#endif /* INETCF_H */
