/*
 * refuse.c - how a wrapped program says no and leaves: log the refusal,
 * swallow a pending datagram (or inetd would hand it over again and
 * again), pause so that a looping client cannot make us spin, and exit.
 *
 * Also holds the library's weak defaults of allow_severity and
 * deny_severity: a program that defines its own (sshd, vsftpd, ...) wins.
 */

#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

#include "wrap.h"

int     allow_severity __attribute__ ((weak)) = LOG_INFO;
int     deny_severity __attribute__ ((weak)) = LOG_WARNING;

/* refuse - log a refused connection and exit */
void    refuse(struct request_info *request)
{
    wrap_report(deny_severity, "refused connect from %s (%s)",
		eval_client(request), eval_hostaddr(request->client));
    clean_exit(request);
}

/* clean_exit - consume a pending datagram, pause, exit 0 */
void    clean_exit(struct request_info *request)
{
    if (request != 0 && request->sink != 0)
	request->sink(request->fd);
    sleep(5);
    exit(0);
}
