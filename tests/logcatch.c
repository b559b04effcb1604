/*
 * logcatch.c - test helper: a tiny syslog daemon. It binds a unix
 * datagram socket at PATH (normally /dev/log inside a private mount
 * namespace) and appends every message it receives, as sent (with its
 * "<priority>"), plus a newline, to FILE. It gives up after ten minutes
 * so that it can never outlive a test for long.
 *
 * usage: logcatch PATH FILE
 */

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define LIFETIME 600			/* seconds */

/* main - receive log datagrams at argv[1], append them to argv[2] */
int     main(int argc, char **argv)
{
    struct sockaddr_un sun;
    char    buf[8192 + 1];
    ssize_t len;
    int     sock;
    int     out;

    if (argc != 3 || strlen(argv[1]) >= sizeof(sun.sun_path)) {
	fprintf(stderr, "usage: logcatch PATH FILE\n");
	return (2);
    }
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    memcpy(sun.sun_path, argv[1], strlen(argv[1]) + 1);
    if ((out = open(argv[2], O_WRONLY | O_CREAT | O_APPEND, 0644)) < 0) {
	perror(argv[2]);
	return (1);
    }
    if ((sock = socket(AF_UNIX, SOCK_DGRAM, 0)) < 0
	|| bind(sock, (struct sockaddr *) &sun, sizeof(sun)) < 0) {
	perror(argv[1]);
	return (1);
    }
    (void) alarm(LIFETIME);
    while ((len = recv(sock, buf, sizeof(buf) - 1, 0)) >= 0) {
	buf[len++] = '\n';
	if (write(out, buf, (size_t) len) != len) {
	    perror(argv[2]);
	    return (1);
	}
    }
    perror("recv");
    return (1);
}
