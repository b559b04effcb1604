/*
 * socket_driver.c - drives socket.c for socket.test, with answers from a
 * fake resolver (wrap_resolver) instead of DNS.
 *
 * socket_driver name ADDR REVERSE CANON FORWARD
 *	verifies the name of client ADDR: the reverse lookup answers REVERSE
 *	("-": no name), the forward lookup answers canonical name CANON ("-":
 *	it fails, "=": no canonical name) with the one address FORWARD.
 *	Prints the report lines, the family the reverse lookup saw and
 *	"name <result>".
 * socket_driver null	the sock methods with host->sin == 0
 * socket_driver tcp	sock_host on a connected loopback TCP socket
 * socket_driver udp	sock_host on an unconnected UDP socket with a datagram
 * socket_driver options	fix_options on a connection whose client sent a
 *			record-route option
 * socket_driver refuse	refuse() on a datagram request: logs, exits 0
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../wrap.h"

static const char *reverse_answer;
static const char *canon_answer;
static const char *forward_answer;
static int reverse_family;

/* IP options: record route with room for one address, then end of list */
static const unsigned char record_route[] = {7, 7, 4, 0, 0, 0, 0, 0};

/* show - report lines on stdout */
static void show(int priority, const char *text)
{
    printf("log <%d> %s\n", priority, text);
}

/* fake_getnameinfo - numeric lookups are real, name lookups scripted */
static int fake_getnameinfo(const struct sockaddr *sa, socklen_t len,
			            char *host, socklen_t hostlen, char *serv,
			            socklen_t servlen, int flags)
{
    if (flags & NI_NUMERICHOST)
	return (getnameinfo(sa, len, host, hostlen, serv, servlen, flags));
    reverse_family = sa->sa_family;
    if (strcmp(reverse_answer, "-") == 0)
	return (EAI_NONAME);
    if (strlen(reverse_answer) >= hostlen)
	return (EAI_OVERFLOW);
    strcpy(host, reverse_answer);
    return (0);
}

/* fake_getaddrinfo - numeric lookups are real, name lookups scripted */
static int fake_getaddrinfo(const char *name, const char *serv,
			            const struct addrinfo *hints,
			            struct addrinfo **res)
{
    struct addrinfo numeric = *hints;
    int     status;

    if (hints->ai_flags & AI_NUMERICHOST)
	return (getaddrinfo(name, serv, hints, res));
    if (strcmp(canon_answer, "-") == 0)
	return (EAI_NONAME);
    numeric.ai_flags = AI_NUMERICHOST;
    numeric.ai_family = AF_UNSPEC;
    if ((status = getaddrinfo(forward_answer, serv, &numeric, res)) != 0)
	return (status);
    if (strcmp(canon_answer, "=") != 0)
	(*res)->ai_canonname = strdup(canon_answer);
    return (0);
}

/* name - see the top */
static int name(const char *addr)
{
    struct request_info request;
    struct addrinfo hints;
    struct addrinfo *res;

    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_NUMERICHOST;
    if (getaddrinfo(addr, 0, &hints, &res) != 0)
	return (2);
    request_init(&request, RQ_CLIENT_SIN, res->ai_addr, 0);
    sock_methods(&request);
    printf("name %s\n", eval_hostname(request.client));
    if (reverse_family)
	printf("reverse family %s\n", reverse_family == AF_INET ? "inet" : "inet6");
    printf("addr %s\n", eval_hostaddr(request.client));
    freeaddrinfo(res);
    return (0);
}

/* tcp - sock_host (or fix_options) on a connected TCP socket */
static int tcp(const unsigned char *options, socklen_t size)
{
    struct request_info request;
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int     listener = socket(AF_INET, SOCK_STREAM, 0);
    int     client = socket(AF_INET, SOCK_STREAM, 0);
    int     server;

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *) &sin, sizeof(sin)) < 0
	|| listen(listener, 1) < 0
	|| getsockname(listener, (struct sockaddr *) &sin, &len) < 0
	|| (size && setsockopt(client, IPPROTO_IP, IP_OPTIONS, options, size) < 0)
	|| connect(client, (struct sockaddr *) &sin, sizeof(sin)) < 0
	|| (server = accept(listener, 0, 0)) < 0) {
	perror("tcp");
	return (2);
    }
    request_init(&request, RQ_FILE, server, 0);
    sock_host(&request);
    if (size) {
	fix_options(&request);
	printf("socket %s\n", send(server, "x", 1, MSG_NOSIGNAL) == 1 ?
	       "open" : "shut down");
	return (0);
    }
    printf("client %s\nserver %s\nsink %s\n", eval_hostaddr(request.client),
	   eval_hostaddr(request.server), request.sink ? "set" : "none");
    printf("server port ok %d\n", atoi(eval_port(request.server->sin))
	   == ntohs(sin.sin_port));
    return (0);
}

/* udp - sock_host (then refuse) on an unconnected datagram socket */
static int udp(int then_refuse)
{
    struct request_info request;
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int     server = socket(AF_INET, SOCK_DGRAM, 0);
    int     client = socket(AF_INET, SOCK_DGRAM, 0);
    char    buf[16];

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(server, (struct sockaddr *) &sin, sizeof(sin)) < 0
	|| getsockname(server, (struct sockaddr *) &sin, &len) < 0
	|| sendto(client, "ping", 4, 0, (struct sockaddr *) &sin, sizeof(sin)) != 4)
	return (2);
    request_init(&request, RQ_FILE, server, 0);
    sock_host(&request);
    printf("client %s\nsink %s\n", eval_hostaddr(request.client),
	   request.sink ? "set" : "none");
    if (then_refuse)
	refuse(&request);
    if (request.sink)
	request.sink(request.fd);
    printf("datagram %s\n", recv(server, buf, sizeof(buf), MSG_DONTWAIT) < 0 ?
	   "consumed" : "still there");
    return (0);
}

int     main(int argc, char **argv)
{
    struct host_info host;

    setvbuf(stdout, 0, _IOLBF, 0);
    wrap_report_to(show);
    wrap_resolver.getnameinfo = fake_getnameinfo;
    wrap_resolver.getaddrinfo = fake_getaddrinfo;
    if (argc == 6 && strcmp(argv[1], "name") == 0) {
	reverse_answer = argv[3];
	canon_answer = argv[4];
	forward_answer = argv[5];
	return (name(argv[2]));
    }
    if (argc == 2 && strcmp(argv[1], "null") == 0) {
	memset(&host, 0, sizeof(host));
	sock_hostname(&host);
	sock_hostaddr(&host);
	printf("null name '%s' addr '%s'\n", host.name, host.addr);
	return (0);
    }
    if (argc == 2 && strcmp(argv[1], "tcp") == 0)
	return (tcp(0, 0));
    if (argc == 2 && strcmp(argv[1], "options") == 0)
	return (tcp(record_route, sizeof(record_route)));
    if (argc == 2 && strcmp(argv[1], "refuse") == 0)
	return (udp(1));
    if (argc == 2 && strcmp(argv[1], "udp") == 0)
	return (udp(0));
    fprintf(stderr, "usage: see socket_driver.c\n");
    return (2);
}
