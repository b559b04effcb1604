/*
 * fastpath.c - proves that the fast paths decide exactly as the plain scan.
 *
 * Generates random tables that mix the DenyHosts form with every kind of
 * line the fast path must leave to the parser (names, prefixes, EXCEPT,
 * options, continuations, comments, CR, daemon@host, IPv6, heads of every
 * length and blank), some bigger than one 64 KiB chunk, then asks the
 * questions (daemons named, named only through ALL, not named) the three
 * ways wrap_hosts_access() scans a table: every line parsed, the
 * streaming fast path of a one-shot process, and the in-memory index of a
 * resident one (including after the table changes), with drop-in
 * directories of random files beside the tables. Verdicts and every
 * report line must be identical; a resident process must see every
 * change of a table and of its drop-in directory at once.
 */

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>

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

/* Client words of every kind the resident index must key or keep. */
static const char *rich_words[] = {
    "host.example.com", "HOST.Example.COM", ".example.com", ".EXAMPLE.com",
    "*.example.com", "h?st.example.com", "*.com", "host*", "*", "10.1.",
    "10.", "10.1.2.", "192.168.", "10.1.2.0/24", "10.1.2.0/255.255.255.0",
    "10.1.2.1/24", "10.0.0.0/8x", "172.16.0.0/12", "0.0.0.0/0", "[::1]",
    "[2001:db8::]/32", "[2001:db8::5]", "[2001:db8::]/129", "[zz]",
    "[::]/0", "ALL", "KNOWN", "UNKNOWN", "LOCAL", "PARANOID", "unknown",
    "localhost", "bob@host.example.com", "bob@10.1.2.3", "alice@.example.com",
    "@netgrp", "10.1.2.3", "10.1.2.4", "192.168.0.1", "::ffff:10.1.2.3",
    "liar.example.com", "other.example.com", "\303\251t\303\251.example",
};
#define N_RICH (sizeof(rich_words) / sizeof(rich_words[0]))

/* rich - a random word of any kind */
static const char *rich(void)
{
    return (rich_words[rand() % N_RICH]);
}

/* The fake resolver: which address has which name, and whether the
 * forward lookup confirms it; every lookup is logged, so that the plain
 * scan and the index must look up exactly alike. */
static const struct {
    const char *addr;
    const char *name;
    const char *forward;
} dns[] = {
    {"10.1.2.3", "host.example.com", "10.1.2.3"},
    {"10.1.2.4", "other.example.com", "10.1.2.4"},
    {"192.168.0.1", "localhost", "192.168.0.1"},
    {"203.0.113.7", "liar.example.com", "198.51.100.23"},
    {"2001:db8::5", "HOST.Example.COM", "2001:db8::5"},
    {"::1", "localhost", "::1"},
};
#define N_DNS (sizeof(dns) / sizeof(dns[0]))

/* fake_getnameinfo - numeric answers are real, names come from dns[] */
static int fake_getnameinfo(const struct sockaddr *sa, socklen_t len,
			            char *host, socklen_t hostlen, char *serv,
			            socklen_t servlen, int flags)
{
    char    addr[64];
    size_t  i;

    if (flags & NI_NUMERICHOST)
	return (getnameinfo(sa, len, host, hostlen, serv, servlen, flags));
    getnameinfo(sa, len, addr, sizeof(addr), 0, 0, NI_NUMERICHOST);
    collect(0, "lookup: name of");
    collect(0, addr);
    for (i = 0; i < N_DNS; i++) {
	if (strcmp(dns[i].addr, addr) == 0) {
	    snprintf(host, hostlen, "%s", dns[i].name);
	    return (0);
	}
    }
    return (EAI_NONAME);
}

/* fake_getaddrinfo - numeric answers are real, names come from dns[] */
static int fake_getaddrinfo(const char *name, const char *serv,
			            const struct addrinfo *hints,
			            struct addrinfo **res)
{
    struct addrinfo numeric = *hints;
    size_t  i;

    if (hints->ai_flags & AI_NUMERICHOST)
	return (getaddrinfo(name, serv, hints, res));
    collect(0, "lookup: addresses of");
    collect(0, name);
    numeric.ai_flags = AI_NUMERICHOST;
    numeric.ai_family = AF_UNSPEC;
    for (i = 0; i < N_DNS; i++)
	if (strcasecmp(dns[i].name, name) == 0)
	    return (getaddrinfo(dns[i].forward, serv, &numeric, res));
    return (EAI_NONAME);
}

/* Client words as ban tools write them, with odd spellings and near
 * misses of the clients asked about (the fast path reads these itself). */
static const char *ban_words[] = {
    "[2001:db8::5]", "[2001:DB8::5]", "[2001:0db8:0:0::5]", "[2001:db8::6]",
    "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:10.1.2.3]", "[2001:db8::]/64",
    "[2001:db8:1::]/48", "[2001:db8::5]/128", "[2001:db8::]/0", "[::]/0",
    "[2001:db8::]/064", "[fe80::1%eth0]", "[2001:db8::5]/", "[2001:db8::5",
    "[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:7:8:9]", "[1::2::3]", "[::1]/129",
    "10.1.2.0/24", "10.1.2.0/024", "10.1.3.0/24", "10.1.2.3/32",
    "010.1.2.0/24", "10.1.2.1/24", "10.0.0.0/8", "0.0.0.0/0", "10.1.2.0/33",
    "10.1.2.0/0", "203.0.113.0/25", "203.0.113.128/25", "10.1.2.3",
    "10.1.2.4", "192.168.0.1", "10.1.2.0/24x", "10.1.2.256/24", "1000.1.2.0/24",
    "10.1.2.0.5/24", "10.1.2/24", ".10.1.2/24", "10..2.0/24", "10.01.2.0/24",
    "10.1.2.00/24", "9.1.2.0/8", "10.1.2.3/1", "10.1.0.0/20", "255.255.255.255/32",
    "10.1.2.3/", "1.2.3.4.5.6.7.8/8",
};
#define N_BAN_WORDS (sizeof(ban_words) / sizeof(ban_words[0]))

/* ban_line - a rule as tcpdban, fail2ban or a hand may write one */
static void ban_line(FILE *fp, const char *daemon)
{
    static const char *options[] = {"", " : expires 20991231T235959Z",
	" : expires 20200101T000000Z", " : comment from fail2ban",
	" : expires 20991231T235959Z : comment x", " : deny", "  :  allow"};

    fprintf(fp, "%s: %s%s%s\n", rand() % 3 ? "ALL" : daemon,
	    ban_words[rand() % N_BAN_WORDS], rand() % 8 ? "" : ", 10.9.9.9",
	    options[rand() % 7]);
}

/* random_line - one line of a table */
static void random_line(FILE *fp)
{
    static const char *daemons[] = {"sshd", "ALL", "in.telnetd", "ftpd,sshd",
	"ALL EXCEPT ftpd", "sshd@10.1.2.3", "22", "ss*", "in.fingerd,sshd",
	"sshd,ftpd,telnetd", "sshd\t", " ftpd"};
    const char *daemon = daemons[rand() % 12];

    switch (rand() % 22) {
    case 18:
    case 19:
    case 20:
    case 21:
	ban_line(fp, daemon);
	break;
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
    case 12:
    case 13:
	fprintf(fp, "%s: %s, %s%s%s%s\n", daemon, rich(), rich(),
		rand() % 3 ? "" : " EXCEPT ", rand() % 3 ? "" : rich(),
		rand() % 4 ? "" : " : severity auth.info");
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

/*
 * ask - verdict and report lines for one question, the tables scanned the
 * given way: the request of hosts_ctl() with a name (name != 0), or a
 * socket address whose name the library looks up (through the fake
 * resolver) when a rule needs it.
 */
static int ask(const char *daemon, const char *addr, const char *name,
	               enum wrap_scan way, char *log, size_t size)
{
    struct request_info request;
    struct addrinfo hints;
    struct addrinfo *res;
    int     verdict;

    log_text[0] = 0;
    if (name != 0) {
	request_init(&request, RQ_DAEMON, daemon, RQ_CLIENT_NAME, name,
		     RQ_CLIENT_ADDR, addr, RQ_USER, "bob", 0);
	verdict = wrap_hosts_access(&request, way);
    } else {
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST;
	if (getaddrinfo(addr, 0, &hints, &res) != 0)
	    return (-1);
	request_init(&request, RQ_DAEMON, daemon, RQ_CLIENT_SIN, res->ai_addr,
		     RQ_USER, "bob", 0);
	sock_methods(&request);
	verdict = wrap_hosts_access(&request, way);
	freeaddrinfo(res);
    }
    snprintf(log, size, "%s", log_text);
    return (verdict);
}

/* random_question - a daemon, an address and a name (0: look it up) */
static void random_question(const char **daemon, char *addr, size_t size,
			            const char **name)
{
    static const char *asked[] = {"sshd", "ftpd", "in.fingerd"};
    static const char *names[] = {"host.example.com", "other.example.com",
	"localhost", "unknown", "paranoid", "HOST.EXAMPLE.COM", 0, 0, 0};
    static const char *more[] = {"2001:db8::5", "::1", "2001:db8:1::9",
	"2001:DB8::6", "fe80::1"};

    *daemon = asked[rand() % 3];
    if (rand() % 4 == 0)
	snprintf(addr, size, "%s", more[rand() % 5]);
    else
	snprintf(addr, size, "%s%s", rand() % 5 ? "" : "::ffff:", pick());
    *name = names[rand() % 9];
}

/* compare - ask one question every way; 1 if a fast way disagrees */
static int compare(int round, int resident_only)
{
    static char plain_log[1 << 16];
    static char fast_log[1 << 16];
    const char *daemon;
    const char *name;
    char    addr[64];
    int     plain, fast, mode;
    int     failures = 0;

    random_question(&daemon, addr, sizeof(addr), &name);
    resident = 0;
    plain = ask(daemon, addr, name, WRAP_SCAN_EVERY_LINE, plain_log, sizeof(plain_log));
    for (mode = resident_only; mode < 2; mode++) {	/* one-shot, resident */
	resident = mode;
	fast = ask(daemon, addr, name, mode ? WRAP_SCAN_INDEX : WRAP_SCAN_FAST,
		   fast_log, sizeof(fast_log));
	if (fast != plain || strcmp(fast_log, plain_log) != 0) {
	    failures++;
	    printf("FAIL: %s path agrees with the plain scan (round %d, %s %s %s: %d vs %d)\n%s---\n%s",
		   mode ? "resident index" : "streaming fast", round, daemon,
		   addr, name ? name : "(looked up)", fast, plain, fast_log, plain_log);
	}
    }
    return (failures);
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

/*
 * file_list_is_read_again - a resident process reads a /file list of
 * client patterns again on every call, as a fresh scan does, though the
 * table itself is unchanged (and old enough to be trusted: its times are
 * set back).
 */
static int file_list_is_read_again(const char *dir, const char *deny)
{
    static const char *clients[] = {"10.1.2.3\n", "10.1.2.4\n", "10.1.2.3\n"};
    char    list[96];
    struct timeval old[2] = {{time((time_t *) 0) - 10, 0}, {time((time_t *) 0) - 10, 0}};
    FILE   *fp;
    size_t  i;
    int     failures = 0;
    int     granted;

    resident = 1;
    snprintf(list, sizeof(list), "%s/clients", dir);
    fp = fopen(deny, "w");
    fprintf(fp, "sshd: %s\n", list);
    fclose(fp);
    (void) utimes(deny, old);
    for (i = 0; i < sizeof(clients) / sizeof(*clients); i++) {
	fp = fopen(list, "w");
	fputs(clients[i], fp);
	fclose(fp);
	if ((granted = hosts_ctl("sshd", "", "10.1.2.3", "")) != (i == 1)) {
	    printf("FAIL: a resident process reads a /file list again: %.8s (granted %d)\n",
		   clients[i], granted);
	    failures++;
	}
    }
    if (failures == 0)
	printf("PASS: a resident process reads a /file list again on every call\n");
    unlink(list);
    return (failures);
}

/* write_dropins - a drop-in directory beside table with up to three
 * small random files (some with names that are never read) */
static void write_dropins(const char *table)
{
    static const char *names[] = {"a", "b", "B", "z9", "x.dpkg-old", "y~"};
    char    dir[96];
    char    path[128];
    size_t  i;

    snprintf(dir, sizeof(dir), "%s.d", table);
    (void) mkdir(dir, 0755);
    for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
	snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
	if (rand() % 2)
	    write_table(path, rand() % 20, 0);
	else
	    (void) unlink(path);
    }
}

/* remove_dropins - the drop-in directory of table and its files */
static void remove_dropins(const char *table)
{
    char    command[160];

    snprintf(command, sizeof(command), "rm -rf '%s.d'", table);
    if (system(command) != 0)
	printf("FAIL: remove %s.d\n", table);
}

/* change - one step of dropins_are_seen: a shell command in dir */
static void change(const char *dir, const char *command)
{
    char    line[256];

    snprintf(line, sizeof(line), "cd '%s' && %s", dir, command);
    if (system(line) != 0)
	printf("FAIL: %s\n", line);
}

/*
 * dropins_are_seen - a resident process sees every change of a drop-in
 * directory on its next call: a file added, edited, renamed, renamed to
 * a name never read, removed.
 */
static int dropins_are_seen(const char *deny)
{
    static const struct {
	const char *command;
	int     granted;
    } steps[] = {
	{"echo 'sshd: 10.1.2.3' > a", 0},
	{"echo 'sshd: 10.1.2.4' > a", 1},
	{"echo 'sshd: 10.1.2.3' > b", 0},
	{"mv b c", 0},
	{"mv c c.dpkg-old", 1},
	{"mv c.dpkg-old c && touch c", 0},
	{"rm c", 1},
    };
    char    dir[96];
    size_t  i;
    int     failures = 0;
    int     granted;

    resident = 1;
    snprintf(dir, sizeof(dir), "%s.d", deny);
    remove_dropins(deny);
    fclose(fopen(deny, "w"));
    (void) hosts_ctl("sshd", "", "10.1.2.3", "");	/* index the empty table */
    (void) mkdir(dir, 0755);
    for (i = 0; i < sizeof(steps) / sizeof(*steps); i++) {
	change(dir, steps[i].command);
	if ((granted = hosts_ctl("sshd", "", "10.1.2.3", "")) != steps[i].granted) {
	    printf("FAIL: a resident process sees at once: %s (granted %d)\n",
		   steps[i].command, granted);
	    failures++;
	}
    }
    if (failures == 0)
	printf("PASS: a resident process sees every change of a drop-in directory at once\n");
    remove_dropins(deny);
    return (failures);
}

int     main(void)
{
    char    dir[] = "/tmp/fastpathXXXXXX";
    char    allow[64];
    char    deny[64];
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
    wrap_resolver.getnameinfo = fake_getnameinfo;
    wrap_resolver.getaddrinfo = fake_getaddrinfo;
    srand(20261123);
    for (round = 0; round < 300; round++) {
	write_table(allow, rand() % 40, 0);
	write_table(deny, round % 10 ? rand() % 200 : 8000, round % 10 == 0);
	write_dropins(round % 3 ? deny : allow);
	for (q = 0; q < 20; q++, questions++)
	    failures += compare(round, 0);
    }
    /* Tables older than two seconds are trusted by the resident index:
     * many questions, other daemons and clients, against one index. */
    write_table(allow, 300, 0);
    write_table(deny, 3000, 1);
    sleep(3);
    for (q = 0; q < 3000; q++, questions++)
	failures += compare(round, 1);
    remove_dropins(allow);
    remove_dropins(deny);
    failures += edit_is_seen(deny);
    failures += dropins_are_seen(deny);
    failures += file_list_is_read_again(dir, deny);
    if (failures == 0)
	printf("PASS: fast paths agree with the plain scan on %d questions over 301 random table pairs\n",
	       questions);
    unlink(allow);
    unlink(deny);
    rmdir(dir);
    return (0);
}
