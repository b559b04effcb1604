/*
 * spawner.c - a tiny super-server and its client, for the connection
 * benchmark of bench/run.sh.
 *
 *   spawner CONNECTIONS PROGRAM ARGV0 [ARG...]
 *
 * Listens on 127.0.0.1 (a port the kernel picks) and does what inetd
 * does for a "nowait" stream service: for each connection it forks,
 * makes the socket descriptors 0, 1 and 2, and execs PROGRAM with
 * ARGV0 ARG... (so PROGRAM may be tcpd with the service's path as ARGV0,
 * as in inetd.conf). A child process is the client: it opens
 * CONNECTIONS sequential connections (after a few untimed ones to warm
 * up), reads each until end of file, and times them with
 * CLOCK_MONOTONIC. Prints one line:
 *   conns=N ns_per_conn=T served=K
 * where K counts the connections on which the service answered at all.
 * Everything is bounded: the listener gives up after 10 s without a
 * connection, the client after 10 s without data.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WARMUP		5
#define IDLE_MS		10000

/* now_ns - CLOCK_MONOTONIC in nanoseconds */
static long long now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* one_connection - connect, read to end of file; returns bytes read, or -1 */
static long one_connection(const struct sockaddr_in *addr)
{
    struct pollfd pfd;
    char    buf[512];
    long    total = 0;
    ssize_t n;
    int     fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0)
	return -1;
    if (connect(fd, (const struct sockaddr *) addr, sizeof(*addr)) < 0) {
	close(fd);
	return -1;
    }
    pfd.fd = fd;
    pfd.events = POLLIN;
    for (;;) {
	if (poll(&pfd, 1, IDLE_MS) != 1)
	    break;			/* a hung service: give up */
	n = read(fd, buf, sizeof(buf));
	if (n <= 0)
	    break;
	total += n;
    }
    close(fd);
    return total;
}

/* run_client - the timed connections; prints the result line */
static int run_client(const struct sockaddr_in *addr, int connections)
{
    long long start;
    int     i, served = 0;

    for (i = 0; i < WARMUP; i++)
	if (one_connection(addr) < 0)
	    return 1;
    start = now_ns();
    for (i = 0; i < connections; i++) {
	long    n = one_connection(addr);

	if (n < 0)
	    return 1;
	served += n > 0;
    }
    printf("conns=%d ns_per_conn=%lld served=%d\n", connections,
	   (now_ns() - start) / connections, served);
    return fflush(stdout) != 0;
}

static pid_t client = -1;
static int client_status = -1;		/* its wait status, once reaped */

/* reap - collect finished children, noting the client's status */
static void reap(int options)
{
    int     status;
    pid_t   pid;

    while ((pid = waitpid(-1, &status, options)) > 0)
	if (pid == client)
	    client_status = status;
}

/* serve - fork and exec the service on one accepted connection */
static void serve(int conn, int listener, char **argv)
{
    pid_t   pid = fork();

    if (pid < 0) {
	perror("spawner: fork");
	return;
    }
    if (pid == 0) {
	close(listener);
	if (dup2(conn, 0) < 0 || dup2(conn, 1) < 0 || dup2(conn, 2) < 0)
	    _exit(126);
	if (conn > 2)
	    close(conn);
	execv(argv[0], argv + 1);
	_exit(127);
    }
}

/* main - listen, start the client, serve its connections */
int     main(int argc, char **argv)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    struct pollfd pfd;
    int     listener, conn, connections, i;

    if (argc < 4 || (connections = atoi(argv[1])) <= 0) {
	fprintf(stderr, "usage: spawner CONNECTIONS PROGRAM ARGV0 [ARG...]\n");
	return 2;
    }
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0
	|| bind(listener, (struct sockaddr *) &addr, sizeof(addr)) < 0
	|| listen(listener, 64) < 0
	|| getsockname(listener, (struct sockaddr *) &addr, &len) < 0) {
	perror("spawner: listen");
	return 1;
    }
    fflush(stdout);
    client = fork();
    if (client < 0) {
	perror("spawner: fork");
	return 1;
    }
    if (client == 0) {
	close(listener);
	_exit(run_client(&addr, connections));
    }

    pfd.fd = listener;
    pfd.events = POLLIN;
    for (i = 0; i < connections + WARMUP; i++) {
	if (poll(&pfd, 1, IDLE_MS) != 1) {
	    fprintf(stderr, "spawner: no connection for %d ms\n", IDLE_MS);
	    kill(client, SIGTERM);
	    break;
	}
	conn = accept(listener, 0, 0);
	if (conn < 0) {
	    if (errno == EINTR)
		continue;
	    perror("spawner: accept");
	    kill(client, SIGTERM);
	    break;
	}
	serve(conn, listener, argv + 2);
	close(conn);
	reap(WNOHANG);
    }
    close(listener);
    reap(0);				/* the client and every service */
    return client_status != -1 && WIFEXITED(client_status) && WEXITSTATUS(client_status) == 0 ? 0 : 1;
}
