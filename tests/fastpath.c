/*
 * fastpath.c - proves that the fast paths decide exactly as the plain scan.
 *
 * Generates random tables that mix the DenyHosts form with every kind of
 * line the fast path must leave to the parser (names, prefixes, EXCEPT,
 * options, continuations, comments, CR, daemon@host, IPv6, heads of every
 * length and blank), some bigger than one 64 KiB chunk, then asks the
 * questions (daemons named, named only through ALL, not named) three ways: every line parsed (wrap_fast_path = 0), the
 * streaming fast path of a one-shot process, and the in-memory index of a
 * resident one (including after the table changes). Verdicts and every
 * report line must be identical.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "../wrap.h"

static char log_text[1 << 16];

/* collect - keep every report line */
static void collect(int priority, const char *text)
{
    size_t  used = strlen(log_text);

    snprintf(log_text + used, sizeof(log_text) - used, "<%d>%s\n", priority, text);
}

static const char *addresses[] = {
    "10.1.2.3", "10.1.2.4", "192.168.0.1", "203.0.113.7", "198.51.100.23",
    "10.9.8.7", "127.0.0.1", "172.16.5.4",
};
#define N_ADDRESSES (sizeof(addresses) / sizeof(addresses[0]))

/* pick - a random address */
static const char *pick(void)
{
    return (addresses[rand() % N_ADDRESSES]);
}

/* random_line - one line of a table */
static void random_line(FILE *fp)
{
    static const char *daemons[] = {"sshd", "ALL", "in.telnetd", "ftpd,sshd",
	"ALL EXCEPT ftpd", "sshd@10.1.2.3", "22", "ss*", "in.fingerd,sshd",
	"sshd,ftpd,telnetd", "sshd\t", " ftpd"};
    const char *daemon = daemons[rand() % 12];

    switch (rand() % 16) {
    case 0:
	fprintf(fp, "# banned %s\n", pick());
	break;
    case 1:
	fprintf(fp, "\n");
	break;
    case 2:
	fprintf(fp, "%s: %s : %s\n", daemon, pick(), rand() % 2 ? "deny" : "allow");
	break;
    case 3:
	fprintf(fp, "%s: 10.1.\n", daemon);
	break;
    case 4:
	fprintf(fp, "%s: ALL EXCEPT %s\n", daemon, pick());
	break;
    case 5:
	fprintf(fp, "%s: %s \\\n %s\n", daemon, pick(), pick());
	break;
    case 6:
	fprintf(fp, "# comment \\\n%s: %s\n", daemon, pick());
	break;
    case 7:
	fprintf(fp, "%s: %s\r\n", daemon, pick());
	break;
    case 8:
	fprintf(fp, "%s: .example.com, 10.0.0.0/8\n", daemon);
	break;
    case 9:
	fprintf(fp, "%s: [::1] %s\n", daemon, pick());
	break;
    case 10:
	fprintf(fp, "%s %s\n", daemon, pick());	/* missing ":" */
	break;
    case 11:
	fprintf(fp, "%s:%s%s\n", daemon, rand() % 2 ? "\t" : "  ", pick());
	break;
    default:
	fprintf(fp, "%s: %s%s%s\n", daemon, pick(), rand() % 3 ? "" : ", ",
		rand() % 3 ? "" : pick());
	break;
    }
}

/* write_table - a random table of n lines; in a big one most lines are
 * DenyHosts lines for addresses that are never asked about */
static void write_table(const char *path, int n, int big)
{
    FILE   *fp = fopen(path, "w");
    int     i;

    for (i = 0; i < n; i++) {
	if (big && rand() % 50 != 0)
	    fprintf(fp, "%s: 198.18.%d.%d\n", rand() % 2 ? "sshd" : "ALL",
		    rand() % 256, rand() % 256);
	else
	    random_line(fp);
    }
    if (rand() % 4 == 0)
	fprintf(fp, "sshd: %s", pick());		/* no final newline */
    fclose(fp);
}

/* ask - verdict and report lines for one question */
static int ask(const char *daemon, const char *addr, char *log, size_t size)
{
    int     verdict;

    log_text[0] = 0;
    verdict = hosts_ctl((char *) daemon, "host.example.com", (char *) addr, "bob");
    snprintf(log, size, "%s", log_text);
    return (verdict);
}

/* edit_is_seen - a resident process sees a same-size rewrite at once */
static int edit_is_seen(const char *deny)
{
    FILE   *fp;
    int     before;
    int     after;

    fp = fopen(hosts_allow_table, "w");
    fclose(fp);
    resident = 1;
    fp = fopen(deny, "w");
    fprintf(fp, "sshd: 10.1.2.3\n");
    fclose(fp);
    before = hosts_ctl("sshd", "", "10.1.2.3", "");
    (void) hosts_ctl("sshd", "", "10.1.2.3", "");
    fp = fopen(deny, "w");
    fprintf(fp, "sshd: 10.1.2.4\n");
    fclose(fp);
    after = hosts_ctl("sshd", "", "10.1.2.3", "");
    if (before == 0 && after == 1) {
	printf("PASS: a resident process sees a same-size edit of its table at once\n");
	return (0);
    }
    printf("FAIL: a resident process sees a same-size edit of its table at once (%d then %d)\n",
	   before, after);
    return (1);
}

int     main(void)
{
    char    dir[] = "/tmp/fastpathXXXXXX";
    char    allow[64];
    char    deny[64];
    static char plain_log[1 << 16];
    static char fast_log[1 << 16];
    int     failures = 0;
    int     questions = 0;
    int     round;
    int     q;

    if (mkdtemp(dir) == 0)
	return (1);
    snprintf(allow, sizeof(allow), "%s/allow", dir);
    snprintf(deny, sizeof(deny), "%s/deny", dir);
    hosts_allow_table = allow;
    hosts_deny_table = deny;
    wrap_report_to(collect);
    srand(20261123);
    for (round = 0; round < 300; round++) {
	write_table(allow, rand() % 40, 0);
	write_table(deny, round % 10 ? rand() % 200 : 8000, round % 10 == 0);
	for (q = 0; q < 20; q++, questions++) {
	    static const char *asked[] = {"sshd", "ftpd", "in.fingerd"};
	    const char *daemon = asked[rand() % 3];
	    char    addr[64];
	    int     plain, fast, mode;

	    snprintf(addr, sizeof(addr), "%s%s", rand() % 5 ? "" : "::ffff:", pick());
	    wrap_fast_path = 0;
	    resident = -1;
	    plain = ask(daemon, addr, plain_log, sizeof(plain_log));
	    wrap_fast_path = 1;
	    for (mode = 0; mode < 2; mode++) {	/* one-shot, then resident */
		resident = mode ? 1 : -1;
		fast = ask(daemon, addr, fast_log, sizeof(fast_log));
		if (fast != plain || strcmp(fast_log, plain_log) != 0) {
		    failures++;
		    printf("FAIL: %s path agrees with the plain scan (round %d, %s %s: %d vs %d)\n%s---\n%s",
			   mode ? "resident index" : "streaming fast", round, daemon,
			   addr, fast, plain, fast_log, plain_log);
		}
	    }
	}
    }
    failures += edit_is_seen(deny);
    if (failures == 0)
	printf("PASS: fast paths agree with the plain scan on %d questions over 300 random table pairs\n",
	       questions);
    unlink(allow);
    unlink(deny);
    rmdir(dir);
    return (0);
}
