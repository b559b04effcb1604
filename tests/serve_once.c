/*
 * serve_once.c - test helper: a one-shot inetd. It listens on ADDR PORT
 * (TCP, or UDP with -u), creates READY_FILE when it is ready, and runs
 * PROGRAM with argv ARG0 ARGS... on the first connection, the socket as
 * descriptors 0, 1 and 2, as inetd runs a "nowait" (TCP) or "wait" (UDP)
 * service. It waits for the program and exits with its status. For UDP
 * it then says on stdout whether a datagram is still queued, so a test
 * can see that a refused datagram was consumed.
 *
 * Hostile cases: -n runs the program at once, without waiting for a
 * connection or datagram, on the bound UDP socket (nothing queued) or on
 * the listening TCP socket itself; -d SECONDS waits that long after the
 * connection or datagram (or the start, with -n) before running the
 * program, so that a client can leave or reset before the program looks.
 *
 * usage: serve_once [-u] [-n] [-d SECONDS] READY_FILE ADDR PORT PROGRAM ARG0 [ARGS...]
 */

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define LIFETIME 60			/* seconds before we give up */

/* die - report a failure and exit 1 */
static _Noreturn void die(const char *what)
{
    perror(what);
    exit(1);
}

/* listen_on - a bound (and for TCP listening) socket for addr and port */
static int listen_on(const char *addr, const char *port, int type)
{
    struct addrinfo hints;
    struct addrinfo *res;
    int     sock;
    int     on = 1;

    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = type;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    if (getaddrinfo(addr, port, &hints, &res) != 0) {
	fprintf(stderr, "serve_once: bad address %s %s\n", addr, port);
	exit(1);
    }
    if ((sock = socket(res->ai_family, type, 0)) < 0)
	die("socket");
    (void) setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(sock, res->ai_addr, res->ai_addrlen) < 0)
	die("bind");
    if (type == SOCK_STREAM && listen(sock, 5) < 0)
	die("listen");
    freeaddrinfo(res);
    return (sock);
}

/* run_service - run the program with fd as its stdin, stdout and stderr */
static int run_service(int fd, char **argv)
{
    pid_t   pid;
    int     status;

    if ((pid = fork()) < 0)
	die("fork");
    if (pid == 0) {
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
	    die("dup2");
	if (fd > 2)
	    (void) close(fd);
	(void) alarm(0);			/* an alarm would survive execv */
	execv(argv[0], argv + 1);
	die(argv[0]);
    }
    if (waitpid(pid, &status, 0) < 0)
	die("waitpid");
    return (WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

/* main - serve one connection or datagram */
int     main(int argc, char **argv)
{
    struct pollfd pfd;
    int     udp = 0;
    int     at_once = 0;
    int     delay = 0;
    int     sock;
    int     conn;
    int     status;
    int     fd;
    int     ch;
    char    byte;

    while ((ch = getopt(argc, argv, "+und:")) != -1) {
	switch (ch) {
	case 'u':
	    udp = 1;
	    break;
	case 'n':
	    at_once = 1;
	    break;
	case 'd':
	    delay = atoi(optarg);
	    break;
	default:
	    return (2);
	}
    }
    argv += optind, argc -= optind;		/* argv[0] is READY */
    if (argc < 5) {
	fprintf(stderr, "usage: serve_once [-u] [-n] [-d SECONDS] READY ADDR PORT PROGRAM ARG0 [ARGS...]\n");
	return (2);
    }
    (void) alarm(LIFETIME);
    sock = listen_on(argv[1], argv[2], udp ? SOCK_DGRAM : SOCK_STREAM);
    if ((fd = open(argv[0], O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
	die(argv[0]);
    (void) close(fd);
    if (udp) {
	pfd.fd = sock;
	pfd.events = POLLIN;
	if (!at_once && poll(&pfd, 1, -1) < 0)
	    die("poll");
	(void) sleep((unsigned) delay);
	status = run_service(sock, argv + 3);
	printf("udp: %s\n", recv(sock, &byte, 1, MSG_PEEK | MSG_DONTWAIT) < 0 ?
	       "no datagram pending" : "datagram pending");
	return (status);
    }
    if (at_once) {				/* the listening socket itself */
	(void) sleep((unsigned) delay);
	return (run_service(sock, argv + 3));
    }
    if ((conn = accept(sock, (struct sockaddr *) 0, (socklen_t *) 0)) < 0)
	die("accept");
    (void) close(sock);
    (void) sleep((unsigned) delay);
    status = run_service(conn, argv + 3);
    (void) close(conn);
    return (status);
}
