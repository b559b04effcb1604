/*
 * options.c - the option language of hosts_options(5): the third field
 * of a rule, "option : option : ...", run left to right.
 *
 * The option text is split in place (the caller's copy of the rule is
 * writable), so an option of any length needs no fixed buffer; only the
 * %-expanded value of spawn, twist, setenv and aclexec lives in a buffer
 * of WRAP_EXPANSION_MAX bytes, and an expansion that does not fit is an
 * error that denies: cutting it short could run a different command,
 * and Debian's way out (sleep, then exit) would stall or kill a daemon
 * that links the library. Every error goes through tcpd_jump(), and
 * allow/deny jump with their verdict: both land where the caller of
 * wrap_run_options() set tcpd_buf (hosts_access.c, or tcpdchk). Side
 * effects of the options before an error stay.
 *
 * The caller says whether the process is resident (twist is refused
 * there: it would replace the daemon); the run's own state (the group
 * chosen, aclexec's answer, the limits seen) lives in a struct
 * option_run on its stack. per_source and rate only collect their
 * limits; limits.c counts them all at once when the rule decides
 * (allow, twist, or the end of the options), so that a connection one
 * limit refuses is counted by none.
 * In a dry run (tcpdmatch, tcpdchk) options that would act on the process
 * or the connection only check their arguments; twist clears dry_run to
 * say that it would not return.
 *
 * user and group really switch identity, which Debian's tcpd never did
 * (README, "Where we differ"): group first (setgid, then the
 * supplementary groups), setuid last, every call checked.
 */

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "wrap.h"

int     dry_run = 0;			/* options only check their values */

static const char whitespace[] = " \t\r\n";

/* One run of a rule's options: what the caller said, what they did. */
struct option_run {
    struct request_info *request;
    int     resident;			/* twist is refused */
    int     group_done;			/* a group option switched the gid */
    gid_t   gid;			/* ... to this one */
    int     aclexec_refused;		/* aclexec said no */
    int     verbose;			/* report each option */
    struct wrap_limits limits;		/* per_source and rate, not yet counted */
};

/* trim - strip leading and trailing white space, in place */
static char *trim(char *string)
{
    char   *start = 0;
    char   *end = 0;
    char   *cp;

    for (cp = string; *cp; cp++) {
	if (!isspace((unsigned char) *cp)) {
	    if (start == 0)
		start = cp;
	    end = cp;
	}
    }
    if (start == 0)
	return (cp);
    end[1] = 0;
    return (start);
}

/*
 * next_field - the next ":"-separated field at *cursor, or 0 at the end.
 * "\:" stands for a literal colon. Works in place, as Debian's get_field;
 * warns (if asked to) when a rule ends in ":".
 */
static char *next_field(char **cursor, int warn)
{
    char   *src = *cursor;
    char   *dst = src;
    char   *field = src;

    if (*src == 0)
	return (0);
    while (*src) {
	if (*src == ':') {
	    if (*++src == 0 && warn)
		tcpd_warn("rule ends in \":\"");
	    break;
	}
	if (src[0] == '\\' && src[1] == ':')
	    src++;
	*dst++ = *src++;
    }
    *dst = 0;					/* dst never passes src */
    *cursor = src;
    return (field);
}

/* parse_int - strict decimal int: optional "-", digits, nothing else;
 * 0, or -1 when text is not one */
static int parse_int(const char *text, int *value)
{
    char   *end;
    long    number;

    if (!isdigit((unsigned char) text[text[0] == '-']))
	return (-1);
    errno = 0;
    number = strtol(text, &end, 10);
    if (*end != 0 || errno == ERANGE || number < -2147483647L - 1
	|| number > 2147483647L)
	return (-1);
    *value = (int) number;
    return (0);
}

/*
 * settle_limits - count the connection against the rule's limits, all at
 * once, when the rule decides (allow, twist, or the end of its options):
 * a limit over its count refuses as deny does, and none is counted then.
 */
static void settle_limits(struct option_run *run)
{
    enum wrap_result result;

    if (run->limits.n == 0)
	return;
    result = wrap_limits_check(&run->limits, run->request, dry_run, run->verbose);
    run->limits.n = 0;
    if (result == WRAP_NO)
	longjmp(tcpd_buf, AC_DENY);
}

/* limit_option - a per_source or rate limit, checked by settle_limits() */
static void limit_option(enum wrap_limit_kind kind, const char *name, char *value,
			         struct option_run *run)
{
    const char *why;

    if (run->limits.n == WRAP_LIMITS_MAX)
	tcpd_jump("more than %d per_source and rate options in one rule", WRAP_LIMITS_MAX);
    if ((why = wrap_parse_limit(kind, value, run->limits.limit + run->limits.n)) != 0)
	tcpd_jump("bad %s value: \"%s\" (%s)", name, value, why);
    run->limits.n++;
}

/* per_source_option - at most N connections at once from a source network */
static void per_source_option(char *value, struct option_run *run)
{
    limit_option(WRAP_LIMIT_PER_SOURCE, "per_source", value, run);
}

/* rate_option - at most N new connections per window from a source network */
static void rate_option(char *value, struct option_run *run)
{
    limit_option(WRAP_LIMIT_RATE, "rate", value, run);
}

/* allow_option - grant access now, if the rule's limits let the client in */
static void allow_option(char *value, struct option_run *run)
{
    (void) value;
    settle_limits(run);
    longjmp(tcpd_buf, AC_PERMIT);
}

/* deny_option - deny access now */
static void deny_option(char *value, struct option_run *run)
{
    (void) value;
    (void) run;
    longjmp(tcpd_buf, AC_DENY);
}

/* group_option - switch to a group: setgid, then it is the only extra group */
static void group_option(char *value, struct option_run *run)
{
    struct group *grp;
    gid_t   gid;

    if ((grp = getgrnam(value)) == 0)
	tcpd_jump("unknown group: \"%s\"", value);
    gid = grp->gr_gid;
    endgrent();
    if (dry_run)
	return;
    if (setgid(gid) != 0)
	tcpd_jump("setgid(%s): %m", value);
    if (setgroups(1, &gid) != 0)
	tcpd_jump("setgroups(%s): %m", value);
    run->group_done = 1;
    run->gid = gid;
}

/*
 * user_option - switch to a user ("name" or "name.group"). The gid is the
 * group option's (".group" or an earlier group option) or else the user's
 * primary group; the supplementary groups are the user's (initgroups);
 * setuid comes last, so that the group calls still have the privilege.
 */
static void user_option(char *value, struct option_run *run)
{
    struct passwd *pwd;
    char   *group;
    uid_t   uid;
    gid_t   gid;

    if ((group = split_at(value, '.')) != 0)
	group_option(group, run);
    if ((pwd = getpwnam(value)) == 0)
	tcpd_jump("unknown user: \"%s\"", value);
    uid = pwd->pw_uid;
    gid = pwd->pw_gid;
    endpwent();
    if (dry_run)
	return;
    if (run->group_done)
	gid = run->gid;
    else if (setgid(gid) != 0)
	tcpd_jump("setgid(%s): %m", value);
    if (initgroups(value, gid) != 0)
	tcpd_jump("initgroups(%s): %m", value);
    if (setuid(uid) != 0)
	tcpd_jump("setuid(%s): %m", value);
}

/* umask_option - set the file creation mask: octal digits, at most 0777 */
static void umask_option(char *value, struct option_run *run)
{
    unsigned long mask = 0;
    const char *cp;

    (void) run;
    for (cp = value; *cp >= '0' && *cp <= '7' && mask <= 0777; cp++)
	mask = mask * 8 + (unsigned long) (*cp - '0');
    if (cp == value || *cp != 0 || mask > 0777)
	tcpd_jump("bad umask value: \"%s\"", value);
    (void) umask((mode_t) mask);
}

/* linger_option - set SO_LINGER on the connection (off for 0 seconds) */
static void linger_option(char *value, struct option_run *run)
{
    struct linger linger;

    if (parse_int(value, &linger.l_linger) < 0 || linger.l_linger < 0)
	tcpd_jump("bad linger value: \"%s\"", value);
    if (dry_run)
	return;
    linger.l_onoff = (linger.l_linger != 0);
    if (setsockopt(run->request->fd, SOL_SOCKET, SO_LINGER, &linger,
		   sizeof(linger)) < 0)
	tcpd_warn("setsockopt SO_LINGER %d: %m", linger.l_linger);
}

/* keepalive_option - set SO_KEEPALIVE on the connection */
static void keepalive_option(char *value, struct option_run *run)
{
    static const int on = 1;

    (void) value;
    if (dry_run)
	return;
    if (setsockopt(run->request->fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) < 0)
	tcpd_warn("setsockopt SO_KEEPALIVE: %m");
}

/* spawn_option - run a shell command and wait for it */
static void spawn_option(char *value, struct option_run *run)
{
    (void) run;
    if (dry_run == 0)
	shell_cmd(value);
}

/*
 * aclexec_option - run a shell command; unless it exits with status 0,
 * the rule does not match (wrap_run_options() says so to its caller).
 * A command that cannot be started is an error: deny.
 */
static void aclexec_option(char *value, struct option_run *run)
{
    int     status;
    int     pid;

    if (dry_run)
	return;
    if ((status = wrap_run_command(value, &pid)) == -1)
	tcpd_jump("aclexec_option: /bin/sh: %m");
    if (WIFEXITED(status)) {
	run->aclexec_refused = WEXITSTATUS(status) != 0;
    } else {
	if (WIFSIGNALED(status))
	    tcpd_warn("process %d exited with signal %d", pid,
		      WTERMSIG(status));
	run->aclexec_refused = 1;
    }
}

/* dup_onto - make descriptor "to" a copy of "from"; -1 on error */
static int dup_onto(int from, int to)
{
    return (from == to ? to : dup2(from, to));
}

/*
 * twist_option - replace this process with a shell command that talks to
 * the client on its stdin, stdout and stderr. Does not return.
 */
static void twist_option(char *value, struct option_run *run)
{
    if (run->resident)
	tcpd_jump("twist option in resident process");
    settle_limits(run);
    if (dry_run) {
	dry_run = 0;
	return;
    }
    wrap_report(deny_severity, "twist %s to %s", eval_client(run->request), value);
    if (dup_onto(run->request->fd, 0) != 0 || dup_onto(run->request->fd, 1) != 1
	|| dup_onto(run->request->fd, 2) != 2) {
	tcpd_warn("twist_option: dup: %m");
    } else {
	if (run->request->fd > 2)
	    close(run->request->fd);
	execl("/bin/sh", "sh", "-c", value, (char *) 0);
	tcpd_warn("twist_option: /bin/sh: %m");
    }
    clean_exit(run->request);
}

/* rfc931_option - set the ident timeout, if given, and look the user up */
static void rfc931_option(char *value, struct option_run *run)
{
    int     timeout;

    if (value != 0) {
	if (parse_int(value, &timeout) < 0 || timeout <= 0)
	    tcpd_jump("bad rfc931 timeout: \"%s\"", value);
	rfc931_timeout = timeout;
    }
    (void) eval_user(run->request);
}

/* setenv_option - "name value": set an environment variable */
static void setenv_option(char *value, struct option_run *run)
{
    char   *var_value;

    (void) run;
    if (*(var_value = value + strcspn(value, whitespace)) != 0)
	*var_value++ = 0;
    if (setenv(trim(value), trim(var_value), 1) != 0)
	tcpd_jump("memory allocation failure");
}

/* nice_option - lower (or raise) the scheduling priority; default 10 */
static void nice_option(char *value, struct option_run *run)
{
    int     niceval = 10;

    (void) run;
    if (value != 0 && parse_int(value, &niceval) < 0)
	tcpd_jump("bad nice value: \"%s\"", value);
    if (dry_run)
	return;
    errno = 0;
    if (nice(niceval) == -1 && errno != 0)
	tcpd_warn("nice(%d): %m", niceval);
}

/*
 * Syslog names of severity, exactly Debian's lists: a name Debian does
 * not know (authpriv, ftp, ...) is an error there, and a table written
 * for Debian must get the same verdict here.
 */
struct syslog_name {
    const char *name;
    int     value;
};

static const struct syslog_name facilities[] = {
    {"kern", LOG_KERN}, {"user", LOG_USER}, {"mail", LOG_MAIL},
    {"daemon", LOG_DAEMON}, {"auth", LOG_AUTH}, {"lpr", LOG_LPR},
    {"news", LOG_NEWS}, {"uucp", LOG_UUCP}, {"cron", LOG_CRON},
    {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
    {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
    {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7}, {0, 0},
};

static const struct syslog_name levels[] = {
    {"emerg", LOG_EMERG}, {"alert", LOG_ALERT}, {"crit", LOG_CRIT},
    {"err", LOG_ERR}, {"warning", LOG_WARNING}, {"notice", LOG_NOTICE},
    {"info", LOG_INFO}, {"debug", LOG_DEBUG}, {0, 0},
};

/* syslog_value - look a name up in one of the lists above */
static int syslog_value(const struct syslog_name *table, const char *name)
{
    for (; table->name; table++)
	if (STR_EQ(table->name, name))
	    return (table->value);
    tcpd_jump("bad syslog facility or severity: \"%s\"", name);
    return (0);					/* not reached */
}

/* severity_option - "[facility.]level" for both allow and deny logging */
static void severity_option(char *value, struct option_run *run)
{
    char   *level = split_at(value, '.');
    int     severity;

    (void) run;
    severity = level ? syslog_value(facilities, value)
	| syslog_value(levels, level) : syslog_value(levels, value);
    allow_severity = deny_severity = severity;
}

/*
 * send_banner - write a banner text to the client: leading NUL bytes as
 * they are (the rlogin protocol wants them), then each line %-expanded
 * and ended in CRLF. A line whose expansion is too long is left out
 * (wrap_expand has warned). Stops quietly when the client is gone.
 */
static void send_banner(char *text, size_t size, struct request_info *request)
{
    size_t  out_size = 2 * WRAP_EXPANSION_MAX;
    char   *out;
    char   *line;
    char   *newline;
    char   *end = text + size;
    size_t  len;

    for (line = text; line < end && *line == 0; line++)
	if (wrap_write_all(request->fd, "", 1) < 0)
	    return;
    if ((out = malloc(out_size)) == 0) {
	tcpd_warn("banners: out of memory");
	return;
    }
    for (; line < end; line = newline + 1) {
	if ((newline = memchr(line, '\n', (size_t) (end - line))) == 0)
	    newline = end;			/* last line without newline */
	*newline = 0;
	if (wrap_expand(out, out_size - 2, line, request) < 0)
	    continue;
	len = strlen(out);
	if (newline < end) {			/* room kept above */
	    memcpy(out + len, "\r\n", 3);
	    len += 2;
	}
	if (wrap_write_all(request->fd, out, len) < 0)
	    break;
    }
    free(out);
}

/* banners_option - show the client <dir>/<daemon>, if it exists */
static void banners_option(char *value, struct option_run *run)
{
    struct stat st;
    struct wrap_text text;
    char   *path;
    enum wrap_result status;

    if (asprintf(&path, "%s/%s", value, eval_daemon(run->request)) < 0) {
	tcpd_warn("banners: out of memory");
	return;
    }
    status = wrap_read_file(path, &text, &st);
    free(path);
    if (status == WRAP_YES) {
	send_banner(text.bytes, text.size, run->request);
	free(text.bytes);
    } else if (status == WRAP_NO && stat(value, &st) < 0) {
	tcpd_warn("%s: %m", value);
    }
}

/*
 * expires_option - the rule's end: hosts_access() has passed over the
 * rule once it is over (wrap_rule_expiry), so here it only checks.
 */
static void expires_option(char *value, struct option_run *run)
{
    time_t  when;

    (void) run;
    if (wrap_parse_expiry(value, &when) < 0)
	tcpd_jump("bad expires value: \"%s\" (want YYYYMMDDTHHMMSSZ, UTC)", value);
}

/* comment_option - a note for the people and tools that read the table */
static void comment_option(char *value, struct option_run *run)
{
    (void) value;
    (void) run;
}

/* Option flags. */
#define NEED_ARG	(1<<1)		/* option requires a value */
#define USE_LAST	(1<<2)		/* option must be last */
#define OPT_ARG		(1<<3)		/* option may have a value */
#define EXPAND_ARG	(1<<4)		/* %-expand the value */

struct option {
    const char *name;			/* keyword; case is ignored */
    void    (*func) (char *value, struct option_run *run);
    int     flags;
};

static const struct option option_table[] = {
    {"user", user_option, NEED_ARG},
    {"group", group_option, NEED_ARG},
    {"umask", umask_option, NEED_ARG},
    {"linger", linger_option, NEED_ARG},
    {"keepalive", keepalive_option, 0},
    {"spawn", spawn_option, NEED_ARG | EXPAND_ARG},
    {"twist", twist_option, NEED_ARG | EXPAND_ARG | USE_LAST},
    {"rfc931", rfc931_option, OPT_ARG},
    {"setenv", setenv_option, NEED_ARG | EXPAND_ARG},
    {"nice", nice_option, OPT_ARG},
    {"severity", severity_option, NEED_ARG},
    {"allow", allow_option, USE_LAST},
    {"deny", deny_option, USE_LAST},
    {"banners", banners_option, NEED_ARG},
    {"aclexec", aclexec_option, NEED_ARG | EXPAND_ARG},
    {"expires", expires_option, NEED_ARG},
    {"comment", comment_option, NEED_ARG},
    {"per_source", per_source_option, NEED_ARG},
    {"rate", rate_option, NEED_ARG},
    {0, 0, 0},
};

/*
 * split_option - cut "key [=] value" in place; the value, or 0 if none.
 * Exactly one "=" (with blanks around it) may separate key and value.
 */
static char *split_option(char *option)
{
    char   *value = option + strcspn(option, "= \t\r\n");

    if (*value != 0) {
	if (*value != '=') {
	    *value++ = 0;
	    value += strspn(value, whitespace);
	}
	if (*value == '=') {
	    *value++ = 0;
	    value += strspn(value, whitespace);
	}
    }
    return (*value ? value : 0);
}

/* find_option - the option named key, checked against its value and
 * place; jumps (denies) when it is unknown or misused */
static const struct option *find_option(const char *key, const char *value,
					        int last)
{
    const struct option *op;

    if (*key == 0)
	tcpd_jump("missing option name");
    for (op = option_table; op->name && STR_NE(op->name, key); op++)
	 /* void */ ;
    if (op->name == 0)
	tcpd_jump("bad option name: \"%s\"", key);
    if (value == 0 && (op->flags & NEED_ARG))
	tcpd_jump("option \"%s\" requires value", key);
    if (value != 0 && (op->flags & (NEED_ARG | OPT_ARG)) == 0)
	tcpd_jump("option \"%s\" requires no value", key);
    if (!last && (op->flags & USE_LAST))
	tcpd_jump("option \"%s\" must be at end", key);
    return (op);
}

/* wrap_run_options - run the options of a matched rule, left to right */
enum wrap_result wrap_run_options(char *options, struct request_info *request,
				          int resident, int verbose)
{
    struct option_run run = {request, resident, 0, 0, 0, verbose, {.n = 0}};
    char    expanded[WRAP_EXPANSION_MAX];
    const struct option *op;
    char   *cursor = options;
    char   *key;
    char   *value;
    char   *next;

    for (key = next_field(&cursor, 1); key != 0; key = next) {
	next = next_field(&cursor, 1);
	key = trim(key);
	value = split_option(key);
	op = find_option(key, value, next == 0);
	if (value != 0 && (op->flags & EXPAND_ARG)) {
	    if (wrap_expand(expanded, sizeof(expanded), value, request) < 0)
		tcpd_jump("option \"%s\": expansion too long", key);
	    value = trim(expanded);
	}
	if (verbose > 0)
	    wrap_report(LOG_DEBUG, "option:   %s %s", key, value ? value : "");
	op->func(value, &run);
    }
    if (!run.aclexec_refused)
	settle_limits(&run);
    return (run.aclexec_refused ? WRAP_NO : WRAP_YES);
}

/*
 * wrap_option_next - the next option of an option text at *cursor, cut
 * in place as wrap_run_options() cuts it: its key (white space trimmed),
 * and in *value its value or 0; 0 at the end. Runs nothing, warns about
 * nothing. For readers of options: the expiry below, and tcpdban.
 */
char   *wrap_option_next(char **cursor, char **value)
{
    char   *key;

    if ((key = next_field(cursor, 0)) == 0)
	return (0);
    key = trim(key);
    *value = split_option(key);
    return (key);
}

/*
 * wrap_rule_expiry - the moment a rule's "expires" option ends it: WRAP_YES
 * with *when, WRAP_NO when it has none, WRAP_ERR when its value is bad
 * (running the options then denies). The options are not changed.
 */
enum wrap_result wrap_rule_expiry(const char *options, time_t *when)
{
    enum wrap_result result = WRAP_NO;
    char   *copy;
    char   *cursor;
    char   *key;
    char   *value;

    if ((copy = strdup(options)) == 0)
	return (WRAP_ERR);
    cursor = copy;
    while (result == WRAP_NO && (key = wrap_option_next(&cursor, &value)) != 0) {
	if (STR_EQ(key, "expires"))
	    result = value != 0 && wrap_parse_expiry(value, when) == 0 ?
		WRAP_YES : WRAP_ERR;
    }
    free(copy);
    return (result);
}
