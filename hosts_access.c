/*
 * hosts_access.c - the access decision: scan hosts.allow, then hosts.deny;
 * the first rule whose daemon list and client list both match decides,
 * after its options have run. No match anywhere: grant.
 *
 * A table that cannot be read counts as an error (SPEC decision 5): an
 * error in hosts.allow skips it, an error in hosts.deny denies. Options
 * end the scan early by jumping back here through tcpd_buf (allow, deny,
 * errors); the table being scanned is then released here, so a resident
 * daemon leaks nothing.
 */

#include <string.h>
#include <syslog.h>

#include "wrap.h"

char   *hosts_allow_table = HOSTS_ALLOW;
char   *hosts_deny_table = HOSTS_DENY;
int     hosts_access_verbose = 0;
int     resident = -1;			/* -1, then 0 after one call, then 1 */
int     dry_run = 0;
int     wrap_fast_path = 1;		/* 0: parse every line (tests) */

static struct wrap_table scan;		/* table being scanned */
static int scanning;			/* scan holds memory to release */

/* rule_match - do both lists of a rule match the request? */
static int rule_match(struct wrap_rule *rule, struct request_info *request)
{
    int     result = wrap_list_match(rule->daemons, request, wrap_daemon_match);

    if (result != WRAP_YES)
	return (result);
    return (wrap_list_match(rule->clients, request, wrap_client_match));
}

/*
 * run_options - run a matched rule's options; WRAP_NO if aclexec said no.
 * As in Debian, the table then counts as not matching: its later rules
 * are not tried. Unlike Debian, the outcome is forgotten after this rule
 * (decision 4f).
 */
static int run_options(char *options, struct request_info *request)
{
    wrap_aclexec_status = 0;
    process_options(options, request);
    if (wrap_aclexec_status != 0) {
	wrap_aclexec_status = 0;
	wrap_report(LOG_INFO, "aclexec returned %d", 1);
	return (WRAP_NO);
    }
    return (WRAP_YES);
}

/* table_match - scan one table: WRAP_YES (a rule matched), WRAP_NO, WRAP_ERR */
static int table_match(const char *path, struct request_info *request)
{
    struct wrap_rule rule;
    struct wrap_fast_client client;
    int     status;

    if (path == 0)
	return (WRAP_NO);
    memset(&client, 0, sizeof(client));
    client.addr = wrap_string_unmapped(eval_hostaddr(request->client));
    client.len = strlen(client.addr);
    client.request = request;
    if ((status = wrap_table_open_fast(&scan, path,
				       wrap_fast_path ? &client : 0)) != WRAP_YES)
	return (status);
    scanning = 1;
    while ((status = wrap_table_next(&scan, &rule)) == WRAP_YES
	   && (status = rule_match(&rule, request)) == WRAP_NO)
	 /* try the next rule */ ;
    if (status == WRAP_YES) {
	if (hosts_access_verbose > 1)
	    wrap_report(LOG_DEBUG, "matched:  %s line %d", path, rule.line);
	if (rule.options != 0)
	    status = run_options(rule.options, request);
    }
    scanning = 0;
    wrap_table_close(&scan);
    return (status);
}

/* hosts_access - nonzero: grant; zero: deny */
int     hosts_access(struct request_info *request)
{
    int     verdict;

    if (resident <= 0)
	resident++;
    if ((verdict = setjmp(tcpd_buf)) != 0) {	/* an option ended the scan */
	if (scanning) {
	    scanning = 0;
	    wrap_table_close(&scan);
	}
	return (verdict == AC_PERMIT);
    }
    if (table_match(hosts_allow_table, request) == WRAP_YES)
	return (1);
    return (table_match(hosts_deny_table, request) == WRAP_NO);
}

/* hosts_ctl - hosts_access() for a daemon that knows only strings */
int     hosts_ctl(char *daemon, char *name, char *addr, char *user)
{
    struct request_info request;

    return (hosts_access(request_init(&request, RQ_DAEMON, daemon,
				      RQ_CLIENT_NAME, name,
				      RQ_CLIENT_ADDR, addr,
				      RQ_USER, user, 0)));
}
