/*
 * limits.c - the per_source and rate options of hosts_options(5): how
 * many connections one source network may hold open at once, and how
 * many it may open in a window of time, to the services of one rule.
 *
 *   per_source N[/V4[,V6]]	at most N at once (N from 1 to 16)
 *   rate N/WINDOW[/V4[,V6]]	at most N new ones in any WINDOW (N up to 10^6)
 *
 * WINDOW is a duration as tcpdban takes it (seconds, or 90s, 30m, 12h,
 * ...). A source network is the client's address cut to V4 bits (IPv4,
 * default 32) or V6 bits (IPv6, default 64: one client usually owns a
 * whole /64); "/24" alone changes IPv4 only, "/,48" IPv6 only.
 *
 * The counts live in limitstate.c's shared file, opened once per process
 * and kept open (a resident daemon opens it once). When no state can be kept
 * (not root, no directory, a file that is not ours) the connection is
 * served and the reason logged once per process: a limit protects a
 * service from overload, it is not an access rule. A refusal is logged
 * here with the limit and the rule; the caller then refuses as for deny
 * (tcpd logs its usual "refused connect from" line).
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "wrap.h"

static struct wrap_limit_state *shared_state;	/* opened once */
static int state_warned;		/* the reason it is not was logged */

/* parse_count - digits from 1 to max, up to the end or a "/" */
static int parse_count(const char **text, long max, long *count)
{
    size_t  len = strspn(*text, "0123456789");
    long    value = 0;
    size_t  i;

    if (len == 0)
	return (-1);
    for (i = 0; i < len; i++)
	if ((value = value * 10 + ((*text)[i] - '0')) > max)
	    return (-1);
    *text += len;
    *count = value;
    return (value < 1 ? -1 : 0);
}

/* parse_prefixes - "" or "/V4", "/V4,V6", "/,V6"; the defaults stay */
static int parse_prefixes(const char *text, struct wrap_limit *limit)
{
    char    v4[8];
    const char *comma;
    size_t  len;

    if (*text == 0)
	return (0);
    if (*text++ != '/')
	return (-1);
    comma = strchr(text, ',');
    len = comma ? (size_t) (comma - text) : strlen(text);
    if (len >= sizeof(v4) || (len == 0 && comma == 0))
	return (-1);
    memcpy(v4, text, len);
    v4[len] = 0;
    if (len > 0 && (limit->prefix4 = wrap_prefix_length(v4, 0, 32)) < 0)
	return (-1);
    if (comma && (limit->prefix6 = wrap_prefix_length(comma + 1, 0, 128)) < 0)
	return (-1);
    return (0);
}

/*
 * wrap_parse_limit - the value of a per_source or rate option; 0, or
 * what is wrong with it (a count of 0, a window of 0, a prefix longer
 * than the address are all refused: none would mean anything).
 */
const char *wrap_parse_limit(enum wrap_limit_kind kind, const char *text,
			             struct wrap_limit *limit)
{
    char    window[32];
    const char *slash;
    size_t  len;

    memset(limit, 0, sizeof(*limit));
    limit->kind = kind;
    limit->prefix4 = 32;
    limit->prefix6 = 64;
    if (kind == WRAP_LIMIT_PER_SOURCE) {
	if (parse_count(&text, WRAP_LIMIT_SLOTS, &limit->count) < 0)
	    return ("want N[/V4PREFIX[,V6PREFIX]], N from 1 to 16");
    } else {
	if (parse_count(&text, WRAP_LIMIT_RATE_MAX, &limit->count) < 0 || *text++ != '/')
	    return ("want N/SECONDS[/V4PREFIX[,V6PREFIX]], N from 1 to 1000000");
	len = (slash = strchr(text, '/')) ? (size_t) (slash - text) : strlen(text);
	if (len >= sizeof(window))
	    return ("want a window of at least 1 second: 60, 90s, 10m, 1h, ...");
	memcpy(window, text, len);
	window[len] = 0;
	if (wrap_parse_duration(window, &limit->seconds) < 0)
	    return ("want a window of at least 1 second: 60, 90s, 10m, 1h, ...");
	text += len;
    }
    if (parse_prefixes(text, limit) < 0)
	return ("want prefixes /V4 (0 to 32) and ,V6 (0 to 128) after the count");
    return (0);
}

/* wrap_format_limit - the limit as an option reads it; 0, or -1 when it
 * does not fit */
int     wrap_format_limit(const struct wrap_limit *limit, char *text, size_t size)
{
    int     len;

    if (limit->kind == WRAP_LIMIT_PER_SOURCE)
	len = snprintf(text, size, "per_source %ld", limit->count);
    else
	len = snprintf(text, size, "rate %ld/%lds", limit->count, limit->seconds);
    return (len < 0 || (size_t) len >= size ? -1 : 0);
}

/* rule_hash - which rule and limit: file, line and the limit (FNV-1a) */
static uint64_t rule_hash(const struct wrap_limit *limit)
{
    char    text[64];
    const char *parts[2];
    uint64_t hash = 0xcbf29ce484222325ULL;
    const char *cp;
    int     i;

    snprintf(text, sizeof(text), "\n%d\n%d %ld %ld", tcpd_context.line,
	     (int) limit->kind, limit->count, limit->seconds);
    parts[0] = tcpd_context.file ? tcpd_context.file : "";
    parts[1] = text;
    for (i = 0; i < 2; i++)
	for (cp = parts[i]; *cp; cp++)
	    hash = (hash ^ (unsigned char) *cp) * 0x100000001b3ULL;
    return (hash);
}

/* source_net - the client's address cut to the limit's network; 0, or
 * -1 when the client has no address we can read */
static int source_net(struct request_info *request, const struct wrap_limit *limit,
		              struct wrap_limit_ask *ask)
{
    const char *addr = wrap_string_unmapped(eval_hostaddr(request->client));
    struct in_addr in4;
    struct in6_addr in6;
    struct in6_addr net6;
    uint32_t mask;

    memset(ask->net, 0, sizeof(ask->net));
    if (inet_pton(AF_INET, addr, &in4) == 1) {
	ask->family = AF_INET;
	ask->prefix = limit->prefix4;
	mask = ask->prefix == 0 ? 0 : htonl(0xffffffffU << (32 - ask->prefix));
	in4.s_addr &= mask;
	memcpy(ask->net, &in4, 4);
	return (0);
    }
    if (wrap_parse_ipv6(addr, strlen(addr), &in6)) {
	ask->family = AF_INET6;
	ask->prefix = limit->prefix6;
	wrap_ipv6_prefix(&in6, ask->prefix, &net6);
	memcpy(ask->net, &net6, 16);
	return (0);
    }
    return (-1);
}

/* net_text - "net/prefix" of an ask, for the log */
static void net_text(const struct wrap_limit_ask *ask, char *text, size_t size)
{
    char    addr[INET6_ADDRSTRLEN];

    if (inet_ntop(ask->family, ask->net, addr, sizeof(addr)) == 0)
	strcpy(addr, "?");
    snprintf(text, size, "%s/%d", addr, ask->prefix);
}

/* now_ms - a clock that every process of the host shares */
static int64_t now_ms(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_BOOTTIME, &ts) < 0)
	return (0);
    return ((int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* report_limit - one line per limit: what would be counted, or what refused */
static void report_limit(int priority, const char *what,
			         const struct wrap_limit *limit,
			         const struct wrap_limit_ask *ask)
{
    char    option[64];
    char    net[INET6_ADDRSTRLEN + 8];

    if (wrap_format_limit(limit, option, sizeof(option)) < 0)
	strcpy(option, "?");
    net_text(ask, net, sizeof(net));
    wrap_report(priority, what, option, net, tcpd_context.file ? tcpd_context.file : "?",
		tcpd_context.line);
}

/* wrap_limits_check_in - count a connection against a rule's limits */
enum wrap_result wrap_limits_check_in(struct wrap_limit_state *state,
				              const struct wrap_limits *limits,
				              struct request_info *request,
				              int dry, int verbose)
{
    struct wrap_limit_ask asks[WRAP_LIMITS_MAX];
    struct wrap_limit_who who;
    long long start;
    int     refused;
    int     i;

    for (i = 0; i < limits->n; i++) {
	if (source_net(request, limits->limit + i, asks + i) < 0)
	    return (WRAP_YES);			/* no address: nothing to count */
	asks[i].rule = rule_hash(limits->limit + i);
	asks[i].count = limits->limit[i].count;
	asks[i].seconds = limits->limit[i].seconds;
	if (dry && verbose > 0)
	    report_limit(LOG_DEBUG, "limit:    %s for %s (%s line %d; a dry run counts nothing)",
			 limits->limit + i, asks + i);
    }
    if (dry || state == 0 || limits->n == 0)
	return (WRAP_YES);
    who.pid = getpid();
    who.start = 0;
    for (i = 0; i < limits->n; i++)		/* only a slot needs it */
	if (limits->limit[i].kind == WRAP_LIMIT_PER_SOURCE && who.start == 0)
	    who.start = (start = wrap_process_start(who.pid)) > 0 ? (uint32_t) start : 0;
    who.now_ms = now_ms();
    if ((refused = wrap_limit_state_admit(state, asks, limits->n, &who)) < 0)
	return (WRAP_YES);
    /* Not a "connect from" line: log watchers count those per connection. */
    report_limit(deny_severity, "limit %s reached for %s (%s line %d)",
		 limits->limit + refused, asks + refused);
    return (WRAP_NO);
}

/* wrap_limits_check - the same on the host's state, opened once */
enum wrap_result wrap_limits_check(const struct wrap_limits *limits,
				           struct request_info *request,
				           int dry, int verbose)
{
    const char *why;

    if (shared_state == 0 && !dry && limits->n > 0
	&& (shared_state = wrap_limit_state_open(LIMITS_STATE, &why)) == 0
	&& !state_warned) {
	state_warned = 1;
	wrap_report(LOG_WARNING, "warning: limits not enforced: state file %s: %s",
		    LIMITS_STATE, why);
    }
    return (wrap_limits_check_in(shared_state, limits, request, dry, verbose));
}
