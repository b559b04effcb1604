/*
 * tftp_get.c - test helper: a minimal TFTP client (RFC 1350). It sends a
 * read request for FILE in octet mode to ADDR PORT over UDP, optionally
 * from source address BIND (-b), writes the data blocks it receives to
 * stdout, and acknowledges each one to the port it came from. It stops
 * at the first block shorter than 512 bytes. When nothing arrives within
 * SECONDS (-t, default 3) of the request or of the last ACK, or the
 * server sends an ERROR packet, it says so on stderr and exits 1.
 *
 * usage: tftp_get [-b BIND] [-t SECONDS] ADDR PORT FILE
 */

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define OP_RRQ		1
#define OP_DATA		3
#define OP_ACK		4
#define OP_ERROR	5
#define BLOCK_SIZE	512
#define LIFETIME	60		/* seconds, whatever happens */

/* die - report a failure and exit 1 */
static _Noreturn void die(const char *what)
{
    perror(what);
    exit(1);
}

/* address - resolve a numeric address and port for UDP */
static struct addrinfo *address(const char *host, const char *port)
{
    struct addrinfo hints;
    struct addrinfo *res;

    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if (getaddrinfo(host, port, &hints, &res) != 0) {
	fprintf(stderr, "tftp_get: bad address %s %s\n", host, port);
	exit(1);
    }
    return (res);
}

/* request - build the RRQ for FILE in buf (size len); its length */
static size_t request(char *buf, size_t len, const char *file)
{
    int     n;

    n = snprintf(buf + 2, len - 2, "%s%coctet%c", file, 0, 0);
    if (n < 0 || (size_t) n >= len - 2) {
	fprintf(stderr, "tftp_get: file name too long\n");
	exit(1);
    }
    buf[0] = 0;
    buf[1] = OP_RRQ;
    return ((size_t) n + 2);
}

/* block_number - the 16-bit block number of a DATA or ACK packet */
static unsigned block_number(const char *packet)
{
    return (((unsigned) (unsigned char) packet[2] << 8)
	    | (unsigned char) packet[3]);
}

/* main - fetch one file */
int     main(int argc, char **argv)
{
    const char *bind_addr = 0;
    struct addrinfo *server;
    struct addrinfo *local;
    struct sockaddr_storage from;
    socklen_t from_len;
    struct timeval wait;
    char    buf[4 + BLOCK_SIZE];
    unsigned char ack[4];
    unsigned expect = 1;
    ssize_t len;
    size_t  rrq_len;
    int     sock;
    int     ch;

    wait.tv_sec = 3;
    wait.tv_usec = 0;
    while ((ch = getopt(argc, argv, "b:t:")) != -1) {
	switch (ch) {
	case 'b':
	    bind_addr = optarg;
	    break;
	case 't':
	    wait.tv_sec = atoi(optarg);
	    break;
	default:
	    return (2);
	}
    }
    if (argc - optind != 3 || wait.tv_sec <= 0) {
	fprintf(stderr, "usage: tftp_get [-b BIND] [-t SECONDS] ADDR PORT FILE\n");
	return (2);
    }
    (void) alarm(LIFETIME);
    server = address(argv[optind], argv[optind + 1]);
    if ((sock = socket(server->ai_family, SOCK_DGRAM, 0)) < 0)
	die("socket");
    if (setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait)) < 0)
	die("setsockopt");
    if (bind_addr) {
	local = address(bind_addr, "0");
	if (bind(sock, local->ai_addr, local->ai_addrlen) < 0)
	    die("bind");
	freeaddrinfo(local);
    }
    rrq_len = request(buf, sizeof(buf), argv[optind + 2]);
    if (sendto(sock, buf, rrq_len, 0, server->ai_addr, server->ai_addrlen) < 0)
	die("sendto");
    freeaddrinfo(server);
    for (;;) {
	from_len = sizeof(from);
	len = recvfrom(sock, buf, sizeof(buf), 0,
		       (struct sockaddr *) &from, &from_len);
	if (len < 0) {
	    fprintf(stderr, "tftp_get: no answer for block %u\n", expect);
	    return (1);
	}
	if (len >= 4 && buf[1] == OP_ERROR) {
	    fprintf(stderr, "tftp_get: error %d: %.*s\n", buf[3],
		    (int) (len - 4), buf + 4);
	    return (1);
	}
	if (len < 4 || buf[1] != OP_DATA
	    || block_number(buf) != (expect & 0xffff))
	    continue;				/* not the block we await */
	if (fwrite(buf + 4, 1, (size_t) len - 4, stdout) != (size_t) len - 4)
	    die("stdout");
	ack[0] = 0;
	ack[1] = OP_ACK;
	ack[2] = (unsigned char) buf[2];
	ack[3] = (unsigned char) buf[3];
	if (sendto(sock, ack, sizeof(ack), 0, (struct sockaddr *) &from, from_len) < 0)
	    die("sendto");
	if (len - 4 < BLOCK_SIZE)
	    break;
	expect++;
    }
    return (fflush(stdout) == EOF);
}
