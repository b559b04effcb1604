/*
 * abi_preempt.c - a program that, like sshd, tcpdchk and tcpdmatch,
 * defines library symbols itself: the severities, the table pointers,
 * resident, shell_cmd(), rfc931() and clean_exit(). For exports.test:
 * the library must use the program's definitions, as Debian's does
 * (tcpdmatch's stubs and sshd's severities rely on it), so each of them
 * prints a marker or changes a value the program shows.
 *
 * usage: abi_preempt allow-table deny-table
 * It calls hosts_ctl("sshd", "a.example.com", "10.1.2.3", "bob"), then
 * hosts_access() for 127.0.0.2:1234 -> 127.0.0.1:22 with no user (so the
 * library asks rfc931()), then refuse() (which logs at deny_severity and
 * calls clean_exit()).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <syslog.h>

#include <tcpd.h>

int     allow_severity = 10;
int     deny_severity = 10;
char   *hosts_allow_table;
char   *hosts_deny_table;
int     resident = -1;

/* shell_cmd - the program's own: print instead of running */
void    shell_cmd(char *command)
{
    printf("program shell_cmd: %s\n", command);
}

/* rfc931 - the program's own: a fixed user, no network */
void    rfc931(struct sockaddr *client, struct sockaddr *server, char *user)
{
    printf("program rfc931: %s\n", client && server ? "both endpoints" : "missing");
    STRN_CPY(user, "identuser", STRING_LENGTH);
}

/* clean_exit - the program's own: say so and exit */
void    clean_exit(struct request_info *request)
{
    printf("program clean_exit: %s\n", eval_daemon(request));
    fflush(stdout);
    exit(0);
}

/* endpoint - an IPv4 endpoint */
static void endpoint(struct sockaddr_in *sin, const char *addr, int port)
{
    memset(sin, 0, sizeof(*sin));
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    inet_pton(AF_INET, addr, &sin->sin_addr);
}

/* main - see above */
int     main(int argc, char **argv)
{
    struct request_info request;
    struct sockaddr_in client;
    struct sockaddr_in server;
    char    daemon[] = "sshd";
    char    name[] = "a.example.com";
    char    addr[] = "10.1.2.3";
    char    user[] = "bob";
    int     verdict;

    if (argc != 3) {
	fprintf(stderr, "usage: abi_preempt allow-table deny-table\n");
	return 2;
    }
    hosts_allow_table = argv[1];
    hosts_deny_table = argv[2];
    printf("before: allow_severity %d deny_severity %d resident %d\n",
	   allow_severity, deny_severity, resident);
    verdict = hosts_ctl(daemon, name, addr, user);
    printf("hosts_ctl: %d\n", verdict);
    printf("after: allow_severity %d deny_severity %d resident %d\n",
	   allow_severity, deny_severity, resident);

    endpoint(&client, "127.0.0.2", 1234);
    endpoint(&server, "127.0.0.1", 22);
    request_init(&request, RQ_DAEMON, daemon, RQ_CLIENT_SIN, &client,
		 RQ_SERVER_SIN, &server, 0);
    sock_methods(&request);
    verdict = hosts_access(&request);
    printf("hosts_access: %d resident %d\n", verdict, resident);

    deny_severity = LOG_LOCAL3 | LOG_ERR;
    fflush(stdout);
    refuse(&request);
    printf("refuse returned\n");
    return 1;
}
