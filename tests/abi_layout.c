/*
 * abi_layout.c - prints every number of the libwrap ABI that a caller's
 * binary bakes in (structure sizes and offsets, key numbers, constants)
 * and exercises every macro of tcpd.h, one "name value" line each, for
 * abi.test. The same source is compiled against our tcpd.h (also with
 * -DINET6, and as C++) and against Debian's, and the outputs compared.
 *
 * It includes <tcpd.h>, so the -I option given to the compiler decides
 * whose header is measured. It links against a libwrap.so.0 because the
 * macros refer to library symbols (unknown, paranoid, sock_*).
 */

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tcpd.h>

#ifdef INET6
typedef struct sockaddr endpoint_t;
#else
typedef struct sockaddr_in endpoint_t;
#endif

#define SHOW(name, value)	printf("%s %ld\n", (name), (long) (value))
#define SHOW_OFFSET(type, field) \
	printf("offsetof(%s,%s) %ld\n", #type, #field, \
	       (long) offsetof(struct type, field))
#define SHOW_SIZE(type, field) \
	printf("sizeof(%s.%s) %ld\n", #type, #field, \
	       (long) sizeof(((struct type *) 0)->field))

/* show_layout - sizes and offsets of the structures callers allocate */
static void show_layout(void)
{
    SHOW("sizeof(request_info)", sizeof(struct request_info));
    SHOW("sizeof(host_info)", sizeof(struct host_info));
    SHOW("sizeof(tcpd_context)", sizeof(struct tcpd_context));
    SHOW_OFFSET(host_info, name);
    SHOW_OFFSET(host_info, addr);
    SHOW_OFFSET(host_info, sin);
    SHOW_OFFSET(host_info, unit);
    SHOW_OFFSET(host_info, request);
    SHOW_SIZE(host_info, name);
    SHOW_SIZE(host_info, addr);
    SHOW_SIZE(host_info, sin);
    SHOW_OFFSET(request_info, fd);
    SHOW_OFFSET(request_info, user);
    SHOW_OFFSET(request_info, daemon);
    SHOW_OFFSET(request_info, pid);
    SHOW_OFFSET(request_info, client);
    SHOW_OFFSET(request_info, server);
    SHOW_OFFSET(request_info, sink);
    SHOW_OFFSET(request_info, hostname);
    SHOW_OFFSET(request_info, hostaddr);
    SHOW_OFFSET(request_info, cleanup);
    SHOW_OFFSET(request_info, config);
    SHOW_SIZE(request_info, user);
    SHOW_SIZE(request_info, daemon);
    SHOW_SIZE(request_info, pid);
    SHOW_SIZE(request_info, client);
    SHOW_SIZE(request_info, server);
    SHOW_OFFSET(tcpd_context, file);
    SHOW_OFFSET(tcpd_context, line);
}

/* show_constants - key numbers and constants */
static void show_constants(void)
{
    SHOW("STRING_LENGTH", STRING_LENGTH);
    SHOW("RQ_FILE", RQ_FILE);
    SHOW("RQ_DAEMON", RQ_DAEMON);
    SHOW("RQ_USER", RQ_USER);
    SHOW("RQ_CLIENT_NAME", RQ_CLIENT_NAME);
    SHOW("RQ_CLIENT_ADDR", RQ_CLIENT_ADDR);
    SHOW("RQ_CLIENT_SIN", RQ_CLIENT_SIN);
    SHOW("RQ_SERVER_NAME", RQ_SERVER_NAME);
    SHOW("RQ_SERVER_ADDR", RQ_SERVER_ADDR);
    SHOW("RQ_SERVER_SIN", RQ_SERVER_SIN);
    SHOW("AC_PERMIT", AC_PERMIT);
    SHOW("AC_DENY", AC_DENY);
    SHOW("AC_ERROR", AC_ERROR);
    printf("STRING_UNKNOWN %s\n", STRING_UNKNOWN);
    printf("STRING_PARANOID %s\n", STRING_PARANOID);
}

/* show_macros - every macro of the header, used as callers use them */
static void show_macros(void)
{
    static struct request_info request;
    char    buf[8];
    char    pid[16];
    char    name[] = "a.example.com";
    char    addr[] = "10.1.2.3";
    char    daemon[] = "sshd";
    void    (*host) (struct request_info *) = fromhost;
    endpoint_t *endpoint = 0;

    STRN_CPY(buf, "0123456789", sizeof(buf));
    printf("STRN_CPY %s\n", buf);
    SHOW("STRN_EQ", STRN_EQ("ABCx", "abcy", 3));
    SHOW("STRN_NE", STRN_NE("ABCx", "abcy", 4));
    SHOW("STR_EQ", STR_EQ("SSHD", "sshd"));
    SHOW("STR_NE", STR_NE("SSHD", "sshd"));
    SHOW("HOSTNAME_KNOWN(name)", HOSTNAME_KNOWN(name));
    SHOW("HOSTNAME_KNOWN(unknown)", HOSTNAME_KNOWN(STRING_UNKNOWN));
    SHOW("HOSTNAME_KNOWN(PARANOID)", HOSTNAME_KNOWN("PARANOID"));
    SHOW("NOT_INADDR(addr)", NOT_INADDR(addr));
    SHOW("NOT_INADDR(name)", NOT_INADDR(name));
    SHOW("fromhost==sock_host", host == sock_host);

    request_init(&request, RQ_DAEMON, daemon, RQ_CLIENT_NAME, name,
		 RQ_CLIENT_ADDR, addr, 0);
    sock_methods(&request);
    SHOW("sock_methods.hostname", request.hostname == sock_hostname);
    SHOW("sock_methods.hostaddr", request.hostaddr == sock_hostaddr);
    printf("eval_daemon %s\n", eval_daemon(&request));
    snprintf(pid, sizeof(pid), "%ld", (long) getpid());
    SHOW("eval_pid==getpid", strcmp(eval_pid(&request), pid) == 0);
    SHOW("client.request==&request", request.client->request == &request);
    SHOW("server.request==&request", request.server->request == &request);
    SHOW("client.sin==endpoint", request.client->sin == endpoint);
    printf("unknown %s\n", unknown);
    printf("paranoid %s\n", paranoid);
}

/* main - print everything */
int main(void)
{
    show_layout();
    show_constants();
    show_macros();
    return 0;
}
