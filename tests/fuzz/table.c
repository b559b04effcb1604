/*
 * table.c - fuzz target: a table and a request in one input. The first
 * line is the request, "daemon client-address client-name user" (fields
 * separated by blanks; missing ones stay unknown); the rest is
 * hosts.allow (hosts.deny is empty). wrap_hosts_access() decides in dry
 * run (no option runs a command) with every line parsed, with the fast
 * path and from the resident index: the three verdicts must agree, or
 * the target aborts.
 */

#include "fuzz.h"

/* field - the next blank-separated word of the request line, or "" */
static char *field(char **cursor)
{
    char   *word = *cursor + strspn(*cursor, " \t");
    char   *end = word + strcspn(word, " \t");

    *cursor = end + (*end != 0);
    *end = 0;
    return (word);
}

/* decide - one decision on a fresh request, the table scanned one way */
static int decide(char *daemon, char *addr, char *name, char *user,
		          enum wrap_scan way)
{
    struct request_info request;

    request_init(&request, RQ_FILE, -1, RQ_DAEMON, daemon, 0);
    if (*addr)
	request_set(&request, RQ_CLIENT_ADDR, addr, 0);
    if (*name)
	request_set(&request, RQ_CLIENT_NAME, name, 0);
    /* A user is always set: an unknown one would be asked of identd. */
    request_set(&request, RQ_USER, *user ? user : "unknown", 0);
    dry_run = 1;
    return (wrap_hosts_access(&request, way));
}

/* LLVMFuzzerTestOneInput - every scan of the table gives one verdict */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char allow[128];
    static char deny[128];
    char    line[4 * STRING_LENGTH];
    char   *cursor = line;
    char   *daemon, *addr, *name, *user;
    int     slow;
    int     fast;
    int     indexed;

    wrap_report_to(fuzz_quiet);
    fuzz_line(&data, &size, line, sizeof(line));
    daemon = field(&cursor);
    addr = field(&cursor);
    name = field(&cursor);
    user = field(&cursor);
    if (allow[0] == 0) {			/* fuzz_path() reuses its buffer */
	snprintf(allow, sizeof(allow), "%s", fuzz_path("allow"));
	snprintf(deny, sizeof(deny), "%s", fuzz_path("deny"));
    }
    fuzz_write(allow, data, size);
    fuzz_write(deny, (const uint8_t *) "", 0);
    hosts_allow_table = allow;
    hosts_deny_table = deny;
    slow = decide(daemon, addr, name, user, WRAP_SCAN_EVERY_LINE);
    fast = decide(daemon, addr, name, user, WRAP_SCAN_FAST);
    indexed = decide(daemon, addr, name, user, WRAP_SCAN_INDEX);
    if (fast != slow || indexed != slow) {
	fprintf(stderr, "fast path says %d, index %d, full scan %d\n",
		fast, indexed, slow);
	abort();
    }
    umask(022);
    return (0);
}
