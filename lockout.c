/*
 * lockout.c - tcpdchk's lock-out guard: run inside an SSH session
 * (SSH_CONNECTION is set, "client port server port"), it asks the tables
 * being checked what they would do with that very client for sshd, and
 * warns first, before anything else, when they would refuse it (or hand
 * it to a twist command): whoever logs out then cannot log in again.
 *
 * The question is the library's own decision in a dry run, with the
 * client and server given as addresses from the socket's point of view,
 * so the client's name is looked up and verified as sshd's libwrap would
 * (through the resolver seam: with --no-dns it has none). What the
 * library reports on the way is not shown; the "matched:" line names
 * the rule that decided.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "wrap.h"
#include "scaffold.h"
#include "lockout.h"

static char *decided;			/* "file line n" of the last match */

/* catch_matched - the report function during the question */
static void catch_matched(int priority, const char *text)
{
    (void) priority;
    if (strncmp(text, "matched:", 8) == 0) {
	free(decided);
	decided = xstrdup(text + 8 + strspn(text + 8, " "));
    }
}

/* set_endpoint - an address into ss; -1 if it is not one */
static int set_endpoint(const char *address, struct sockaddr_storage *ss)
{
    struct addrinfo hints;
    struct addrinfo *res;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;
    if (wrap_resolver.getaddrinfo(address, (char *) 0, &hints, &res) != 0)
	return (-1);
    copy_endpoint(ss, res);
    wrap_resolver.freeaddrinfo(res);
    return (0);
}

/* ask_sshd - would sshd let this client in? 1 yes, 0 no */
static int ask_sshd(struct sockaddr_storage *client,
		            struct sockaddr_storage *server)
{
    struct request_info request;
    int     saved_verbose = hosts_access_verbose;
    int     verdict;

    request_init(&request, RQ_DAEMON, "sshd", RQ_CLIENT_SIN, client,
		 RQ_SERVER_SIN, server, 0);
    sock_methods(&request);
    hosts_access_verbose = 2;			/* for "matched:" */
    dry_run = 1;
    wrap_report_to(catch_matched);
    verdict = wrap_hosts_access(&request, WRAP_SCAN_FAST);
    hosts_access_verbose = saved_verbose;
    return (verdict && dry_run == 1);		/* twist: sshd never runs */
}

/*
 * check_lockout - warn when the tables would refuse this SSH session's
 * client; resume() then puts reports back where they went.
 */
void    check_lockout(void (*resume) (void))
{
    const char *connection = getenv("SSH_CONNECTION");
    char    client_text[64];
    char    server_text[64];
    struct sockaddr_storage client;
    struct sockaddr_storage server;
    int     allowed;

    if (connection == 0
	|| sscanf(connection, "%63s %*s %63s", client_text, server_text) != 2
	|| set_endpoint(client_text, &client) < 0
	|| set_endpoint(server_text, &server) < 0)
	return;
    allowed = ask_sshd(&client, &server);
    resume();
    if (!allowed)
	warn_kind("lock-out",
	    "LOCK-OUT: sshd would refuse this SSH session's client %s "
	    "(decided by %s): whoever logs out cannot log in again",
	    client_text, decided ? decided : "a table that cannot be read");
    free(decided);
    decided = 0;
}
