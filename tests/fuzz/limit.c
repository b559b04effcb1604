/*
 * limit.c - fuzz target: the values of the per_source and rate options
 * (limits.c). The first line is taken as both kinds of value: one that
 * parses must be in range and must parse back to the same limit from
 * its canonical form (N[/SECONDS]/V4,V6). The second line is a client
 * address, cut to the limit's source network in a dry run (nothing is
 * counted), which must let it in.
 */

#include "fuzz.h"

/* check_round_trip - a limit that parses is in range and survives */
static void check_round_trip(enum wrap_limit_kind kind, const char *text,
			             struct wrap_limits *limits)
{
    struct wrap_limit *limit = limits->limit;
    struct wrap_limit again;
    char    canonical[96];

    if (wrap_parse_limit(kind, text, limit) != 0)
	return;
    if (limit->kind != kind || limit->count < 1
	|| limit->count > (kind == WRAP_LIMIT_RATE ? WRAP_LIMIT_RATE_MAX : WRAP_LIMIT_SLOTS)
	|| (kind == WRAP_LIMIT_RATE) != (limit->seconds > 0)
	|| limit->prefix4 < 0 || limit->prefix4 > 32 || limit->prefix6 < 0
	|| limit->prefix6 > 128)
	abort();
    if (kind == WRAP_LIMIT_RATE)
	snprintf(canonical, sizeof(canonical), "%ld/%ld/%d,%d", limit->count,
		 limit->seconds, limit->prefix4, limit->prefix6);
    else
	snprintf(canonical, sizeof(canonical), "%ld/%d,%d", limit->count,
		 limit->prefix4, limit->prefix6);
    if (wrap_parse_limit(kind, canonical, &again) != 0
	|| memcmp(&again, limit, sizeof(again)) != 0
	|| wrap_format_limit(limit, canonical, sizeof(canonical)) != 0)
	abort();
    limits->n = 1;
}

/* LLVMFuzzerTestOneInput - a limit value, then a client address */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct wrap_limits limits;
    struct request_info request;
    char    value[256];
    char    addr[256];
    int     kind;

    wrap_report_to(fuzz_quiet);
    fuzz_line(&data, &size, value, sizeof(value));
    fuzz_line(&data, &size, addr, sizeof(addr));
    tcpd_context.file = "fuzz";
    tcpd_context.line = 1;
    for (kind = WRAP_LIMIT_PER_SOURCE; kind <= WRAP_LIMIT_RATE; kind++) {
	memset(&limits, 0, sizeof(limits));
	check_round_trip((enum wrap_limit_kind) kind, value, &limits);
	if (limits.n == 0)
	    continue;
	request_init(&request, RQ_DAEMON, "svc", RQ_CLIENT_ADDR, addr, 0);
	if (wrap_limits_check_in(0, &limits, &request, 1, 1) != WRAP_YES)
	    abort();
    }
    return (0);
}
