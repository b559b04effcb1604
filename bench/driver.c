/*
 * driver.c - times libwrap's access decision for bench/run.sh.
 *
 * Built against the system's tcpd.h and linked with -lwrap, so the same
 * binary runs on Debian's library or on ours, chosen by LD_LIBRARY_PATH.
 *
 *   driver [-m ctl|access] -a ALLOW -d DENY -s DAEMON -c ADDR [-n NAME]
 *          [-t SECONDS] [-i CALLS]
 *
 * One call is hosts_ctl(DAEMON, NAME, ADDR, "unknown") (-m ctl, the
 * default; NAME defaults to "unknown") or, with -m access, request_init()
 * with RQ_DAEMON, RQ_CLIENT_SIN and RQ_SERVER_SIN sockaddrs, sock_methods()
 * and hosts_access(): numeric only, so a table with host name patterns
 * would make the library ask DNS; use -m ctl with a NAME for those.
 *
 * With -i CALLS the driver makes exactly CALLS calls (0 or 1) and prints
 * "verdict=V first_ns=T" ("verdict=- first_ns=0" for 0 calls). Without
 * it, it measures and prints one line of key=value pairs:
 *   verdict      what every call returned (1 grant, 0 deny; "mixed" if not all alike)
 *   oneshot_ns   cost of one call in a fresh process: the median wall time of
 *                "driver -i 1" minus that of "driver -i 0", run alternately
 *   first_ns     median in-process time of that one call
 *   rss1_kb      peak RSS of a "-i 1" process (wait4's ru_maxrss, the number
 *                /usr/bin/time -v prints as "Maximum resident set size")
 *   rss0_kb      the same for "-i 0"
 *   rounds       how many pairs of processes were timed
 *   res_first_ns the first call of a resident process (this one)
 *   steady_ns    later calls with the tables unchanged: the median of five
 *                batch means (batch_calls calls each; 0: calls so slow that
 *                only their plain mean over about SECONDS is given)
 *   rssres_kb    VmHWM of this process after the resident calls
 * Timing uses CLOCK_MONOTONIC. SECONDS (default 1) bounds each of the two
 * measurements, roughly.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <tcpd.h>

extern char **environ;

/*
 * Below zero: no log of either verdict. Our hosts_access() logs which
 * rule decided (one syslog() a call, about 12 us on the bench machine,
 * bench/README.md), Debian's logs nothing: so that the rows compare the
 * decisions themselves, the driver asks for no such line, as tftpd-hpa
 * does for grants.
 */
int     allow_severity = -1;
int     deny_severity = -1;

#define MIN_ROUNDS	7
#define MAX_ROUNDS	2000
#define BATCHES		5

struct settings {
    int     use_access;			/* request_init+hosts_access, not hosts_ctl */
    char   *daemon;
    char   *client_name;
    char   *client_addr;
    struct sockaddr_in client_sin;
    struct sockaddr_in server_sin;
    double  seconds;
};

/* now_ns - CLOCK_MONOTONIC in nanoseconds */
static long long now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* decide - one access decision, the unit being timed */
static int decide(struct settings *s)
{
    struct request_info request;
    static char unknown_user[] = STRING_UNKNOWN;

    if (!s->use_access)
	return hosts_ctl(s->daemon, s->client_name, s->client_addr, unknown_user);
    request_init(&request, RQ_DAEMON, s->daemon,
		 RQ_CLIENT_SIN, &s->client_sin,
		 RQ_SERVER_SIN, &s->server_sin, 0);
    sock_methods(&request);
    return hosts_access(&request);
}

/* compare_ll - qsort order of long longs */
static int compare_ll(const void *a, const void *b)
{
    long long x = *(const long long *) a, y = *(const long long *) b;

    return x < y ? -1 : x > y;
}

/* median - the median of n values, which it sorts */
static long long median(long long *v, size_t n)
{
    qsort(v, n, sizeof(*v), compare_ll);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* peak_rss_kb - VmHWM of this process, from /proc/self/status */
static long peak_rss_kb(void)
{
    FILE   *fp = fopen("/proc/self/status", "r");
    char    line[256];
    long    kb = -1;

    if (fp == 0)
	return -1;
    while (fgets(line, sizeof(line), fp) != 0)
	if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
	    break;
    fclose(fp);
    return kb;
}

struct child_result {
    long long wall_ns;
    long long first_ns;
    long    maxrss_kb;
    char    verdict[8];
};

/* run_child - run this program with "-i calls", time it, collect its report */
static int run_child(char **argv, int argc, const char *calls,
		     struct child_result *r)
{
    char   *child_argv[argc + 3];
    posix_spawn_file_actions_t actions;
    struct rusage usage;
    char    buf[128];
    int     pipefd[2], status;
    size_t  got = 0;
    ssize_t n;
    long long start;
    pid_t   pid;

    memcpy(child_argv, argv, sizeof(char *) * argc);
    child_argv[argc] = "-i";
    child_argv[argc + 1] = (char *) calls;
    child_argv[argc + 2] = 0;
    if (pipe(pipefd) < 0) {
	perror("driver: pipe");
	return -1;
    }
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipefd[0]);
    posix_spawn_file_actions_addclose(&actions, pipefd[1]);

    start = now_ns();
    errno = posix_spawn(&pid, "/proc/self/exe", &actions, 0, child_argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipefd[1]);
    if (errno != 0) {
	perror("driver: posix_spawn");
	close(pipefd[0]);
	return -1;
    }
    while (got < sizeof(buf) - 1
	   && (n = read(pipefd[0], buf + got, sizeof(buf) - 1 - got)) > 0)
	got += (size_t) n;
    buf[got] = 0;
    if (wait4(pid, &status, 0, &usage) < 0) {
	perror("driver: wait4");
	close(pipefd[0]);
	return -1;
    }
    r->wall_ns = now_ns() - start;
    close(pipefd[0]);
    r->maxrss_kb = usage.ru_maxrss;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0
	|| sscanf(buf, "verdict=%7s first_ns=%lld", r->verdict, &r->first_ns) != 2) {
	fprintf(stderr, "driver: child failed: %s\n", buf);
	return -1;
    }
    return 0;
}

/* measure_oneshot - fresh processes making one call against ones making none */
static int measure_oneshot(char **argv, int argc, const struct settings *s,
			   char *verdict, size_t verdict_len)
{
    static long long zero[MAX_ROUNDS], one[MAX_ROUNDS], first[MAX_ROUNDS];
    struct child_result r0, r1;
    long    rss0 = 0, rss1 = 0;
    long long start = now_ns(), budget = (long long) (s->seconds * 1e9);
    int     rounds;

    for (rounds = 0; rounds < MAX_ROUNDS; rounds++) {
	if ((rounds >= MIN_ROUNDS && now_ns() - start > budget)
	    || (rounds >= 1 && now_ns() - start > 5 * budget))
	    break;			/* enough, or a pathologically slow case */
	if (run_child(argv, argc, "0", &r0) < 0 || run_child(argv, argc, "1", &r1) < 0)
	    return -1;
	zero[rounds] = r0.wall_ns;
	one[rounds] = r1.wall_ns;
	first[rounds] = r1.first_ns;
	if (r0.maxrss_kb > rss0)
	    rss0 = r0.maxrss_kb;
	if (r1.maxrss_kb > rss1)
	    rss1 = r1.maxrss_kb;
	if (rounds == 0)
	    snprintf(verdict, verdict_len, "%s", r1.verdict);
	else if (strcmp(verdict, r1.verdict) != 0)
	    snprintf(verdict, verdict_len, "mixed");
    }
    printf("oneshot_ns=%lld first_ns=%lld rss1_kb=%ld rss0_kb=%ld rounds=%d",
	   median(one, rounds) - median(zero, rounds), median(first, rounds),
	   rss1, rss0, rounds);
    return 0;
}

/* measure_resident - the first call of this process, then the steady state */
static void measure_resident(struct settings *s, char *verdict, size_t verdict_len)
{
    long long batch[BATCHES], start, elapsed, first;
    long long budget = (long long) (s->seconds * 1e9);
    long    calls = 0, per_batch, i;
    int     v, b, mixed = 0;

    start = now_ns();
    v = decide(s);
    first = now_ns() - start;

    /* Calibrate on about a tenth of the budget, then five equal batches. */
    start = now_ns();
    do {
	mixed |= decide(s) != v;
	calls++;
    } while ((elapsed = now_ns() - start) < budget / 10);
    per_batch = (long) ((double) calls * (budget * 0.9 / BATCHES) / (double) elapsed);
    if (per_batch < 1) {
	/* Too slow for batches: a few more calls, within the budget. */
	for (b = 0; b < BATCHES && elapsed < budget; b++) {
	    mixed |= decide(s) != v;
	    calls++;
	    elapsed = now_ns() - start;
	}
	for (b = 0; b < BATCHES; b++)
	    batch[b] = elapsed / calls;
	per_batch = 0;
    }
    for (b = 0; per_batch > 0 && b < BATCHES; b++) {
	start = now_ns();
	for (i = 0; i < per_batch; i++)
	    mixed |= decide(s) != v;
	batch[b] = (now_ns() - start) / per_batch;
    }
    if (strcmp(verdict, v ? "1" : "0") != 0 || mixed)
	snprintf(verdict, verdict_len, "mixed");
    printf(" res_first_ns=%lld steady_ns=%lld batch_calls=%ld rssres_kb=%ld",
	   first, median(batch, BATCHES), per_batch, peak_rss_kb());
}

/* usage - explain the arguments and fail */
static void usage(void)
{
    fprintf(stderr, "usage: driver [-m ctl|access] -a ALLOW -d DENY -s DAEMON"
	    " -c ADDR [-n NAME] [-t SECONDS] [-i 0|1]\n");
    exit(2);
}

/* main - parse the arguments, then make CALLS calls or measure */
int     main(int argc, char **argv)
{
    static char unknown_name[] = STRING_UNKNOWN;
    struct settings s = {0, 0, unknown_name, 0, {0}, {0}, 1.0};
    char    verdict[8] = "";
    int     opt, calls = -1;
    long long start, elapsed;
    int     v;

    while ((opt = getopt(argc, argv, "m:a:d:s:c:n:t:i:")) != -1) {
	switch (opt) {
	case 'm':
	    if (strcmp(optarg, "ctl") != 0 && strcmp(optarg, "access") != 0)
		usage();
	    s.use_access = strcmp(optarg, "access") == 0;
	    break;
	case 'a':
	    hosts_allow_table = optarg;
	    break;
	case 'd':
	    hosts_deny_table = optarg;
	    break;
	case 's':
	    s.daemon = optarg;
	    break;
	case 'c':
	    s.client_addr = optarg;
	    break;
	case 'n':
	    s.client_name = optarg;
	    break;
	case 't':
	    s.seconds = atof(optarg);
	    break;
	case 'i':
	    calls = atoi(optarg);
	    break;
	default:
	    usage();
	}
    }
    if (optind != argc || s.daemon == 0 || s.client_addr == 0)
	usage();
    s.client_sin.sin_family = AF_INET;
    s.client_sin.sin_port = htons(40000);
    if (s.use_access	/* hosts_ctl() takes any address text, IPv6 too */
	&& inet_pton(AF_INET, s.client_addr, &s.client_sin.sin_addr) != 1)
	usage();
    s.server_sin.sin_family = AF_INET;
    s.server_sin.sin_port = htons(22);
    s.server_sin.sin_addr.s_addr = htonl(0xc6336401);	/* 198.51.100.1 */

    if (calls == 0) {
	printf("verdict=- first_ns=0\n");
	return 0;
    }
    if (calls == 1) {
	start = now_ns();
	v = decide(&s);
	elapsed = now_ns() - start;
	printf("verdict=%d first_ns=%lld\n", v, elapsed);
	return 0;
    }
    if (calls != -1)
	usage();
    if (measure_oneshot(argv, argc, &s, verdict, sizeof(verdict)) < 0)
	return 1;
    measure_resident(&s, verdict, sizeof(verdict));
    printf(" verdict=%s\n", verdict);
    return 0;
}
