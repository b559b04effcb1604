/*
 * hosts_access.c - the access decision: scan hosts.allow, then hosts.deny
 * (each the file, then the files of its drop-in directory, dropin.c);
 * the first rule whose daemon list and client list both match decides,
 * after its options have run. No match anywhere: grant.
 *
 * A table that cannot be read counts as an error: an error in hosts.allow
 * skips it (it grants nothing), an error in hosts.deny denies (it fails
 * closed). Options end the scan early by jumping back through tcpd_buf
 * (allow, deny, errors); they land in run_options(), below the scan, so
 * the table being scanned is released as after any other rule and a
 * resident daemon leaks nothing.
 *
 * How a table is scanned is decided here, once per call: a process that
 * calls hosts_access() repeatedly (resident > 0) uses the resident index,
 * a one-shot process such as tcpd passes over lines that cannot match.
 */

#include <setjmp.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "wrap.h"

char   *hosts_allow_table = HOSTS_ALLOW;
char   *hosts_deny_table = HOSTS_DENY;
int     hosts_access_verbose = 0;
int     resident = -1;			/* -1, then 0 after one call, then 1 */

/* What one table (or one file of it) says about a request. */
enum table_answer {
    NO_RULE_MATCHED,			/* go on (an empty or missing table) */
    RULE_REFUSED,			/* aclexec said no: the table ends */
    RULE_MATCHED,			/* the table's own verdict */
    TABLE_FAILED,			/* unreadable, a NUL byte, ... */
    OPTIONS_GRANTED,			/* allow */
    OPTIONS_DENIED,			/* deny, or an error in the options */
};

/*
 * rule_match - do both lists of a rule match the request, and is the rule
 * not over? A rule whose "expires" moment has come matches nothing, so
 * a ban ends on time with no process to remove it.
 */
static enum wrap_result rule_match(struct wrap_rule *rule,
				           struct request_info *request)
{
    enum wrap_result result = wrap_list_match(rule->daemons, request,
					      wrap_daemon_match);
    time_t  end;

    if (result == WRAP_YES)
	result = wrap_list_match(rule->clients, request, wrap_client_match);
    if (result != WRAP_YES || rule->options == 0
	|| wrap_rule_expiry(rule->options, &end) != WRAP_YES || end > time((time_t *) 0))
	return (result);
    if (hosts_access_verbose > 1)
	wrap_report(LOG_DEBUG, "expired:  %s line %d", tcpd_context.file, rule->line);
    return (WRAP_NO);
}

/*
 * run_options - run a matched rule's options; they may decide, or jump
 * back here. When aclexec says no, the table counts as not matching, as
 * in Debian: its later rules are not tried. Unlike Debian, that answer
 * is forgotten after this rule (README, "Where we differ").
 */
static enum table_answer run_options(char *options, struct request_info *request)
{
    switch (setjmp(tcpd_buf)) {
    case 0:
	break;
    case AC_PERMIT:
	return (OPTIONS_GRANTED);
    default:
	return (OPTIONS_DENIED);
    }
    if (wrap_run_options(options, request, resident > 0,
			 hosts_access_verbose) == WRAP_NO) {
	wrap_report(LOG_INFO, "aclexec returned %d", 1);
	return (RULE_REFUSED);
    }
    return (RULE_MATCHED);
}

/* file_match - scan one file of a table for the first rule that matches */
static enum table_answer file_match(const char *path,
				            struct request_info *request,
				            enum wrap_scan way,
				            struct wrap_fast_client *client)
{
    struct wrap_table table;
    struct wrap_rule rule;
    enum wrap_result status;
    enum table_answer answer = RULE_MATCHED;

    if ((status = wrap_table_open(&table, path, way, client)) != WRAP_YES)
	return (status == WRAP_NO ? NO_RULE_MATCHED : TABLE_FAILED);
    while ((status = wrap_table_next(&table, &rule)) == WRAP_YES
	   && (status = rule_match(&rule, request)) == WRAP_NO)
	 /* try the next rule */ ;
    if (status == WRAP_YES) {
	if (hosts_access_verbose > 1)
	    wrap_report(LOG_DEBUG, "matched:  %s line %d", path, rule.line);
	if (rule.options != 0)
	    answer = run_options(rule.options, request);
    }
    wrap_table_close(&table);
    if (status != WRAP_YES)
	return (status == WRAP_NO ? NO_RULE_MATCHED : TABLE_FAILED);
    return (answer);
}

/*
 * table_match - scan a table, its file and then the files of its drop-in
 * directory, as one: the first rule that matches anywhere decides, and
 * a part that cannot be read fails the whole table.
 */
static enum table_answer table_match(const char *path,
				             struct request_info *request,
				             enum wrap_scan way)
{
    struct wrap_table_parts parts;
    struct wrap_fast_client client;
    enum table_answer answer = NO_RULE_MATCHED;
    size_t  i;

    if (path == 0)
	return (NO_RULE_MATCHED);
    wrap_fast_client_init(&client, request);
    if ((answer = file_match(path, request, way, &client)) != NO_RULE_MATCHED)
	return (answer == RULE_REFUSED ? NO_RULE_MATCHED : answer);
    if (wrap_dropin_files(path, way == WRAP_SCAN_INDEX, 0, 0, &parts) != WRAP_YES)
	return (TABLE_FAILED);
    for (i = 0; i < parts.count && answer == NO_RULE_MATCHED; i++)
	answer = file_match(parts.paths[i], request, way, &client);
    wrap_table_parts_free(&parts);
    return (answer == RULE_REFUSED ? NO_RULE_MATCHED : answer);
}

/* wrap_hosts_access - the decision, each table scanned the given way */
int     wrap_hosts_access(struct request_info *request, enum wrap_scan way)
{
    switch (table_match(hosts_allow_table, request, way)) {
    case RULE_MATCHED:
    case OPTIONS_GRANTED:
	return (1);
    case OPTIONS_DENIED:
	return (0);
    default:					/* go on to hosts.deny */
	break;
    }
    switch (table_match(hosts_deny_table, request, way)) {
    case NO_RULE_MATCHED:
    case OPTIONS_GRANTED:
	return (1);
    default:
	return (0);
    }
}

/* hosts_access - nonzero: grant; zero: deny */
int     hosts_access(struct request_info *request)
{
    if (resident <= 0)
	resident++;
    return (wrap_hosts_access(request, resident > 0 ? WRAP_SCAN_INDEX
			      : WRAP_SCAN_FAST));
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

/*
 * process_options - the ABI's way to run a rule's options, as
 * hosts_access() runs them (aclexec's answer has no way back here).
 */
void    process_options(char *options, struct request_info *request)
{
    (void) wrap_run_options(options, request, resident > 0,
			    hosts_access_verbose);
}
