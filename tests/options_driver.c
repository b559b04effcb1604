/*
 * options_driver.c - runs wrap_run_options() (or hosts_access()) once for
 * options.test and prints what happened: every report line, how the
 * options ended, and the process state that options change.
 *
 * usage: options_driver [-n] [-v] [-r resident] [-d daemon] [-s] [-G]
 *			 [-e name] [-t allow-table -T deny-table] [options]
 *   -n		dry run		-v	hosts_access_verbose = 1
 *   -s		request fd is a TCP socket (else fd 1, stdout)
 *   -G		first give the process supplementary groups 4 and 27
 *   -e name	print environment variable name afterwards
 *   -t/-T	call hosts_access() twice with these tables instead
 */

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "../wrap.h"

/* show - print a report line at once (twist execs right after one) */
static void show(int priority, const char *text)
{
    printf("log <%d> %s\n", priority, text);
    fflush(stdout);
}

/* show_state - what the options may have changed */
static void show_state(struct request_info *request, const char *env)
{
    gid_t   groups[64];
    int     n;
    int     i;
    mode_t  mask = umask(0);
    struct linger linger;
    int     on = 0;
    socklen_t len;

    printf("dry_run %d\n", dry_run);
    printf("severity %d %d\numask %04o\n", allow_severity, deny_severity,
	   (unsigned) mask);
    printf("uid %d %d\ngid %d %d\ngroups", (int) getuid(), (int) geteuid(),
	   (int) getgid(), (int) getegid());
    n = getgroups(64, groups);
    for (i = 0; i < n; i++)
	printf(" %d", (int) groups[i]);
    printf("\nnice %d\nrfc931_timeout %d\nuser %s\n",
	   getpriority(PRIO_PROCESS, 0), rfc931_timeout, request->user);
    if (env)
	printf("env %s=%s\n", env, getenv(env) ? getenv(env) : "(unset)");
    len = sizeof(linger);
    if (getsockopt(request->fd, SOL_SOCKET, SO_LINGER, &linger, &len) == 0) {
	len = sizeof(on);
	getsockopt(request->fd, SOL_SOCKET, SO_KEEPALIVE, &on, &len);
	printf("linger %d %d\nkeepalive %d\n", linger.l_onoff, linger.l_linger,
	       on != 0);
    }
}

int     main(int argc, char **argv)
{
    struct request_info request;
    const char *daemon = "in.food";
    static const char *env;
    const char *allow = 0;
    const char *deny = 0;
    char   *options;
    int     fd = 1;
    int     ch;
    int     verdict;
    gid_t   extra[] = {0, 4, 27};

    while ((ch = getopt(argc, argv, "nvr:d:sGe:t:T:")) != -1) {
	switch (ch) {
	case 'n': dry_run = 1; break;
	case 'v': hosts_access_verbose = 1; break;
	case 'r': resident = atoi(optarg); break;
	case 'd': daemon = optarg; break;
	case 's': fd = socket(AF_INET, SOCK_STREAM, 0); break;
	case 'G': if (setgroups(3, extra) != 0) perror("setgroups"); break;
	case 'e': env = optarg; break;
	case 't': allow = optarg; break;
	case 'T': deny = optarg; break;
	default: return (2);
	}
    }
    wrap_report_to(show);
    setvbuf(stdout, 0, _IOLBF, 0);
    umask(022);
    request_init(&request, RQ_DAEMON, daemon, RQ_CLIENT_ADDR, "127.0.0.1",
		 RQ_FILE, fd, 0);
    if (allow) {
	hosts_allow_table = (char *) allow;
	hosts_deny_table = (char *) deny;
	printf("first %s\n", hosts_access(&request) ? "granted" : "denied");
	printf("second %s\n", hosts_access(&request) ? "granted" : "denied");
	return (0);
    }
    if ((options = strdup(optind < argc ? argv[optind] : "")) == 0)
	return (2);
    if ((verdict = setjmp(tcpd_buf)) == 0) {
	printf("result return\naclexec %s\n",
	       wrap_run_options(options, &request, resident > 0,
				hosts_access_verbose) == WRAP_NO ?
	       "refuses" : "matches");
    } else {
	printf("result %s\n", verdict == AC_PERMIT ? "permit" : "deny");
    }
    show_state(&request, env);
    free(options);
    return (0);
}
