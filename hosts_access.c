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
 *
 * hosts_access(), the entry of tcpd and of every daemon, logs which rule
 * decided ("decided: ..."), at the severity of the verdict: the logs
 * then name the file and line of every grant and refusal without debug
 * output. It is a message of its own, so the "connect from" and "refused
 * connect from" lines that log watchers and fail2ban's filters read keep
 * Debian's text, and it says neither "connect" nor "from", so nothing
 * that counts those lines counts it (tests/fail2ban-regex.test proves it
 * with fail2ban's stock sshd filter). The programs that only predict
 * (tcpdmatch, tcpdchk, the tests) call wrap_hosts_access(), which logs
 * nothing of the kind.
 */

#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
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
 * Which rule decided: a file and line, line 0 for an unreadable table, or
 * an empty file name when no rule matched (the default grant). A path
 * that could be opened fits in PATH_MAX; one that could not is cut short
 * in the log message at worst, never in a verdict.
 */
struct decision {
    char    file[PATH_MAX];
    int     line;
};

/* remember - note what decided, when the caller asked to know */
static void remember(struct decision *decision, const char *file, int line)
{
    if (decision == 0)
	return;
    snprintf(decision->file, sizeof(decision->file), "%s", file ? file : "");
    decision->line = line;
}

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
				            struct wrap_fast_client *client,
				            struct decision *decision)
{
    struct wrap_table table;
    struct wrap_rule rule;
    enum wrap_result status;
    enum table_answer answer = RULE_MATCHED;

    if ((status = wrap_table_open(&table, path, way, client)) != WRAP_YES) {
	if (status == WRAP_ERR)
	    remember(decision, path, 0);
	return (status == WRAP_NO ? NO_RULE_MATCHED : TABLE_FAILED);
    }
    while ((status = wrap_table_next(&table, &rule)) == WRAP_YES
	   && (status = rule_match(&rule, request)) == WRAP_NO)
	 /* try the next rule */ ;
    if (status == WRAP_YES) {
	if (hosts_access_verbose > 1)
	    wrap_report(LOG_DEBUG, "matched:  %s line %d", path, rule.line);
	remember(decision, path, rule.line);
	if (rule.options != 0)
	    answer = run_options(rule.options, request);
    }
    wrap_table_close(&table);
    if (status == WRAP_ERR)
	remember(decision, path, 0);
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
				             enum wrap_scan way,
				             struct decision *decision)
{
    struct wrap_table_parts parts;
    struct wrap_fast_client client;
    enum table_answer answer = NO_RULE_MATCHED;
    size_t  i;

    if (path == 0)
	return (NO_RULE_MATCHED);
    wrap_fast_client_init(&client, request);
    if ((answer = file_match(path, request, way, &client, decision)) != NO_RULE_MATCHED)
	return (answer == RULE_REFUSED ? NO_RULE_MATCHED : answer);
    if (wrap_dropin_files(path, way == WRAP_SCAN_INDEX, 0, 0, &parts) != WRAP_YES) {
	remember(decision, path, 0);
	return (TABLE_FAILED);
    }
    for (i = 0; i < parts.count && answer == NO_RULE_MATCHED; i++)
	answer = file_match(parts.paths[i], request, way, &client, decision);
    wrap_table_parts_free(&parts);
    return (answer == RULE_REFUSED ? NO_RULE_MATCHED : answer);
}

/*
 * decide - the decision, each table scanned the given way; what decided
 * is noted in *decision unless that is 0. A table that goes on to the
 * next (no match, aclexec's no, an unreadable hosts.allow) decided
 * nothing.
 */
static int decide(struct request_info *request, enum wrap_scan way,
		          struct decision *decision)
{
    switch (table_match(hosts_allow_table, request, way, decision)) {
    case RULE_MATCHED:
    case OPTIONS_GRANTED:
	return (1);
    case OPTIONS_DENIED:
	return (0);
    default:					/* go on to hosts.deny */
	remember(decision, 0, 0);
	break;
    }
    switch (table_match(hosts_deny_table, request, way, decision)) {
    case NO_RULE_MATCHED:
	remember(decision, 0, 0);
	return (1);
    case OPTIONS_GRANTED:
	return (1);
    default:
	return (0);
    }
}

/* wrap_hosts_access - the decision alone, for programs that predict it */
int     wrap_hosts_access(struct request_info *request, enum wrap_scan way)
{
    return (decide(request, way, (struct decision *) 0));
}

/*
 * report_decision - log which rule decided, at the verdict's severity. A
 * daemon that sets a severity below zero asks for no log of that verdict
 * (tftpd-hpa's allow_severity = -1: "don't log accepted requests").
 */
static void report_decision(struct request_info *request, int verdict,
			            const struct decision *decision)
{
    const char *how = verdict ? "granted" : "denied";
    int     severity = verdict ? allow_severity : deny_severity;

    if (severity < 0)
	return;
    if (decision->file[0] == 0)
	wrap_report(severity, "decided: %s client %s %s, no rule matched",
		    eval_daemon(request), eval_hostaddr(request->client), how);
    else if (decision->line == 0)
	wrap_report(severity, "decided: %s client %s %s, %s could not be read",
		    eval_daemon(request), eval_hostaddr(request->client), how,
		    decision->file);
    else
	wrap_report(severity, "decided: %s client %s %s by %s line %d",
		    eval_daemon(request), eval_hostaddr(request->client), how,
		    decision->file, decision->line);
}

/* hosts_access - nonzero: grant; zero: deny. Logs which rule decided. */
int     hosts_access(struct request_info *request)
{
    struct decision decision = {"", 0};
    int     verdict;

    if (resident <= 0)
	resident++;
    verdict = decide(request, resident > 0 ? WRAP_SCAN_INDEX : WRAP_SCAN_FAST,
		     &decision);
    report_decision(request, verdict, &decision);
    return (verdict);
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
