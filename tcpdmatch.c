/*
 * tcpdmatch - predict what tcpd would do with a request; the command line,
 * output and exit codes are those of Debian's tcpdmatch.
 *
 * usage: tcpdmatch [-d] [-i inet_conf] daemon[@server] [user@]client
 *        tcpdmatch [-d] --expect file
 *
 * The prediction is the library's own decision: hosts_access() runs in a
 * dry run (options only say what they would do) with every diagnostic,
 * "matched:" and "option:" line redirected to stdout. A client name with
 * several addresses gets one prediction per address. Names are looked up
 * only through the library's resolver (wrap_resolver). The user is given
 * (or "unknown"), so no ident query is ever made.
 *
 * Long options add what automation needs and change nothing without
 * them: --expect checks a file of expected verdicts (expect.c), --no-dns
 * looks nothing up (a client or server given as an address has no name,
 * one given as a name has no address), --json prints the predictions as
 * one JSON document (matchjson.c).
 */

#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "wrap.h"
#include "inetcf.h"
#include "scaffold.h"
#include "expect.h"
#include "matchjson.h"

#ifndef PARANOID_MODE
#define PARANOID_MODE	0
#endif

static int json_output;			/* --json */

/* Long options: values beyond those of any short option. */
enum {
    OPT_EXPECT = 256,
    OPT_NO_DNS,
    OPT_JSON,
};
static const struct option long_options[] = {
    {"expect", required_argument, 0, OPT_EXPECT},
    {"no-dns", no_argument, 0, OPT_NO_DNS},
    {"json", no_argument, 0, OPT_JSON},
    {0, 0, 0, 0},
};

/* usage - explain the command line and exit */
static void usage(const char *myname)
{
    fprintf(stderr, "usage: %s [-d] [-i inet_conf] daemon[@host] [user@]host\n",
	    myname);
    fprintf(stderr, "\t-d: use allow/deny files in current directory\n");
    fprintf(stderr, "\t-i: location of inetd.conf file\n");
    exit(1);
}

/* show - one "client:"/"server:" line, unless the value is unknown */
static void show(const char *label, const char *value)
{
    if (STR_NE(value, unknown))
	printf("%s %s\n", label, value);
}

/* fail - exit 1, the JSON document first with --json */
static void fail(void)
{
    if (json_output)
	matchjson_finish();
    exit(1);
}

/* show_request - what is known about the request */
static void show_request(struct request_info *request)
{
    show("client:   hostname", eval_hostname(request->client));
    show("client:   address ", eval_hostaddr(request->client));
    show("client:   username", eval_user(request));
    show("server:   hostname", eval_hostname(request->server));
    show("server:   address ", eval_hostaddr(request->server));
    printf("server:   process  %s\n", eval_daemon(request));
}

/* decide - the verdict: granted, denied, delegated, or 0 when PARANOID
 * mode denied without reading the tables */
static const char *decide(struct request_info *request)
{
    int     verdict;

    /*
     * Reset what options may have changed; twist clears dry_run. tcpd
     * decides once per process: every prediction is made as tcpd's one
     * call (else the second address of a client would be judged as in a
     * resident process, where twist is an error). wrap_hosts_access() is
     * hosts_access() without the "decided:" log line, which is tcpd's
     * and the daemons', not a prediction's.
     */
    resident = -1;
    rfc931_timeout = RFC931_TIMEOUT;
    allow_severity = LOG_INFO;
    deny_severity = LOG_WARNING;
    dry_run = 1;

    if (PARANOID_MODE && STR_EQ(eval_hostname(request->client), paranoid))
	return (0);
    verdict = wrap_hosts_access(request, WRAP_SCAN_FAST);
    return (dry_run == 0 ? "delegated" : verdict ? "granted" : "denied");
}

/* predict - show what is known about the request, then the verdict */
static void predict(struct request_info *request)
{
    const char *verdict;

    if (json_output) {
	matchjson_begin();
	verdict = decide(request);
	matchjson_end(request, verdict ? verdict : "denied",
		      verdict ? "default" : "paranoid-mode");
	return;
    }
    show_request(request);
    if ((verdict = decide(request)) == 0)
	printf("access:   denied (PARANOID mode)\n\n");
    else
	printf("access:   %s\n", verdict);
}

/*
 * set_server - a server name or address: it must have exactly one
 * address, whose name is then looked up (and verified) now.
 */
static void set_server(struct request_info *request, const char *server)
{
    static struct sockaddr_storage server_ss;
    struct addrinfo *res0;
    struct addrinfo *res;
    int     count = 0;

    if ((NOT_INADDR(server) && !HOSTNAME_KNOWN(server))
	|| (no_dns && !numeric_address(server))) {
	request_set(request, RQ_SERVER_NAME, server, 0);
	return;
    }
    if (no_dns) {				/* an address without a name */
	request_set(request, RQ_SERVER_ADDR, server, 0);
	return;
    }
    if ((res0 = find_inet_addr(server)) == 0)
	fail();
    request_set(request, RQ_SERVER_SIN, &server_ss, 0);
    for (res = res0; res; res = res->ai_next, count++) {
	copy_endpoint(&server_ss, res);
	verify_hostname(request->server);
    }
    wrap_resolver.freeaddrinfo(res0);
    if (count > 1) {
	fprintf(stderr, "Error: %s has more than one address\n", server);
	fprintf(stderr, "Please specify an address instead\n");
	fail();
    }
}

/*
 * predict_client - one prediction for an address or a special name, or
 * one per address of a client host name.
 */
static void predict_client(struct request_info *request, const char *client)
{
    static struct sockaddr_storage client_ss;
    struct addrinfo *res0;
    struct addrinfo *res;
    int     blocks = 0;

    /* An address alone simulates a failed name lookup. */
    if (numeric_address(client)) {
	request_set(request, RQ_CLIENT_ADDR, client, 0);
	predict(request);
	return;
    }
    /* Special names such as "paranoid" and "unknown" are taken as given,
     * and with --no-dns every name (it has no address). */
    if ((NOT_INADDR(client) && !HOSTNAME_KNOWN(client)) || no_dns) {
	request_set(request, RQ_CLIENT_NAME, client, 0);
	predict(request);
	return;
    }
    if ((res0 = find_inet_addr(client)) == 0)
	fail();
    request_set(request, RQ_CLIENT_SIN, &client_ss, 0);
    for (res = res0; res; res = res->ai_next) {
	if (res->ai_family != AF_INET && res->ai_family != AF_INET6)
	    continue;
	if (blocks++ > 0 && !json_output)
	    printf("\n");
	copy_endpoint(&client_ss, res);
	if (link_local(res->ai_addr))
	    request_set(request, RQ_CLIENT_NAME, unknown, RQ_CLIENT_ADDR, "", 0);
	else
	    verify_hostname(request->client);
	predict(request);
    }
    wrap_resolver.freeaddrinfo(res0);
}

/* main - check the command line, read inetd.conf, predict */
int     main(int argc, char **argv)
{
    struct request_info request;
    struct stat st;
    const char *inetcf = 0;
    char   *daemon;
    char   *server;
    char   *client;
    char   *user;
    const char *expect = 0;
    int     c;

    report_on_stdout();
    hosts_access_verbose = 2;			/* "matched:" and "option:" lines */
    while ((c = getopt_long(argc, argv, "di:", long_options, 0)) != -1) {
	switch (c) {
	case OPT_EXPECT:
	    expect = optarg;
	    break;
	case OPT_NO_DNS:
	    use_no_dns();
	    break;
	case OPT_JSON:
	    json_output = 1;
	    break;
	case 'd':
	    use_local_tables();
	    break;
	case 'i':
	    inetcf = optarg;
	    break;
	default:
	    usage(argv[0]);
	}
    }
    if (expect != 0 && argc == optind && !json_output)
	return (expect_file(expect, PARANOID_MODE));
    if (expect != 0 || argc != optind + 2)
	usage(argv[0]);
    if (json_output)
	matchjson_start();

    check_real_daemon_dir();

    /* daemon[@server]: a daemon given by path is named by its basename. */
    daemon = argv[optind];
    if ((server = split_at(daemon, '@')) == 0)
	server = unknown;
    if (daemon[0] == '/') {
	tcpd_warn("%s: daemon name normalized to: %s", daemon,
		  strrchr(daemon, '/') + 1);
	daemon = strrchr(daemon, '/') + 1;
    }

    /* [user@]client */
    if ((client = split_at(argv[optind + 1], '@')) != 0) {
	user = argv[optind + 1][0] ? argv[optind + 1] : unknown;  /* no ident */
    } else {
	client = argv[optind + 1];
	user = unknown;
    }

    /* Is the service in inetd.conf, and run through tcpd? */
    inetcf = inet_cfg(inetcf);
    inet_set("portmap", WR_NOT);
    inet_set("rpcbind", WR_NOT);
    switch (inet_get(daemon)) {
    case WR_UNKNOWN:
	tcpd_warn("%s: no such process name in %s", daemon,
		  inetcf ? inetcf : "(null)");
	break;
    case WR_NOT:
	tcpd_warn("%s: service possibly not wrapped", daemon);
	break;
    }
    (void) check_path(hosts_allow_table, &st);
    (void) check_path(hosts_deny_table, &st);

    /* Banners go to stdout, where they can be seen (not into JSON). */
    request_init(&request, RQ_DAEMON, daemon, RQ_USER, user,
		 RQ_FILE, json_output ? -1 : 1, 0);
    sock_methods(&request);
    set_server(&request, server);
    predict_client(&request, client);
    if (json_output)
	matchjson_finish();
    return (0);
}
