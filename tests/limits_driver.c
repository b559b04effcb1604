/*
 * limits_driver.c - test and bench helper of the per_source and rate
 * limits (limits.c, limitstate.c), on a state file at a path of its own:
 *
 *   limits_driver stats STATE
 *	entries in use, live slots (dead ones pruned), evictions, sources
 *	left untracked, and the file's size
 *   limits_driver flood STATE N
 *	N requests from N distinct IPv6 /64s against "rate 5/60" of one
 *	rule, and N concurrency asks from N distinct IPv4 sources, each
 *	held by a process that has ended (a made-up pid); meanwhile one
 *	busy source, over its rate, must stay refused: the flood must not
 *	evict it. Prints the stats and the peak resident memory.
 *   limits_driver reuse STATE
 *	per_source 1: a slot held by this pid with another start time (a
 *	process that had the pid before) does not count, one held by the
 *	parent (alive) does; prints "reused pid: free, live parent: held"
 *   limits_driver bench STATE SOURCES ITERATIONS
 *	fills the table with SOURCES sources, then the cost of one check
 *	(per_source 4 and rate 1000000/60 of one rule) with the file kept
 *	open (a resident daemon) and with the file opened and closed around
 *	it (tcpd, one process per connection), in microseconds
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "../wrap.h"

/* open_state - the state at path, or exit */
static struct wrap_limit_state *open_state(const char *path)
{
    struct wrap_limit_state *state;
    const char *why;

    if ((state = wrap_limit_state_open(path, &why)) == 0) {
	fprintf(stderr, "%s: %s\n", path, why);
	exit(2);
    }
    return (state);
}

/* print_stats - one line of the table's use */
static void print_stats(struct wrap_limit_state *state)
{
    struct wrap_limit_stats stats;

    wrap_limit_state_stats(state, &stats);
    printf("entries %llu slots %llu evictions %llu unplaced %llu size %llu\n",
	   (unsigned long long) stats.entries, (unsigned long long) stats.slots,
	   (unsigned long long) stats.evictions, (unsigned long long) stats.unplaced,
	   (unsigned long long) stats.size);
}

/* check_from - one check of limits for a client address */
static enum wrap_result check_from(struct wrap_limit_state *state,
				           const struct wrap_limits *limits,
				           const char *addr)
{
    struct request_info request;

    request_init(&request, RQ_DAEMON, "svc", RQ_CLIENT_ADDR, addr, 0);
    return (wrap_limits_check_in(state, limits, &request, 0, 0));
}

/* one_limit - a rule's limits of one option */
static void one_limit(struct wrap_limits *limits, enum wrap_limit_kind kind,
		              const char *value)
{
    memset(limits, 0, sizeof(*limits));
    if (wrap_parse_limit(kind, value, limits->limit) != 0)
	abort();
    limits->n = 1;
}

/* flood - see above */
static int flood(struct wrap_limit_state *state, long n)
{
    struct wrap_limits rate;
    struct wrap_limit_ask ask;
    struct wrap_limit_who who;
    struct rusage usage;
    char    addr[64];
    long    i;
    int     busy_kept = 1;

    one_limit(&rate, WRAP_LIMIT_RATE, "5/60");
    for (i = 0; i < 5; i++)
	(void) check_from(state, &rate, "2001:db8:ffff:ffff::1");
    for (i = 0; i < n; i++) {
	snprintf(addr, sizeof(addr), "2001:db8:%lx:%lx::1", (i >> 16) & 0xffff, i & 0xffff);
	(void) check_from(state, &rate, addr);
	if (i % 1000 == 0 && check_from(state, &rate, "2001:db8:ffff:ffff::2") != WRAP_NO)
	    busy_kept = 0;
    }
    memset(&ask, 0, sizeof(ask));
    ask.rule = 42;
    ask.family = AF_INET;
    ask.prefix = 32;
    ask.count = 1;
    who.start = 1;
    for (i = 0; i < n; i++) {
	memcpy(ask.net, &i, sizeof(i) < 4 ? sizeof(i) : 4);
	who.pid = (pid_t) (4000000 + i % 100000);	/* above pid_max: ended */
	who.now_ms = i;
	(void) wrap_limit_state_admit(state, &ask, 1, &who);
    }
    print_stats(state);
    getrusage(RUSAGE_SELF, &usage);
    printf("busy source kept %s, peak RSS %ld KiB\n", busy_kept ? "yes" : "no",
	   usage.ru_maxrss);
    return (0);
}

/* reuse - see above */
static int reuse(struct wrap_limit_state *state)
{
    struct wrap_limit_ask ask;
    struct wrap_limit_who old;
    struct wrap_limit_who now;
    int     freed;
    int     held;

    memset(&ask, 0, sizeof(ask));
    ask.family = AF_INET;
    ask.prefix = 32;
    ask.count = 1;
    now.pid = getpid();
    now.start = (uint32_t) wrap_process_start(now.pid);
    now.now_ms = 1;
    old = now;
    old.start = now.start - 1;		/* this pid, an earlier process */
    ask.rule = 1;
    freed = wrap_limit_state_admit(state, &ask, 1, &old) == -1
	&& wrap_limit_state_admit(state, &ask, 1, &now) == -1;
    old.pid = getppid();
    old.start = (uint32_t) wrap_process_start(old.pid);
    ask.rule = 2;
    held = wrap_limit_state_admit(state, &ask, 1, &old) == -1
	&& wrap_limit_state_admit(state, &ask, 1, &now) == 0;
    printf("reused pid: %s, live parent: %s\n", freed ? "free" : "held",
	   held ? "held" : "free");
    return (0);
}

/* seconds - a monotonic clock */
static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((double) ts.tv_sec + ts.tv_nsec / 1e9);
}

/* bench - see above */
static int bench(const char *path, long sources, long iterations)
{
    struct wrap_limit_state *state = open_state(path);
    struct wrap_limits limits;
    struct wrap_limits fill;
    char    addr[64];
    double  start;
    long    i;

    one_limit(&fill, WRAP_LIMIT_RATE, "1000000/60");
    for (i = 0; i < sources; i++) {
	snprintf(addr, sizeof(addr), "10.%ld.%ld.%ld", (i >> 16) & 255, (i >> 8) & 255, i & 255);
	(void) check_from(state, &fill, addr);
    }
    memset(&limits, 0, sizeof(limits));
    if (wrap_parse_limit(WRAP_LIMIT_PER_SOURCE, "4", limits.limit) != 0
	|| wrap_parse_limit(WRAP_LIMIT_RATE, "1000000/60", limits.limit + 1) != 0)
	abort();
    limits.n = 2;
    start = seconds();
    for (i = 0; i < iterations; i++)
	if (check_from(state, &limits, "192.0.2.7") != WRAP_YES)
	    return (1);
    printf("kept open: %.2f us per check\n", (seconds() - start) / iterations * 1e6);
    wrap_limit_state_close(state);
    start = seconds();
    for (i = 0; i < iterations; i++) {
	state = open_state(path);
	if (check_from(state, &limits, "192.0.2.7") != WRAP_YES)
	    return (1);
	wrap_limit_state_close(state);
    }
    printf("opened: %.2f us per check (open, check, close)\n",
	   (seconds() - start) / iterations * 1e6);
    state = open_state(path);
    print_stats(state);
    wrap_limit_state_close(state);
    return (0);
}

int     main(int argc, char **argv)
{
    struct wrap_limit_state *state;
    int     status = 0;

    tcpd_context.file = "limits_driver";
    tcpd_context.line = 1;
    if (argc == 3 && strcmp(argv[1], "stats") == 0) {
	print_stats(state = open_state(argv[2]));
	wrap_limit_state_close(state);
	return (0);
    }
    if (argc == 4 && strcmp(argv[1], "flood") == 0) {
	status = flood(state = open_state(argv[2]), atol(argv[3]));
	wrap_limit_state_close(state);
	return (status);
    }
    if (argc == 3 && strcmp(argv[1], "reuse") == 0) {
	status = reuse(state = open_state(argv[2]));
	wrap_limit_state_close(state);
	return (status);
    }
    if (argc == 5 && strcmp(argv[1], "bench") == 0)
	return (bench(argv[2], atol(argv[3]), atol(argv[4])));
    fprintf(stderr, "usage: limits_driver stats|flood|reuse|bench STATE ...\n");
    return (2);
}
