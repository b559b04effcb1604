/*
 * tcpdchk - report mistakes in hosts.allow, hosts.deny and inetd.conf,
 * before they lock someone out or let someone in.
 *
 * usage: tcpdchk [-a] [-d] [-i inet_conf] [-v]
 *
 * The tables are read by the library's own parser (wrap_table_open and
 * wrap_table_next, which keep tcpd_context on the rule's file and line),
 * so tcpdchk sees exactly the rules that hosts_access() sees. Lists are
 * split into words by the matcher's own wrap_list_next, /file lists by
 * the matcher's own list reader, and every pattern is parsed by the
 * matcher's own parsers (match.c), so what tcpdchk says about a pattern
 * is what the matcher will do with it. Options run in the library in a
 * dry run. Every diagnostic goes to stdout, in order.
 *
 * Besides the checks of 7.6 and Debian, tcpdchk warns about net/mask
 * patterns that never match or match everything, IPv6 addresses without
 * brackets, "#" used as a comment after the first column, rules that an
 * earlier rule hides entirely (shadow.c), tables that someone other than
 * root may write, and daemon names that look like typos of a service in
 * inetd.conf.
 *
 * Long options add what automation needs and change nothing without
 * them: --no-dns looks nothing up (the name checks say "not checked"),
 * --strict makes the exit status tell whether anything was found, --json
 * reports as one JSON document (chkjson.c); each warning of ours names
 * its kind where it is issued (warn_kind), for that document. Inside an
 * SSH session, the first warning is whether the tables would lock its
 * client out (lockout.c).
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wrap.h"
#include "inetcf.h"
#include "scaffold.h"
#include "shadow.h"
#include "chkjson.h"
#include "lockout.h"
#include "perms.h"

static int allow_check;			/* -a: report implicit "allow" */
static int strict;			/* --strict: findings set the exit status */
static int table_failed;		/* a table could not be read */
static int json_output;			/* --json */
static const char *inetcf;		/* inetd.conf that was read, or 0 */

/* Programs that Debian links with libwrap: they wrap themselves. */
static const char *const self_wrapped[] = {
    "portmap", "mountd", "statd", "ugidd", "redir", "rlinetd", "sshd",
    "atftpd", "diald", "esound", "gdm", "gnome-session", "icecast",
    "icecast_admin", "icecast_client", "icecast_source", "mysqld", "ntop",
    "pptpd", "rquotad", "sendmail", "smail", 0,
};

/* Long options: values beyond those of any short option. */
enum {
    OPT_NO_DNS = 256,
    OPT_STRICT,
    OPT_JSON,
};
static const struct option long_options[] = {
    {"no-dns", no_argument, 0, OPT_NO_DNS},
    {"strict", no_argument, 0, OPT_STRICT},
    {"json", no_argument, 0, OPT_JSON},
    {0, 0, 0, 0},
};

/* usage - explain the command line and exit */
static void usage(const char *myname)
{
    fprintf(stderr, "usage: %s [-a] [-d] [-i inet_conf] [-v]\n", myname);
    fprintf(stderr, "\t-a: report rules with implicit \"ALLOW\" at end\n");
    fprintf(stderr, "\t-d: use allow/deny files in current directory\n");
    fprintf(stderr, "\t-i: location of inetd.conf file\n");
    fprintf(stderr, "\t-v: list all rules\n");
    exit(1);
}

/* inetcf_name - the inetd.conf name for messages ("(null)" as Debian) */
static const char *inetcf_name(void)
{
    return (inetcf ? inetcf : "(null)");
}

/* print_list - a title and the words of a list, one space apart */
static void print_list(const char *title, const char *list)
{
    char   *copy = xstrdup(list);
    char   *cursor = copy;
    const char *word;
    const char *space = "";

    fputs(title, stdout);
    while ((word = wrap_list_next(&cursor)) != 0) {
	printf("%s%s", space, word);
	space = " ";
    }
    putchar('\n');
    free(copy);
}

/* reserved_name - a word with a meaning of its own in patterns */
static int reserved_name(const char *word)
{
    return (STR_EQ(word, unknown) || STR_EQ(word, "KNOWN")
	    || STR_EQ(word, paranoid) || STR_EQ(word, "ALL")
	    || STR_EQ(word, "LOCAL"));
}

/* check_comment_word - "#" starts a comment only in the first column */
static void check_comment_word(const char *word)
{
    if (word[0] == '#')
	warn_kind("bad-pattern",
	    "%s: \"#\" starts a comment only in the first column: "
	    "this is a pattern", word);
}

/* check_ipv4_mask_hint - why a good net with a bad mask never matches,
 * when the reason is a common one */
static void check_ipv4_mask_hint(const char *net_word, const char *mask_word)
{
    if (STR_EQ(mask_word, "255.255.255.255"))
	warn_kind("never-matches",
	    "%s/%s: a mask of 255.255.255.255 is not accepted: the "
	    "pattern never matches (write the address alone)",
	    net_word, mask_word);
    else if (wrap_prefix_length(mask_word, 0, 32) == 0)
	warn_kind("never-matches",
	    "%s/%s: an IPv4 prefix of 0 never matches (use ALL)",
	    net_word, mask_word);
}

/*
 * check_net - a "net/mask" pattern, parsed by the matcher's parser: bad
 * (never matches), an IPv4 net with host bits set (never matches), one
 * that matches every address, or an IPv6 net with bits set beyond its
 * prefix (the matcher ignores them).
 */
static void check_net(const char *net_word, const char *mask_word)
{
    struct wrap_net net;
    struct in6_addr prefix;

    if (wrap_parse_net(net_word, mask_word, &net) != WRAP_YES) {
	warn_kind("bad-pattern",
	    "%s/%s: bad net/mask pattern", net_word, mask_word);
	if (net.family == AF_INET && dot_quad_addr((char *) net_word) != INADDR_NONE)
	    check_ipv4_mask_hint(net_word, mask_word);
    } else if (net.family == AF_INET6) {
	wrap_ipv6_prefix(&net.addr6, net.prefix6, &prefix);
	if (net.prefix6 == 0)
	    warn_kind("matches-everything",
		"%s/%s: a prefix of 0 matches every IPv6 address",
		net_word, mask_word);
	else if (memcmp(&prefix, &net.addr6, sizeof(prefix)) != 0)
	    warn_kind("ignored-bits",
		"%s/%s: net has bits set beyond the prefix "
		"(they are ignored)", net_word, mask_word);
    } else if ((net.addr4 & ~net.mask4) != 0) {
	warn_kind("never-matches",
	    "%s/%s: net has bits set outside the mask: the pattern "
	    "never matches", net_word, mask_word);
    } else if (net.mask4 == 0) {
	warn_kind("matches-everything",
	    "%s/%s: a mask of 0 matches every IPv4 address",
	    net_word, mask_word);
    }
}

/* decimal_octet - part[0..len) as the address printer writes a number:
 * 0..255, no leading zero */
static int decimal_octet(const char *part, size_t len)
{
    return (len >= 1 && len <= 3 && (len == 1 || part[0] != '0')
	    && strspn(part, "0123456789") >= len && atoi(part) <= 255);
}

/*
 * check_address_text - the matcher compares a numeric pattern with the
 * client's address as text: an address matches only when written as
 * addresses are printed (four decimal numbers 0..255, no leading zeros),
 * a prefix ("10.1.") only with one to three such numbers. 1 if it can
 * match; else it warns.
 */
static int check_address_text(const char *pattern)
{
    int     prefix = pattern[strlen(pattern) - 1] == '.';
    int     parts = 0;
    const char *cp = pattern;
    size_t  len;

    for (; *cp != 0; cp += len + (cp[len] == '.'), parts++)
	if (!decimal_octet(cp, len = strcspn(cp, ".")))
	    break;
    if (*cp == 0 && (prefix ? parts <= 3 : parts == 4))
	return (1);
    warn_kind("never-matches",
	"%s: addresses are compared as text, and no address is "
	"written so: the pattern never matches", pattern);
    return (0);
}

static int check_host(char *pattern, const struct wrap_file_list *list);

/*
 * check_file_list - check every word of a /file pattern list (named by
 * the list outer, or by a table), with the list's file and line; the
 * matcher's reader says why a list fails closed.
 */
static void check_file_list(const char *path, const struct wrap_file_list *outer)
{
    struct tcpd_context saved_context = tcpd_context;
    struct wrap_file_list list;
    char   *word;

    const char *saved_kind = kind_begin("bad-file-list");
    enum wrap_result status = wrap_file_list_open(&list, path, outer);

    kind_end(saved_kind);
    if (status != WRAP_YES)
	return;					/* missing, or warned */
    check_list_permissions(path);
    tcpd_context.file = (char *) path;
    while ((word = wrap_file_list_word(&list)) != 0) {
	tcpd_context.line = list.line;
	(void) check_host(word, &list);
    }
    tcpd_context = saved_context;
    wrap_file_list_close(&list);
}

/* check_netgroup - warn when a netgroup is unknown or empty */
static void check_netgroup(const char *group)
{
    char   *machine;
    char   *user;
    char   *domain;

    setnetgrent(group);
    if (getnetgrent(&machine, &user, &domain) == 0)
	warn_kind("unknown-netgroup", "%s: unknown or empty netgroup", group);
    endnetgrent();
}

/* check_fail - FAIL was a reserved word of old releases */
static int check_fail(const char *word)
{
    if (STR_NE(word, "FAIL"))
	return (0);
    warn_kind("bad-pattern", "FAIL is no longer recognized");
    warn_kind("bad-pattern", "(use EXCEPT or DENY instead)");
    return (1);
}

/* check_host - check one host pattern (from a table, or from the /file
 * list list); the number of addresses it has */
static int check_host(char *pattern, const struct wrap_file_list *list)
{
    struct in6_addr addr;
    size_t  len = strlen(pattern);
    char   *mask;
    int     addr_count = 1;

    check_comment_word(pattern);
    if (len == 0)
	return (addr_count);
    if (pattern[0] == '@') {
	check_netgroup(pattern + 1);
    } else if (pattern[0] == '/') {
	check_file_list(pattern, list);
    } else if ((mask = split_at(pattern, '/')) != 0) {
	check_net(pattern, mask);
    } else if (check_fail(pattern) || reserved_name(pattern)) {
	 /* done */ ;
    } else if (pattern[0] == '[') {
	if (wrap_parse_bracketed(pattern, &addr) != WRAP_YES)
	    warn_kind("bad-pattern",
		"bad IPv6 address in pattern: %s", pattern);
    } else if (NOT_INADDR(pattern)) {
	if (pattern[len - 1] == '.')
	    warn_kind("bad-pattern",
		"%s: domain or host name ends in dot", pattern);
	else if (pattern[0] != '.')
	    addr_count = check_dns(pattern);
    } else if (STR_EQ(pattern, "0.0.0.0") || STR_EQ(pattern, "255.255.255.255")) {
	 /* fine */ ;
    } else if (pattern[0] == '.') {
	warn_kind("bad-pattern", "%s: network number begins with dot", pattern);
    } else if (check_address_text(pattern) && pattern[len - 1] != '.') {
	(void) check_dns(pattern);
    }
    return (addr_count);
}

/* check_name - common checks of a daemon or user name; 1 if one warned */
static int check_name(const char *word, const char *what)
{
    if (word[0] == '@')
	warn_kind("bad-pattern", "%s: %s name begins with \"@\"", word, what);
    else if (word[0] == '/')
	warn_kind("bad-pattern", "%s: %s name begins with \"/\"", word, what);
    else if (word[0] == '.')
	warn_kind("bad-pattern", "%s: %s name begins with dot", word, what);
    else if (word[0] && word[strlen(word) - 1] == '.')
	warn_kind("bad-pattern", "%s: %s name ends in dot", word, what);
    else
	return (check_fail(word));
    return (1);
}

/* check_daemon - check one daemon name against the patterns and inetd.conf */
static void check_daemon(const char *word)
{
    const char *near;

    if (check_name(word, "daemon") || STR_EQ(word, "ALL") || STR_EQ(word, unknown))
	return;
    if (reserved_name(word)) {
	warn_kind("bad-pattern", "%s: daemon name may be reserved word", word);
	return;
    }
    switch (inet_get(word)) {
    case WR_UNKNOWN:
	warn_kind("unknown-daemon",
	    "%s: no such process name in %s", word, inetcf_name());
	if ((near = inet_near(word)) != 0)
	    warn_kind("unknown-daemon",
		"%s: did you mean %s? (a service in %s)", word, near,
		inetcf_name());
	inet_set(word, WR_YES);			/* say it once */
	break;
    case WR_NOT:
	warn_kind("not-wrapped", "%s: service possibly not wrapped", word);
	inet_set(word, WR_YES);
	break;
    }
}

/* check_user - check the user part of user@host */
static void check_user(const char *word)
{
    if (check_name(word, "user") || STR_EQ(word, "ALL")
	|| STR_EQ(word, unknown) || STR_EQ(word, "KNOWN"))
	return;
    if (reserved_name(word))
	warn_kind("bad-pattern", "%s: user name may be reserved word", word);
}

/* check_daemon_list - check every word of a daemon list */
static void check_daemon_list(const char *list)
{
    char   *copy = xstrdup(list);
    char   *cursor = copy;
    char   *word;
    char   *host;
    int     daemons = 0;

    while ((word = wrap_list_next(&cursor)) != 0) {
	if (STR_EQ(word, "EXCEPT")) {
	    daemons = 0;
	    continue;
	}
	daemons++;
	check_comment_word(word);
	if ((host = split_at(word + 1, '@')) != 0 && check_host(host, 0) > 1) {
	    warn_kind("ambiguous-host",
		"host %s has more than one address", host);
	    warn_kind("ambiguous-host", "(consider using an address instead)");
	}
	check_daemon(word);
    }
    if (daemons == 0)
	warn_kind("bad-pattern", "daemon list is empty or ends in EXCEPT");
    free(copy);
}

/* check_client_list - check every word of a client list */
static void check_client_list(const char *list)
{
    char   *copy = xstrdup(list);
    char   *cursor = copy;
    char   *word;
    char   *host;
    int     clients = 0;

    while ((word = wrap_list_next(&cursor)) != 0) {
	if (STR_EQ(word, "EXCEPT")) {
	    clients = 0;
	    continue;
	}
	clients++;
	if ((host = split_at(word + 1, '@')) != 0) {
	    check_comment_word(word);
	    check_user(word);
	    (void) check_host(host, 0);
	} else {
	    (void) check_host(word, 0);
	}
    }
    if (clients == 0)
	warn_kind("bad-pattern", "client list is empty or ends in EXCEPT");
    free(copy);
}

/*
 * unbracketed_ipv6 - is the word around offset "at" of text an IPv6
 * address that the field separator ":" has cut in two?
 */
static int unbracketed_ipv6(const char *text, size_t at, char **found)
{
    static const char separators[] = ", \t\r\n";
    struct in6_addr addr;
    size_t  start = at;
    size_t  end = at;
    char   *word;
    char   *cp;

    while (start > 0 && strchr(separators, text[start - 1]) == 0)
	start--;
    end += strcspn(text + end, separators);
    if ((word = strndup(text + start, end - start)) == 0)
	return (0);
    if ((cp = strrchr(word, '@')) != 0)		/* user@ or daemon@ */
	memmove(word, cp + 1, strlen(cp));
    word[strcspn(word, "/")] = 0;		/* /prefix */
    for (cp = word + strlen(word); cp > word + 1 && cp[-1] == ':' && cp[-2] != ':'; cp--)
	cp[-1] = 0;				/* a colon that ends a field */
    if (word[0] != '[' && strchr(word, ':') && wrap_parse_ipv6(word, strlen(word), &addr)) {
	*found = word;
	return (1);
    }
    free(word);
    return (0);
}

/*
 * check_unbracketed_ipv6 - the parser splits a rule at ":" outside
 * brackets, so an IPv6 address without brackets is cut apart. Put the
 * fields back together as they were and look at the words around the
 * two cuts.
 */
static void check_unbracketed_ipv6(const struct wrap_rule *rule)
{
    size_t  cuts[2];
    int     count = rule->options ? 2 : 1;
    char   *text;
    char   *found;
    int     i;

    if (asprintf(&text, "%s:%s%s%s", rule->daemons, rule->clients,
		 rule->options ? ":" : "", rule->options ? rule->options : "") < 0)
	return;
    cuts[0] = strlen(rule->daemons);
    cuts[1] = cuts[0] + 1 + strlen(rule->clients);
    for (i = 0; i < count; i++) {
	if (unbracketed_ipv6(text, cuts[i], &found)) {
	    warn_kind("bad-pattern",
		"%s: an IPv6 address must be written in [brackets]: "
		"\":\" separates the fields of a rule", found);
	    free(found);
	    break;
	}
    }
    free(text);
}

/* check_option_comment - "#" in the option field is part of an option */
static void check_option_comment(const char *options)
{
    const char *cp;

    for (cp = strchr(options, '#'); cp; cp = strchr(cp + 1, '#')) {
	if (cp == options || isspace((unsigned char) cp[-1]) || cp[-1] == ':') {
	    warn_kind("bad-option",
		"\"#\" starts a comment only in the first column: "
		"here it is part of an option");
	    return;
	}
    }
}

/*
 * option_verdict - run a rule's options in a dry run: the verdict they
 * give (allow, deny, an error), else the table's default.
 */
static int option_verdict(char *options, struct request_info *request,
			          int verdict)
{
    const char *volatile saved_kind = finding_kind;

    switch (setjmp(tcpd_buf)) {
    case 0:
	break;
    case AC_PERMIT:
	kind_end(saved_kind);
	return (1);
    default:
	kind_end(saved_kind);
	return (0);
    }
    dry_run = 1;
    saved_kind = kind_begin("bad-option");
    process_options(options, request);
    kind_end(saved_kind);
    if (dry_run == 1 && verdict && allow_check)
	warn_kind("implicit-allow", "implicit \"allow\" at end of rule");
    return (verdict);
}

/* has_limit - does an option text have per_source or rate options, all
 * with good values (a bad one has had its own warning)? */
static int has_limit(const char *options)
{
    struct wrap_limit limit;
    char   *copy;
    char   *cursor;
    char   *key;
    char   *value;
    int     found = 0;

    if ((copy = strdup(options)) == 0)
	return (0);
    cursor = copy;
    while (found >= 0 && (key = wrap_option_next(&cursor, &value)) != 0) {
	if (STR_EQ(key, "per_source") || STR_EQ(key, "rate"))
	    found = value != 0 && wrap_parse_limit(STR_EQ(key, "rate") ? WRAP_LIMIT_RATE
						 : WRAP_LIMIT_PER_SOURCE, value,
						 &limit) == 0 ? 1 : -1;
    }
    free(copy);
    return (found > 0);
}

/* check_expiry - a rule whose "expires" moment is past matches nothing */
static void check_expiry(const char *options)
{
    char    text[32];
    time_t  end;

    if (wrap_rule_expiry(options, &end) == WRAP_YES && end <= time((time_t *) 0)
	&& wrap_format_expiry(end, text, sizeof(text)) == 0)
	warn_kind("expired", "rule expired at %s: it matches nothing now "
		  "(tcpdban expire removes such rules)", text);
}

/* table_name - which table, by its default verdict (for --json) */
static const char *table_name(int default_verdict)
{
    return (default_verdict ? "allow" : "deny");
}

/* check_rule - check one rule of a table */
static void check_rule(struct wrap_rule *rule, struct request_info *request,
		               int default_verdict, struct shadow_index *shadow)
{
    int     verdict = default_verdict;
    int     limited;

    if (json_output)
	chkjson_rule_begin(rule, table_name(default_verdict));
    if (hosts_access_verbose) {
	printf("\n>>> Rule %s line %d:\n", tcpd_context.file, tcpd_context.line);
	print_list("daemons:  ", rule->daemons);
	print_list("clients:  ", rule->clients);
    }
    check_unbracketed_ipv6(rule);
    check_daemon_list(rule->daemons);
    check_client_list(rule->clients);
    if (rule->options) {
	check_option_comment(rule->options);
	check_expiry(rule->options);
    }
    shadow_check(shadow, rule);
    limited = rule->options && has_limit(rule->options);	/* before they are cut */
    if (rule->options)
	verdict = option_verdict(rule->options, request, default_verdict);
    else if (default_verdict && allow_check)
	warn_kind("implicit-allow", "implicit \"allow\" at end of rule");
    if (limited && verdict == 0)
	warn_kind("bad-option", "per_source and rate limit nothing in a rule "
		  "that denies: every client is refused anyway");
    if (hosts_access_verbose)
	printf("access:   %s\n", verdict ? "granted" : "denied");
    if (json_output)
	chkjson_rule_end(verdict);
}

/* next_rule - wrap_table_next, its warnings named: bad rules, or a
 * table that cannot be read any further (it fails closed) */
static enum wrap_result next_rule(struct wrap_table *table,
				          struct wrap_rule *rule)
{
    const char *saved_kind = kind_begin("bad-rule");
    enum wrap_result status = wrap_table_next(table, rule);

    kind_end(saved_kind);
    if (status == WRAP_ERR && json_output)
	chkjson_relabel("bad-rule", "unreadable");
    return (status);
}

/* check_file - check every rule of one file of a table */
static void check_file(const char *path, struct request_info *request,
		               int default_verdict, struct shadow_index *shadow)
{
    struct wrap_table table;
    struct wrap_rule rule;
    enum wrap_result status;
    const char *saved_kind = kind_begin("unreadable");

    status = wrap_table_open(&table, path, WRAP_SCAN_EVERY_LINE, 0);
    kind_end(saved_kind);
    if (json_output)
	chkjson_file(path, table_name(default_verdict), status == WRAP_YES ? "read"
		     : status == WRAP_NO ? "missing" : "failed", (char *) 0);
    if (status != WRAP_YES) {
	table_failed |= (status == WRAP_ERR);	/* warned */
	return;					/* or missing: empty */
    }
    while ((status = next_rule(&table, &rule)) == WRAP_YES)
	check_rule(&rule, request, default_verdict, shadow);
    table_failed |= (status == WRAP_ERR);
    wrap_table_close(&table);
}

/*
 * report_skipped - a file of a drop-in directory that is never read. A
 * lock file of tcpdban's is where it belongs: --json lists it among the
 * files, but it is no finding (else every ban list would fail --strict).
 */
static void report_skipped(const char *path, const char *why, void *context)
{
    if (json_output)
	chkjson_file(path, (const char *) context, "skipped", why);
    if (!wrap_dropin_is_lock(strrchr(path, '/') + 1))
	warn_kind("skipped-file", "%s: not read: %s", path, why);
}

/*
 * check_table - check one table: its file, then the files of its drop-in
 * directory (who may write each, every rule), as one table: a rule may
 * hide the rules of later files.
 */
static void check_table(const char *path, struct request_info *request,
			        int default_verdict)
{
    struct shadow_index *shadow = shadow_new();
    struct wrap_table_parts parts;
    const char *saved_kind;
    enum wrap_result status;
    size_t  i;

    check_file(path, request, default_verdict, shadow);
    saved_kind = kind_begin("unreadable");
    status = wrap_dropin_files(path, 0, report_skipped,
			       (void *) table_name(default_verdict), &parts);
    kind_end(saved_kind);
    if (status == WRAP_YES) {
	check_dropin_dir(path);
	for (i = 0; i < parts.count; i++) {
	    check_permissions(parts.paths[i]);
	    check_file(parts.paths[i], request, default_verdict, shadow);
	}
	wrap_table_parts_free(&parts);
    } else {
	table_failed = 1;			/* warned */
    }
    shadow_free(shadow);
}

/* exit_status - 0; with --strict 2 when a table could not be read, 1
 * when anything was reported */
static int exit_status(void)
{
    if (!strict)
	return (0);
    return (table_failed ? 2 : findings_reported() > 0 ? 1 : 0);
}

/* main - check inetd.conf, then every rule of hosts.allow and hosts.deny */
int     main(int argc, char **argv)
{
    struct request_info request;
    const char *const *name;
    const char *saved_kind;
    int     c;

    report_on_stdout();
    while ((c = getopt_long(argc, argv, "adi:v", long_options, 0)) != -1) {
	switch (c) {
	case OPT_NO_DNS:
	    use_no_dns();
	    break;
	case OPT_STRICT:
	    strict = 1;
	    break;
	case OPT_JSON:
	    json_output = 1;
	    break;
	case 'a':
	    allow_check = 1;
	    break;
	case 'd':
	    use_local_tables();
	    break;
	case 'i':
	    inetcf = optarg;
	    break;
	case 'v':
	    hosts_access_verbose++;
	    break;
	default:
	    usage(argv[0]);
	}
    }
    if (argc != optind)
	usage(argv[0]);
    if (json_output) {
	hosts_access_verbose = 0;		/* no prose */
	chkjson_start();
    }
    check_lockout(json_output ? chkjson_start : report_resume);

    check_real_daemon_dir();
    saved_kind = kind_begin("inetd-conf");
    inetcf = inet_cfg(inetcf);
    kind_end(saved_kind);
    if (hosts_access_verbose)
	printf("Using network configuration file: %s\n", inetcf_name());
    for (name = self_wrapped; *name; name++)
	inet_set(*name, WR_YES);
    check_permissions(hosts_allow_table);
    check_permissions(hosts_deny_table);

    /* A made-up request: options are checked against it, in a dry run. */
    request_init(&request,
		 RQ_DAEMON, "daemon_name",
		 RQ_SERVER_NAME, "server_hostname",
		 RQ_SERVER_ADDR, "server_addr",
		 RQ_USER, "user_name",
		 RQ_CLIENT_NAME, "client_hostname",
		 RQ_CLIENT_ADDR, "client_addr",
		 RQ_FILE, 1,
		 0);
    check_table(hosts_allow_table, &request, 1);
    check_table(hosts_deny_table, &request, 0);
    if (json_output)
	chkjson_finish();
    return (exit_status());
}
