/*
 * table.c - fuzz target: a table and a request in one input. The first
 * line is the request, "daemon client-address client-name user" (fields
 * separated by blanks; missing ones stay unknown); the rest is
 * hosts.allow (hosts.deny is empty). hosts_access() decides in dry run
 * (no option runs a command) with the fast path on and then off: the two
 * verdicts must agree, or the target aborts.
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

/* decide - one hosts_access() call on a fresh request */
static int decide(char *daemon, char *addr, char *name, char *user)
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
    return (hosts_access(&request));
}

/* LLVMFuzzerTestOneInput - both scans of the table give one verdict */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char allow[128];
    static char deny[128];
    char    line[4 * STRING_LENGTH];
    char   *cursor = line;
    char   *daemon, *addr, *name, *user;
    int     fast;
    int     slow;

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
    wrap_fast_path = 1;
    fast = decide(daemon, addr, name, user);
    wrap_fast_path = 0;
    slow = decide(daemon, addr, name, user);
    if (fast != slow) {
	fprintf(stderr, "fast path says %d, full scan says %d\n", fast, slow);
	abort();
    }
    umask(022);
    return (0);
}
