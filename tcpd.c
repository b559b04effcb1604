/*
 * tcpd.c - the wrapper that a super-server runs in front of a daemon.
 *
 * inetd starts "tcpd in.fingerd" instead of "in.fingerd", with the client
 * connection on descriptors 0, 1 and 2. tcpd learns who the client is,
 * asks the access control tables (hosts_access), logs the connection and
 * replaces itself with the real daemon; a refused client gets nothing but
 * a log line, in Debian's format. Like Debian's tcpd it takes no options
 * and ignores its own arguments beyond argv[0], which it passes on
 * unchanged.
 *
 * Every log line goes through the library's one reporting path,
 * wrap_report(), which writes to syslog.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "wrap.h"

/* Build-time settings: make variables, defaulting to Debian's choices. */
#ifndef PARANOID_MODE
#define PARANOID_MODE		0
#endif
#ifndef KILL_IP_OPTIONS_MODE
#define KILL_IP_OPTIONS_MODE	1
#endif

#define DAEMON_UMASK		022	/* no world-writable files by accident */

/* daemon_path - where the real daemon is: argv[0] if absolute, else in REAL_DAEMON_DIR */
static char *daemon_path(const char *name)
{
    char   *path;

    if (name[0] == '/')
	return (strdup(name));
    if (asprintf(&path, "%s/%s", REAL_DAEMON_DIR, name) < 0)
	return (0);
    return (path);
}

/* main - check the client on descriptor 0, then become the real daemon */
int     main(int argc, char **argv)
{
    static char *no_name[] = {"", 0};	/* run with an empty argv */
    struct request_info request;
    char   *path;

    (void) umask(DAEMON_UMASK);
    if (argc < 1 || argv[0] == 0)
	argv = no_name;

    /* The daemon's name is the basename of an absolute argv[0]. */
    path = daemon_path(argv[0]);
    if (argv[0][0] == '/')
	argv[0] = strrchr(argv[0], '/') + 1;

    openlog(argv[0], LOG_PID, FACILITY);
    if (path == 0) {
	wrap_report(LOG_ERR, "error: cannot execute %s: out of memory", argv[0]);
	clean_exit((struct request_info *) 0);
    }

    /* Host names are looked up (and double-checked) only when needed. */
    request_init(&request, RQ_DAEMON, argv[0], RQ_FILE, STDIN_FILENO, 0);
    fromhost(&request);

    if (PARANOID_MODE && STR_EQ(eval_hostname(request.client), paranoid))
	refuse(&request);
    if (KILL_IP_OPTIONS_MODE)
	fix_options(&request);
    if (hosts_access(&request) == 0)
	refuse(&request);

    wrap_report(allow_severity, "connect from %s (%s)",
		eval_client(&request), eval_hostaddr(request.client));
    closelog();
    (void) execv(path, argv);
    wrap_report(LOG_ERR, "error: cannot execute %s: %m", path);
    clean_exit(&request);
    return (0);					/* not reached */
}
