/*
 * diff_gen.c - writes random but reproducible access tables, and the
 * queries to ask about them, for differential.test. Every table uses the
 * pattern forms of Debian's libwrap (names, .domains, net. prefixes,
 * net/mask, CIDR, [v6], [v6]/len, wildcards, EXCEPT, user@host,
 * daemon@host, ports, globs, netgroups, /file lists, options, comments,
 * continuations), built mostly from the names and addresses the queries
 * use, so that rules do match. It leaves out on purpose where we differ
 * from Debian (README.md lists it: lines without newline, lines over 2047
 * bytes, junk numbers in patterns, /file cycles, non-regular files, NUL
 * bytes, aclexec, user and group), so that every verdict must be
 * Debian's.
 *
 * usage: diff_gen dir seed tables [flags]
 *   flags: r	resident run: may use twist (refused when resident)
 *	    s	ask socket queries too (needs a private /etc/hosts)
 *	    n	may use @netgroup patterns (needs a private /etc/netgroup)
 * Tables and lists go into dir; the driver's commands go to stdout.
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))
#define PICK(a)		((a)[rnd(COUNT(a))])
#define LINE_MAX_LEN	1800		/* stays clear of Debian's 2047 */

/* A growing string. */
struct text {
    char   *s;
    size_t  len;
    size_t  cap;
};

static uint64_t rng_state;
static const char *dir;
static int table_number;
static int list_number;
static int marking;			/* rules set TW_R to their number */
static int rule_number;
static int with_twist;
static int with_netgroups;

/*
 * Vocabulary: what queries ask about, and what patterns are made of.
 * Debian truncates names, users and daemons longer than 127 bytes; we
 * refuse them (README), so queries stay within 127 bytes while patterns
 * try longer texts too.
 */
#define X10		"xxxxxxxxxx"
#define X120		X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10
#define LONG_NAME	"h" X120 ".example.com"		/* 133 bytes */
#define LONG_NAME_127	"h" X120 ".examp"
#define LONG_NAME_126	"h" X120 ".exam"
#define LONG_USER	"u" X120 X10 X10 X10		/* 151 bytes */
#define LONG_USER_127	"u" X120 "xxxxxx"
#define LONG_DAEMON	"d" X120 X10			/* 131 bytes */
#define LONG_DAEMON_127	"d" X120 "xxxxxx"

static const char *const names[] = {
    "a.example.com", "b.example.com", "A.EXAMPLE.COM", "example.com",
    "www.example.org", "host.x", "HOST.X", "localhost", "server1",
    "deep.sub.example.com", "x.y", "unknown", "paranoid", "UNKNOWN",
    "1.2.3.4", "foo.example.com.", "srv.example.com", "canon.example.com",
    "al.example.com", "Mixed.Case.Example.COM", "a", "v6.example.com",
    "Paranoid", "*.example.com", "10.1.2.3",
};
static const char *const addrs4[] = {
    "10.1.2.3", "10.9.8.7", "10.0.0.1", "10.1.2.255", "192.168.1.5",
    "192.168.10.20", "172.16.5.4", "127.0.0.1", "10.2.2.2", "10.3.3.3",
    "10.4.4.4", "10.10.10.10", "10.11.11.11", "10.12.12.12", "0.0.0.0",
    "255.255.255.255", "10.1.2.4", "192.168.1.6", "10.20.30.40",
};
static const char *const addrs6[] = {
    "::1", "2001:db8::5", "2001:DB8::5", "2001:db8:1::7",
    "2001:db8:0:0:0:0:0:5", "::ffff:10.1.2.3", "::FFFF:192.168.1.5",
    "::ffff:127.0.0.1", "fe80::1", "::", "2001:db8::6", "::ffff:10.20.30.40",
    "2001:db8:ffff::1", "::10.1.2.3",
};
static const char *const odd_addrs[] = {
    "unknown", "", "10.1.2", "010.001.002.003", "1.2.3.4.5", "a.example.com",
    "UNKNOWN", "paranoid",
};
static const char *const users[] = {
    "bob", "alice", "root", "Bob", "unknown", "", "b0b", "paranoid",
};
static const char *const daemons[] = {
    "sshd", "SSHD", "in.telnetd", "vsftpd", "portmap", "unknown", "",
    "sshd-session", "22", "ftpd", "in.ftpd", "Sshd",
};
static const char *const suffixes[] = {
    ".example.com", ".com", ".EXAMPLE.com", ".x", ".sub.example.com", ".org",
    ".example.com.", ".", ".y", ".Example.Com", ".a.example.com", ".X",
};
static const char *const prefixes[] = {
    "10.", "10.1.", "10.1.2.", "192.168.", "192.168", "127.", "172.16.", "1.",
    "10.1.2.3.", "0.", "255.", "10.9.", "192.168.1.", "10.1", "2001:db8:",
};
static const char *const netmasks[] = {
    "10.0.0.0/255.0.0.0", "10.1.2.0/255.255.255.0", "10.1.0.0/255.255.0.0",
    "192.168.1.0/255.255.255.0", "10.1.2.3/255.255.255.255",
    "10.1.2.3/255.255.255.0", "0.0.0.0/0.0.0.0", "127.0.0.0/255.0.0.0",
    "10.0.0.0/255.255.255.254", "192.168.0.0/255.255.0.0",
    "10.0.0.0/255.0.255.0", "10.1.2.2/255.255.255.254",
    "192.168.10.0/255.255.254.0", "172.16.0.0/255.240.0.0",
    "10.1.2/255.255.255.0", "300.1.2.0/255.255.255.0",
    "10.1.2.0/255.255.255", "0.0.0.0/255.255.255.255", "10.0.0.0/0.0.0.0",
};
static const char *const cidr_bases[] = {
    "10.0.0.0", "10.1.2.0", "10.1.2.3", "192.168.0.0", "192.168.1.0",
    "127.0.0.0", "0.0.0.0", "172.16.0.0", "10.1.0.0", "192.168.10.0",
    "10.1.2.2", "10.1.2",
};
static const char *const cidr_lengths[] = {
    "0", "1", "7", "8", "12", "16", "23", "24", "25", "30", "31", "32", "33",
    "08", "024", "64", "0024", "032",
};
static const char *const v6_literals[] = {
    "::1", "2001:db8::5", "2001:DB8:0::5", "2001:db8:1::7", "fe80::1",
    "::ffff:10.1.2.3", "::ffff:192.168.1.5", "::", "2001:db8::6",
    "0:0:0:0:0:0:0:1", "10.1.2.3", "::ffff:a01:203",
};
static const char *const v6_nets[] = {
    "2001:db8::", "::1", "::", "fe80::", "::ffff:0:0", "2001:db8::5",
    "2001:db8:1::", "2001:DB8:0:0::", "::ffff:10.1.2.0", "2001:db8::4",
};
static const char *const v6_lengths[] = {
    "0", "1", "10", "16", "32", "48", "64", "96", "104", "120", "126", "127",
    "128", "129", "032", "0032", "00",
};
static const char *const wildcards[] = {
    "ALL", "KNOWN", "UNKNOWN", "LOCAL", "PARANOID", "all", "Known",
    "unknown", "local", "paranoid",
};
static const char *const globs[] = {
    "*.example.com", "192.168.1.?", "192.168.*", "10.*", "*", "?", "a*",
    "*.EXAMPLE.*", "*x", "host.?", "*.*.*", "**", "?*?", "*1*",
    "10.1.2.?", "*.com", "?.example.com", "::ffff:*", "*:*", "10.?.?.?",
    "local*", "*known", "*.example.com.", "??????????*",
};
static const char *const user_patterns[] = {
    "bob", "BOB", "alice", "ALL", "KNOWN", "UNKNOWN", "b*", "?ob", "*",
    "root", "paranoid", "b0?", LONG_USER, LONG_USER_127, "u*x",
};
static const char *const netgroups[] = {
    "@trusted", "@others", "@nosuch", "@TRUSTED", "@empty",
};
static const char *const odd_words[] = {
    "#", "note", "@", "a@", "[]", "FAIL", "EXCEPTx", "ALLx",
    "KNOWN@", "@@", "10.1.2.3@", "@10.1.2.3", "x@y@z", "[10.1.2.3]",
    "/no/such/list", "/no/such/list/either", ".", "..", "-",
    LONG_NAME, LONG_NAME_127, LONG_NAME_126, "h*", "*.examp", ".examp",
};
static const char *const daemon_patterns[] = {
    "sshd", "SSHD", "ssh*", "*d", "in.*", "vsftpd", "ALL", "KNOWN",
    "UNKNOWN", "in.telnetd", "portmap", "?shd", "sshd-session", "unknown",
    "22", "21", "0", "65535", "65536", "022", "80", "25", "sshd.", ".d",
    "all", "LOCAL", "ftpd", "*", "99999999999", LONG_DAEMON,
    LONG_DAEMON_127, "d*",
};
static const char *const separators[] = {
    " ", ", ", ",", "\t", " ,\t", "  ", ",,", " , ",
};
static const char *const field_separators[] = {
    ": ", ":", " : ", " :", ":\t", "\t:\t",
};
static const char *const expansions[] = {
    "%a", "%A", "%c", "%d", "%h", "%H", "%n", "%N", "%s", "%u", "%r",
    "%R", "%%", "%x", "%", "%%a", "%C",
};
static const char *const severities[] = {
    "auth.info", "local0.notice", "warning", "mail.err", "bogus.level",
    "local7.debug", "err", "daemon.bogus", "3", "AUTH.INFO", "emerg",
};
static const char *const umasks[] = {
    "027", "077", "0777", "999", "0", "22",
};

/* rnd - a number in 0..n-1 (xorshift64*) */
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned) ((rng_state * 2685821657736338717ULL) >> 33) % n;
}

/* chance - true with the given percentage */
static int chance(unsigned percent)
{
    return rnd(100) < percent;
}

/* put - append formatted text */
static void put(struct text *t, const char *format, ...)
{
    va_list ap;
    int     n;

    for (;;) {
	va_start(ap, format);
	n = vsnprintf(t->s + t->len, t->cap - t->len, format, ap);
	va_end(ap);
	if (n < 0)
	    abort();
	if ((size_t) n < t->cap - t->len)
	    break;
	t->cap = 2 * t->cap + (size_t) n + 64;
	if ((t->s = realloc(t->s, t->cap)) == 0)
	    abort();
    }
    t->len += (size_t) n;
}

/* put_cased - append a word, sometimes with its letters' case flipped */
static void put_cased(struct text *t, const char *word)
{
    int     flip = chance(20);

    for (; *word; word++) {
	char    c = *word;

	if (flip && chance(50) && c >= 'a' && c <= 'z')
	    c = (char) (c - 'a' + 'A');
	put(t, "%c", c);
    }
}

/* write_file - write a text to dir/name; returns the path */
static char *write_file(const char *name, const struct text *t)
{
    static char path[4096];
    FILE   *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if ((fp = fopen(path, "w")) == 0 || fwrite(t->s, 1, t->len, fp) != t->len
	|| fclose(fp) != 0) {
	perror(path);
	exit(1);
    }
    return path;
}

static void host_pattern(struct text *t, int depth, int with_user);

/* file_list - write a /file pattern list and append its path */
static void file_list(struct text *t, int depth)
{
    struct text list = {0};
    char    name[64];
    unsigned words = 1 + rnd(5);

    put(&list, "%s", "");
    for (unsigned i = 0; i < words; i++) {
	host_pattern(&list, depth + 1, 0);
	put(&list, "%s", chance(30) ? "\n" : PICK(((const char *const[]) {
	    " ", "\t", "\n", "  \n", " , "})));
    }
    if (chance(80))
	put(&list, "\n");
    snprintf(name, sizeof(name), "l%d_%d", table_number, list_number++);
    put(t, "%s", write_file(name, &list));
    free(list.s);
}

/* host_pattern - one client (or server) host pattern, maybe user@host */
static void host_pattern(struct text *t, int depth, int with_user)
{
    switch (rnd(with_user ? 17 : 16)) {
    case 0:
	put(t, "%s", PICK(addrs4));
	break;
    case 1:
	put_cased(t, PICK(names));
	break;
    case 2:
	put(t, "%s", PICK(suffixes));
	break;
    case 3:
	put(t, "%s", PICK(prefixes));
	break;
    case 4:
	put(t, "%s", PICK(netmasks));
	break;
    case 5:
	put(t, "%s/%s", PICK(cidr_bases), PICK(cidr_lengths));
	break;
    case 6:
	put(t, "[");
	put_cased(t, PICK(v6_literals));
	put(t, "]");
	break;
    case 7:
	put(t, "[%s]/%s", PICK(v6_nets), PICK(v6_lengths));
	break;
    case 8:
    case 9:
	put(t, "%s", PICK(wildcards));
	break;
    case 10:
	put_cased(t, PICK(globs));
	break;
    case 11:
	if (with_netgroups)
	    put(t, "%s", PICK(netgroups));
	else
	    put(t, "%s", PICK(addrs4));
	break;
    case 12:
	if (depth < 2)
	    file_list(t, depth);
	else
	    put(t, "%s", PICK(suffixes));
	break;
    case 13:
	put(t, "%s", chance(15) ? PICK(odd_words) : PICK(addrs4));
	break;
    case 14:
	put(t, "%s", chance(10) ? PICK(addrs6) : PICK(names));
	break;
    case 15:
	put(t, "%s", PICK(addrs4));
	break;
    default:				/* user@host */
	put_cased(t, PICK(user_patterns));
	put(t, "@");
	host_pattern(t, depth + 1, 0);
	break;
    }
}

/* daemon_pattern - one daemon pattern, maybe daemon@host */
static void daemon_pattern(struct text *t)
{
    put(t, "%s", PICK(daemon_patterns));
    if (chance(15)) {
	put(t, "@");
	host_pattern(t, 2, 0);
    }
}

/* list - items separated by list separators, with EXCEPT now and then */
static void list(struct text *t, void (*item) (struct text *))
{
    unsigned n = 1 + rnd(4);

    if (chance(3))
	put(t, "%s", PICK(separators));
    for (unsigned i = 0; i < n; i++) {
	if (i > 0)
	    put(t, "%s", PICK(separators));
	if ((i > 0 || chance(2)) && chance(18))
	    put(t, "%s%s", chance(85) ? "EXCEPT" : chance(50) ? "except" : "Except",
		PICK(separators));
	item(t);
    }
    if (chance(2))
	put(t, "%sEXCEPT", PICK(separators));
    if (chance(3))
	put(t, "%s", PICK(separators));
}

/* client_item - a host pattern or user@host */
static void client_item(struct text *t)
{
    host_pattern(t, 0, 1);
}

/* command - a shell command with % expansions for spawn or twist */
static void command(struct text *t)
{
    unsigned n = 1 + rnd(4);

    put(t, "echo");
    for (unsigned i = 0; i < n; i++)
	put(t, " %s", chance(80) ? PICK(expansions) : PICK(((const char *const[]) {
	    "a\\:b", "'x y'", "$(true)", "\\\\", "a=b"})));
}

/* option - one option of hosts_options(5) (not the last one) */
static void option(struct text *t)
{
    switch (rnd(12)) {
    case 0:
    case 1:
    case 2:
	put(t, "%s", PICK(((const char *const[]) {
	    "spawn ", "spawn ", "spawn=", "spawn = ", "SPAWN "})));
	command(t);
	break;
    case 3:
	put(t, "setenv TW_%c ", "ABC"[rnd(3)]);
	command(t);
	break;
    case 4:
	put(t, "severity %s", PICK(severities));
	break;
    case 5:
	put(t, "umask %s", PICK(umasks));
	break;
    case 6:
	put(t, "%s", PICK(((const char *const[]) {
	    "keepalive", "linger 5", "linger 0", "keepalive x", "linger"})));
	break;
    case 7:
	put(t, "%s", PICK(((const char *const[]) {
	    "rfc931", "rfc931 3", "rfc931 x", "rfc931 0"})));
	break;
    case 8:
	put(t, "%s", PICK(((const char *const[]) {
	    "bogus", "", "spawn", "setenv", "allow", "deny", "twisted x",
	    "severity", "umask", "allow x", "setenv TW_D", "setenv TW_E  ",
	    "severity = auth.info", "umask=077", "keepalive =", "umask = 0"})));
	break;
    default:
	put(t, "spawn ");
	command(t);
	break;
    }
}

/* options - the option field of a rule (after the second colon) */
static void options(struct text *t)
{
    unsigned n = rnd(3);

    for (unsigned i = 0; i < n; i++) {
	option(t);
	put(t, "%s", PICK(field_separators));
    }
    switch (rnd(6)) {
    case 0:
	put(t, "%s", chance(80) ? "allow" : "ALLOW");
	break;
    case 1:
	put(t, "%s", chance(80) ? "deny" : "Deny");
	break;
    case 2:
	if (with_twist) {
	    put(t, "twist ");
	    command(t);
	    break;
	}
	/* FALLTHROUGH */
    default:
	option(t);
	break;
    }
    if (chance(3))
	put(t, ":");
}

/* rule - one rule; may be split by continuations, end in CR LF, etc. */
static void rule(struct text *t)
{
    struct text r = {0};

    put(&r, "%s", "");
    if (chance(3))
	put(&r, "%s", PICK(((const char *const[]) {" ", "\t", ", "})));
    list(&r, daemon_pattern);
    if (chance(2)) {			/* missing separator */
	put(t, "%s\n", r.s);
	free(r.s);
	return;
    }
    put(&r, "%s", PICK(field_separators));
    list(&r, client_item);
    if (chance(35)) {
	put(&r, "%s", PICK(field_separators));
	if (marking)
	    put(&r, "setenv TW_R %d%s", rule_number++, PICK(field_separators));
	options(&r);
    } else if (marking) {
	put(&r, "%ssetenv TW_R %d", PICK(field_separators), rule_number++);
    } else if (chance(3)) {
	put(&r, ":");
    }
    if (chance(4))
	put(&r, " # note");
    if (r.len > LINE_MAX_LEN) {		/* rare: a plain rule instead */
	r.len = 0;
	put(&r, "ALL: 10.1.2.3");
    }
    if (r.len > 0 && r.s[r.len - 1] == '\\')	/* not an accidental continuation */
	put(&r, " ");
    /* a continuation: at a space, or in the middle of a word */
    if (chance(12) && r.len > 4) {
	size_t  at = 1 + rnd((unsigned) r.len - 2);

	put(t, "%.*s\\\n%s", (int) at, r.s, r.s + at);
    } else {
	put(t, "%s", r.s);
    }
    put(t, "%s", chance(5) ? "\r\n" : "\n");
    free(r.s);
}

/* denyhosts_line - the big-table form: "sshd: 10.1.2.33" and friends */
static void denyhosts_line(struct text *t)
{
    static const char *const nets[] = {"10.1.2.", "10.9.8.", "192.168.1.",
    "10.0.0.", "172.16.5.", "10.1.2.3"};
    static const char *const odd_forms[] = {
	"sshd: 10.1.2.3.\n", "sshd: 010.1.2.3\n", "sshd: [::ffff:10.1.2.3]\n",
	"sshd: ::ffff:10.1.2.3\n", "sshd: 10.1.2.3/32\n", "sshd: 10.1.2.3\r\n",
	"sshd:\t10.1.2.3\n", " sshd: 10.1.2.3\n", "#sshd: 10.1.2.3\n",
	"sshd: 10.1.2.3, KNOWN\n", "sshd: LOCAL\n", "sshd: 10.1.2.*\n",
	"sshd: 10.1.2.3 : spawn echo %a\n", "sshd: 10.1.2.30\n",
	"sshd: 10.1.2.3 EXCEPT 10.1.2.3\n", "sshd: 10.1.2.\\\n3\n",
	"sshd: 10.1.2.3@x\n", "sshd: bob@10.1.2.3\n", "sshd@10.0.0.1: 10.1.2.3\n",
	"sshd: 192.168.1.5 10.1.2.3\n", "sshd 10.1.2.3\n", "sshd: 10.1.2.3 #\n",
	"sshd: [2001:db8::5]\n", "sshd: 2001:db8::5\n", "sshd: 10.9.8.7\n",
	"sshd: 127.0.0.1\n", "sshd: ::1\n", "sshd: [::1]\n", "sshd:10.1.2.3\n",
	"sshd: 10.1.2.3\t\n", "22: 10.1.2.3\n", "sshd: 10.1.2.3:allow\n",
	"sshd: 10.1.2.3\\\n\n",
    };

    if (chance(15)) {
	put(t, "%s", PICK(odd_forms));
	return;
    }
    put(t, "%s", PICK(((const char *const[]) {
	"sshd: ", "sshd:", "ALL: ", "sshd : ", "in.telnetd, sshd: ", "vsftpd: "})));
    if (chance(8))
	put(t, "[2001:db8::%x]", rnd(16));
    else
	put(t, "%s%u", PICK(nets), rnd(40));
    if (chance(5))
	put(t, " %s%u", PICK(nets), rnd(40));
    if (chance(3))
	put(t, " \\\n %s", PICK(addrs4));
    if (chance(3))
	put(t, " EXCEPT %s", PICK(addrs4));
    if (chance(3))
	put(t, " : allow");
    put(t, "\n");
}

/* long_rule - a rule of up to 2000 bytes, maybe over continuations */
static void long_rule(struct text *t)
{
    size_t  start = t->len;
    size_t  line_start = t->len;
    int     split = chance(40);

    put(t, "%s: ", PICK(((const char *const[]) {"sshd", "ALL", "in.telnetd, sshd"})));
    while (t->len - start < 1850 + rnd(100)) {
	put(t, "%s%u ", PICK(((const char *const[]) {"10.1.2.", "192.168.1.", "10.9.8."})),
	    100 + rnd(100));
	if (split && t->len - line_start > 150) {
	    put(t, "\\\n");
	    line_start = t->len;
	}
    }
    put(t, "%s\n", PICK(addrs4));
}

/* table - write a hosts.allow or hosts.deny (or not: missing); its path */
static const char *table(const char *suffix, int deny)
{
    static char path[2][4096];
    struct text t = {0};
    char    name[64];
    unsigned rules = rnd(8);
    int     big = chance(10);

    snprintf(name, sizeof(name), "t%d.%s", table_number, suffix);
    if (chance(5)) {			/* missing: an empty table */
	snprintf(path[deny], sizeof(path[deny]), "%s/%s", dir, name);
	return path[deny];
    }
    put(&t, "%s", "");
    marking = chance(50);
    rule_number = 0;
    if (chance(30))
	put(&t, "# %s for table %d\n", suffix, table_number);
    for (unsigned i = 0; i < rules; i++) {
	if (big)
	    for (unsigned j = 40 + rnd(200); j > 0; j--)
		denyhosts_line(&t);
	switch (rnd(14)) {
	case 0:
	    put(&t, "%s", PICK(((const char *const[]) {
		"\n", "  \n", "\t\n", "#comment: ALL\n", "#\n", " # x: ALL\n",
		"\r\n", "# ALL: ALL \\\n"})));
	    break;
	case 1:
	    denyhosts_line(&t);
	    break;
	case 2:
	    if (chance(20)) {
		long_rule(&t);
		break;
	    }
	    /* FALLTHROUGH */
	default:
	    rule(&t);
	    break;
	}
    }
    if (t.len >= 2 && t.s[t.len - 2] == '\\')	/* no continuation at the end */
	put(&t, "\n");
    if (deny && chance(50))
	put(&t, "ALL: ALL\n");
    snprintf(path[deny], sizeof(path[deny]), "%s", write_file(name, &t));
    free(t.s);
    return path[deny];
}

/* dash - "-" for an empty field */
static const char *dash(const char *s)
{
    return s[0] ? s : "-";
}

/* query - one Q (hosts_ctl) or S (socket) command */
static void query(int sockets)
{
    static const char *const servers[][2] = {
	{"127.0.0.1", "22"}, {"10.0.0.1", "21"}, {"::1", "22"},
	{"2001:db8::5", "80"}, {"::ffff:10.0.0.1", "25"}, {"10.9.8.7", "0"},
	{"", ""}, {"127.0.0.1", "65535"}, {"10.0.0.1", "22"},
    };
    static const char *const ports[] = {"0", "1234", "22", "65535"};
    /* Values over 127 bytes are a departure (we refuse to truncate them
     * into another value): queries use the longest values that fit. */
    const char *daemon = chance(2) ? LONG_DAEMON_127 : PICK(daemons);
    const char *name = chance(2) ? LONG_NAME_127 : PICK(names);
    const char *user = chance(2) ? LONG_USER_127 : PICK(users);

    if (sockets && chance(35)) {
	const char *const *server = servers[rnd(COUNT(servers))];
	const char *client = chance(50) ? PICK(addrs4) : PICK(addrs6);

	printf("S\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", dash(daemon), client,
	       PICK(ports), dash(server[0]), dash(server[1]),
	       chance(70) ? "-" : dash(user), dash(PICK(users)));
    } else {
	const char *addr = chance(10) ? PICK(odd_addrs) :
	    chance(65) ? PICK(addrs4) : PICK(addrs6);

	printf("Q\t%s\t%s\t%s\t%s\n", dash(daemon), dash(name), dash(addr),
	       dash(user));
    }
}

/* main - see the top of the file */
int     main(int argc, char **argv)
{
    int     tables;
    const char *flags = argc > 4 ? argv[4] : "";

    if (argc < 4) {
	fprintf(stderr, "usage: diff_gen dir seed tables [flags]\n");
	return 2;
    }
    dir = argv[1];
    rng_state = 0x9e3779b97f4a7c15ULL ^ strtoull(argv[2], 0, 10);
    tables = atoi(argv[3]);
    with_twist = strchr(flags, 'r') != 0;
    with_netgroups = strchr(flags, 'n') != 0;
    for (table_number = 0; table_number < tables; table_number++) {
	const char *allow;
	const char *deny;
	unsigned queries = 30 + rnd(40);

	list_number = 0;
	allow = table("allow", 0);
	printf("T\tt%d\t%s", table_number, allow);
	deny = table("deny", 1);
	printf("\t%s\n", deny);
	for (unsigned q = 0; q < queries; q++)
	    query(strchr(flags, 's') != 0);
	if (table_number > 0 && chance(15)) {	/* back to an earlier table */
	    int     back = (int) rnd((unsigned) table_number);

	    printf("T\tt%d\t%s/t%d.allow\t%s/t%d.deny\n", back, dir, back, dir, back);
	    for (unsigned q = 0; q < 5; q++)
		query(strchr(flags, 's') != 0);
	}
	if (chance(20)) {		/* an earlier table edited in place */
	    int     back = (int) rnd((unsigned) table_number + 1);

	    printf("C\t%s/t%d.allow\t%s/live.allow\n", dir, back, dir);
	    printf("C\t%s/t%d.deny\t%s/live.deny\n", dir, back, dir);
	    printf("T\tt%d(live)\t%s/live.allow\t%s/live.deny\n", back, dir, dir);
	    for (unsigned q = 0; q < 5; q++)
		query(strchr(flags, 's') != 0);
	}
    }
    return 0;
}
