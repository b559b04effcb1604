/*
 * client.c - test helper: connects to ADDR PORT over TCP (or sends one
 * datagram with -u), optionally from source address BIND (-b), sends
 * TEXT if given (-s), and copies everything the server sends to stdout
 * until the server closes the connection. UDP sends and does not read.
 * It gives up after a minute.
 *
 * A client that leaves at once, reading nothing and printing nothing:
 * -c closes the connection normally (FIN) right after connecting (and
 * sending), -r resets it (SO_LINGER 0, then close: RST).
 *
 * usage: client [-u] [-c | -r] [-b BIND] [-s TEXT] ADDR PORT
 */

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LIFETIME 60			/* seconds */

/* die - report a failure and exit 1 */
static _Noreturn void die(const char *what)
{
    perror(what);
    exit(1);
}

/* address - resolve a numeric address and port */
static struct addrinfo *address(const char *host, const char *port, int type)
{
    struct addrinfo hints;
    struct addrinfo *res;

    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = type;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if (getaddrinfo(host, port, &hints, &res) != 0) {
	fprintf(stderr, "client: bad address %s %s\n", host, port);
	exit(1);
    }
    return (res);
}

/* main - talk to the server once */
int     main(int argc, char **argv)
{
    const char *bind_addr = 0;
    const char *text = 0;
    struct addrinfo *peer;
    struct addrinfo *local;
    char    buf[4096];
    ssize_t len;
    struct linger abort_close = {1, 0};
    int     type = SOCK_STREAM;
    int     leave = 0;			/* 'c' (FIN) or 'r' (RST) */
    int     sock;
    int     ch;

    while ((ch = getopt(argc, argv, "ucrb:s:")) != -1) {
	switch (ch) {
	case 'u':
	    type = SOCK_DGRAM;
	    break;
	case 'c':
	case 'r':
	    leave = ch;
	    break;
	case 'b':
	    bind_addr = optarg;
	    break;
	case 's':
	    text = optarg;
	    break;
	default:
	    return (2);
	}
    }
    if (argc - optind != 2) {
	fprintf(stderr, "usage: client [-u] [-c | -r] [-b BIND] [-s TEXT] ADDR PORT\n");
	return (2);
    }
    (void) alarm(LIFETIME);
    peer = address(argv[optind], argv[optind + 1], type);
    if ((sock = socket(peer->ai_family, type, 0)) < 0)
	die("socket");
    if (bind_addr) {
	local = address(bind_addr, "0", type);
	if (bind(sock, local->ai_addr, local->ai_addrlen) < 0)
	    die("bind");
	freeaddrinfo(local);
    }
    if (connect(sock, peer->ai_addr, peer->ai_addrlen) < 0)
	die("connect");
    freeaddrinfo(peer);
    if (text && write(sock, text, strlen(text)) < 0)
	die("write");
    if (type == SOCK_DGRAM)
	return (0);
    if (leave == 'r' && setsockopt(sock, SOL_SOCKET, SO_LINGER, &abort_close,
				   sizeof(abort_close)) < 0)
	die("setsockopt SO_LINGER");
    if (leave != 0)
	return (close(sock) < 0);
    /* Each piece is passed on as it comes: a test may watch a client
     * that stays connected (limits.test). */
    while ((len = read(sock, buf, sizeof(buf))) > 0)
	if (fwrite(buf, 1, (size_t) len, stdout) != (size_t) len || fflush(stdout) == EOF)
	    die("stdout");
    if (len < 0)
	die("read");
    return (fflush(stdout) == EOF);
}
