/*
 * rfc931_driver.c - drives rfc931() for rfc931.test.
 *
 * rfc931_driver parse REPLY CLIENTPORT SERVERPORT
 *	prints "yes <user>" or "no" (wrap_ident_parse)
 * rfc931_driver query FAMILY MODE TIMEOUT [CALLER]
 *	runs a fake ident server on port 113 of 127.0.0.2 (FAMILY 4) or ::1
 *	(FAMILY 6), answering in MODE (ok, wrongport, error, long, close,
 *	stall), and asks it with rfc931(). FAMILY "mixed" gives a v4 client
 *	and a v6 server. Before the call the caller's SIGALRM state is set
 *	up: a counting handler, SIGUSR1 blocked, a 100 s interval timer;
 *	CALLER "expire" makes that timer 0.3 s, "blocked" also blocks SIGALRM,
 *	"pending" blocks it and has one pending.
 *	Prints the user and whether the caller's state came back unchanged.
 *	Must run in a private network namespace (unshare -n).
 */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "../wrap.h"

#define CLIENT_PORT	4321
#define SERVER_PORT	22

static volatile sig_atomic_t alarms;

/* count_alarm - the caller's own SIGALRM handler */
static void count_alarm(int sig)
{
    (void) sig;
    alarms++;
}

/* endpoint - fill an address of the given family */
static socklen_t endpoint(struct sockaddr_storage *ss, int family,
			          const char *addr, int port)
{
    struct sockaddr_in *sin = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;

    memset(ss, 0, sizeof(*ss));
    if (family == AF_INET) {
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	inet_pton(AF_INET, addr, &sin->sin_addr);
	return (sizeof(*sin));
    }
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    inet_pton(AF_INET6, addr, &sin6->sin6_addr);
    return (sizeof(*sin6));
}

/* serve - answer one ident query in the given mode, then exit */
static void serve(int listener, const char *mode)
{
    char    query[256];
    char    peer[64];
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    ssize_t got;
    unsigned cport = 0;
    unsigned sport = 0;
    int     fd;

    if ((fd = accept(listener, (struct sockaddr *) &ss, &len)) < 0)
	_exit(1);
    getnameinfo((struct sockaddr *) &ss, len, peer, sizeof(peer), 0, 0,
		NI_NUMERICHOST);
    if ((got = read(fd, query, sizeof(query) - 1)) <= 0)
	_exit(1);
    query[got] = 0;
    sscanf(query, "%u,%u", &cport, &sport);
    printf("server saw query %u,%u%s from %s\n", cport, sport,
	   strstr(query, "\r\n") ? " CRLF" : "", peer);
    fflush(stdout);
    if (strcmp(mode, "ok") == 0)
	dprintf(fd, "%u , %u : USERID : UNIX :alice  extra\r\n", cport, sport);
    else if (strcmp(mode, "wrongport") == 0)
	dprintf(fd, "%u , %u : USERID : UNIX : alice\r\n", cport, sport + 1);
    else if (strcmp(mode, "error") == 0)
	dprintf(fd, "%u , %u : ERROR : NO-USER\r\n", cport, sport);
    else if (strcmp(mode, "long") == 0)
	dprintf(fd, "%u , %u : USERID : UNIX : %0200d\r\n", cport, sport, 7);
    else if (strcmp(mode, "stall") == 0)
	sleep(30);
    _exit(0);
}

/* same_mask - is the current signal mask equal to want? */
static int same_mask(const sigset_t *want)
{
    sigset_t now;
    int     sig;

    sigprocmask(SIG_BLOCK, 0, &now);
    for (sig = 1; sig < NSIG; sig++)
	if (sigismember(&now, sig) != sigismember(want, sig))
	    return (0);
    return (1);
}

/* query - one rfc931() call against a fake server; see the top */
static int query(const char *family, const char *mode, int timeout,
		         const char *caller)
{
    struct sockaddr_storage client, server, bound;
    struct itimerval timer, now;
    struct sigaction action, after;
    sigset_t mask;
    int     v6 = strcmp(family, "6") == 0;
    int     listener;
    int     one = 1;
    pid_t   pid;
    char    user[STRING_LENGTH];
    int     i;

    endpoint(&bound, v6 ? AF_INET6 : AF_INET, v6 ? "::1" : "127.0.0.2", 113);
    endpoint(&client, v6 ? AF_INET6 : AF_INET, v6 ? "::1" : "127.0.0.2",
	     CLIENT_PORT);
    endpoint(&server, v6 || strcmp(family, "mixed") == 0 ? AF_INET6 : AF_INET,
	     v6 || strcmp(family, "mixed") == 0 ? "::1" : "127.0.0.1",
	     SERVER_PORT);
    if ((listener = socket(bound.ss_family, SOCK_STREAM, 0)) < 0
	|| setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0
	|| bind(listener, (struct sockaddr *) &bound,
		wrap_sockaddr_len((struct sockaddr *) &bound)) < 0
	|| listen(listener, 5) < 0) {
	perror("fake ident server");
	return (1);
    }
    fflush(stdout);
    if ((pid = fork()) == 0)
	serve(listener, mode);
    close(listener);

    memset(&action, 0, sizeof(action));
    action.sa_handler = count_alarm;
    action.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &action, 0);
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    if (strcmp(caller, "blocked") == 0 || strcmp(caller, "pending") == 0)
	sigaddset(&mask, SIGALRM);
    sigprocmask(SIG_SETMASK, &mask, 0);
    if (strcmp(caller, "pending") == 0)
	raise(SIGALRM);
    memset(&timer, 0, sizeof(timer));
    if (strcmp(caller, "expire") == 0)
	timer.it_value.tv_usec = 300000;
    else
	timer.it_value.tv_sec = 100;
    timer.it_interval.tv_sec = 100;
    setitimer(ITIMER_REAL, &timer, 0);

    rfc931_timeout = timeout;
    rfc931((struct sockaddr_in *) &client, (struct sockaddr_in *) &server, user);

    getitimer(ITIMER_REAL, &now);
    sigaction(SIGALRM, 0, &after);
    printf("user %s\n", user);
    printf("handler %s\n", after.sa_handler == count_alarm
	   && (after.sa_flags & SA_RESTART) ? "kept" : "changed");
    printf("mask %s\n", same_mask(&mask) ? "kept" : "changed");
    printf("interval %s\n", now.it_interval.tv_sec == 100 ? "kept" : "changed");
    if (strcmp(caller, "expire") == 0) {
	for (i = 0; i < 50 && alarms == 0; i++)
	    usleep(100000);
	printf("caller alarm %s\n", alarms > 0 ? "delivered" : "lost");
    } else {
	printf("timer %s\n", (now.it_value.tv_sec > 0 || now.it_value.tv_usec > 0)
	       && now.it_value.tv_sec < 100 ? "kept" : "changed");
	printf("caller alarms %d\n", (int) alarms);
    }
    if (strcmp(caller, "blocked") == 0 || strcmp(caller, "pending") == 0) {
	sigset_t pending;

	sigpending(&pending);
	printf("pending %s\n", sigismember(&pending, SIGALRM) ? "yes" : "no");
    }
    kill(pid, SIGKILL);
    waitpid(pid, 0, 0);
    return (0);
}

int     main(int argc, char **argv)
{
    char    user[STRING_LENGTH];

    setvbuf(stdout, 0, _IOLBF, 0);
    if (argc == 5 && strcmp(argv[1], "parse") == 0) {
	if (wrap_ident_parse(argv[2], (unsigned) atoi(argv[3]),
			     (unsigned) atoi(argv[4]), user, sizeof(user)) == WRAP_YES)
	    printf("yes %s\n", user);
	else
	    printf("no\n");
	return (0);
    }
    if ((argc == 5 || argc == 6) && strcmp(argv[1], "query") == 0)
	return (query(argv[2], argv[3], atoi(argv[4]), argc == 6 ? argv[5] : ""));
    fprintf(stderr, "usage: see rfc931_driver.c\n");
    return (2);
}
