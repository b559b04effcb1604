/*
 * gen_tables.c - writes realistic access control tables for the
 * benchmarks of bench/run.sh, the same bytes for the same seed.
 *
 *   gen_tables FORM LINES SEED > table
 *
 * FORM is one of
 *   denyhosts  the hosts.deny DenyHosts grows: Debian's stock header,
 *              then "sshd: ADDR" lines, now and then a "# DenyHosts:"
 *              comment and a blank line;
 *   fail2ban   the hosts.deny fail2ban's hostsdeny action grows: the
 *              header, then "ALL: ADDR" lines, a blank line now and then;
 *   bans       the file tcpdban writes: "ALL: ADDR : expires T" lines;
 *   bans-mixed the same with a third bracketed IPv6 addresses, a sixth
 *              IPv6 /64 networks and a sixth IPv4 /24 networks;
 *   allow      a mixed hosts.allow: domains, host names, globs, nets
 *              ("10.1."), net/mask, CIDR, IPv6 "[2001:db8:..]/48",
 *              LOCAL, EXCEPT in daemon and client lists, and options
 *              ("severity", "allow", "deny"; never a command).
 * Every table has exactly LINES lines (at least 2), and its last line is
 * the one rule that names the benchmark's "last" client:
 *   denyhosts  sshd: 203.0.113.7
 *   fail2ban   ALL: 203.0.113.7
 *   bans       ALL: 203.0.113.7 : expires 20991231T235959Z
 *   allow      sshd: 203.0.113.7, last.client.example : severity auth.info
 * No other line matches 203.0.113.7 nor the "unlisted" client
 * 192.0.2.1 / host1.unlisted.example, so a query for the unlisted client
 * scans the whole table without a match and without a name lookup
 * (all its host patterns are addresses, or it is asked with a name).
 */

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNLISTED_ADDR	0xc0000201u	/* 192.0.2.1 */
#define LAST_ADDR	0xcb007107u	/* 203.0.113.7 */

static uint64_t rng_state;

/* rng_next - the next number of a splitmix64 sequence */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* rng_below - a number in [0, n) */
static unsigned rng_below(unsigned n)
{
    return (unsigned) (rng_next() % n);
}

/* mix32 - a bijection of 32-bit numbers, so distinct inputs stay distinct */
static uint32_t mix32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

/* is_public - whether an attacker's address could plausibly be this one */
static int is_public(uint32_t a)
{
    unsigned first = a >> 24;

    if (first == 0 || first == 10 || first == 127 || first >= 224)
	return 0;
    if ((a >> 16) == 0xa9fe || (a >> 20) == 0xac1 || (a >> 16) == 0xc0a8)
	return 0;			/* 169.254/16, 172.16/12, 192.168/16 */
    if ((a >> 8) == (UNLISTED_ADDR >> 8) || (a >> 8) == (LAST_ADDR >> 8))
	return 0;			/* 192.0.2/24, 203.0.113/24 */
    if ((a >> 8) == 0xc63364)		/* 198.51.100/24 is used for nets */
	return 0;
    return 1;
}

static uint32_t address_counter;
static uint32_t address_offset;

/* next_address - a public address not returned before */
static uint32_t next_address(void)
{
    uint32_t a;

    do
	a = mix32(address_counter++ + address_offset);
    while (!is_public(a));
    return a;
}

/* format_address - dotted quad of a */
static const char *format_address(uint32_t a, char *buf, size_t len)
{
    snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
	     (a >> 8) & 255, a & 255);
    return buf;
}

static const char *const deny_header[] = {
    "# /etc/hosts.deny: list of hosts that are _not_ allowed to access the system.",
    "#                  See the manual pages hosts_access(5) and hosts_options(5).",
    "#",
    "# Example:    ALL: some.host.name, .some.domain",
    "#             ALL EXCEPT in.fingerd: other.host.name, .other.domain",
    "#",
    "# If you're going to protect the portmapper use the name \"rpcbind\" for the",
    "# daemon name. See rpcbind(8) and rpc.mountd(8) for further information.",
    "#",
    "# The PARANOID wildcard matches any host whose name does not match its address.",
    "#",
    "# You may wish to enable this to ensure any programs that don't",
    "# validate looked up hostnames still leave understandable logs. In past",
    "# versions of Debian this has been the default.",
    "# ALL: PARANOID",
    "",
};
#define DENY_HEADER_LINES (sizeof(deny_header) / sizeof(deny_header[0]))

static const char *const month[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
static const char *const weekday[] = {
    "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
};

/* write_header - the stock comment block, cut to fit in lines; returns lines used */
static unsigned long write_header(unsigned long lines)
{
    unsigned long n;

    for (n = 0; n < DENY_HEADER_LINES && n < lines; n++)
	puts(deny_header[n]);
    return n;
}

/* write_deny_list - a DenyHosts (daemon "sshd") or fail2ban (daemon "ALL") table */
static void write_deny_list(unsigned long lines, const char *daemon, int denyhosts)
{
    unsigned long left = lines - 1;	/* the last line is the fixed rule */
    char    addr[16];
    uint32_t a;

    left -= write_header(left / 4);	/* small tables: a shorter header */
    while (left > 0) {
	unsigned r = rng_below(100);

	if (denyhosts && r < 2 && left >= 2) {
	    a = next_address();
	    printf("# DenyHosts: %s %s %2u %02u:%02u:%02u 20%02u | %s: %s\n",
		   weekday[rng_below(7)], month[rng_below(12)],
		   1 + rng_below(28), rng_below(24), rng_below(60),
		   rng_below(60), 10 + rng_below(15), daemon,
		   format_address(a, addr, sizeof(addr)));
	    printf("%s: %s\n", daemon, addr);
	    left -= 2;
	} else if (r == 2) {
	    putchar('\n');
	    left--;
	} else {
	    printf("%s: %s\n", daemon,
		   format_address(next_address(), addr, sizeof(addr)));
	    left--;
	}
    }
    printf("%s: %s\n", daemon, format_address(LAST_ADDR, addr, sizeof(addr)));
}

/* write_ban_word - one banned address or network, as tcpdban writes it */
static void write_ban_word(int mixed)
{
    char    addr[16];
    unsigned r = mixed ? rng_below(6) : 0;
    uint32_t a = next_address();

    if (r == 1 || r == 2)			/* IPv6, 2000::/3 */
	printf("[%x:%x:%x:%x:%x:%x:%x:%x]", 0x2000 + rng_below(0x2000),
	       1 + rng_below(0xffff), 1 + rng_below(0xffff), 1 + rng_below(0xffff),
	       1 + rng_below(0xffff), 1 + rng_below(0xffff), 1 + rng_below(0xffff),
	       1 + rng_below(0xffff));
    else if (r == 3)
	printf("[%x:%x:%x:%x::]/64", 0x2000 + rng_below(0x2000),
	       1 + rng_below(0xffff), 1 + rng_below(0xffff), 1 + rng_below(0xffff));
    else if (r == 4)
	printf("%s/24", format_address(a & 0xffffff00u, addr, sizeof(addr)));
    else
	printf("%s", format_address(a, addr, sizeof(addr)));
}

/* write_ban_list - the ban file tcpdban writes, every ban with an expiry */
static void write_ban_list(unsigned long lines, int mixed)
{
    char    addr[16];

    while (--lines > 0) {
	printf("ALL: ");
	write_ban_word(mixed);
	printf(" : expires 20991231T235959Z\n");
    }
    printf("ALL: %s : expires 20991231T235959Z\n",
	   format_address(LAST_ADDR, addr, sizeof(addr)));
}

static const char *const daemon_lists[] = {
    "sshd", "ALL", "in.telnetd", "vsftpd", "sendmail", "sshd, vsftpd",
    "ALL EXCEPT in.fingerd", "portmap", "imapd, pop3d", "sshd",
};
#define DAEMON_LISTS (sizeof(daemon_lists) / sizeof(daemon_lists[0]))

static const char *const option_lists[] = {
    "", "", "", "", " : severity auth.info", " : allow", " : deny",
    " : severity auth.notice : allow",
};
#define OPTION_LISTS (sizeof(option_lists) / sizeof(option_lists[0]))

/* net_avoids_clients - whether a.b.c.d/len contains neither benchmark client */
static int net_avoids_clients(uint32_t net, unsigned len)
{
    uint32_t mask = len == 0 ? 0 : 0xffffffffu << (32 - len);

    return (UNLISTED_ADDR & mask) != net && (LAST_ADDR & mask) != net;
}

/* write_client_pattern - one random host pattern of the mixed table */
static void write_client_pattern(void)
{
    char    addr[16], mask[16];
    uint32_t a, m;
    unsigned len;

    switch (rng_below(10)) {
    case 0:				/* a domain */
	printf(".d%u.example.com", rng_below(100000));
	break;
    case 1:				/* a host name */
	printf("host%u.example.org", rng_below(1000000));
	break;
    case 2:				/* a glob */
	printf("*.dyn%u.example.net", rng_below(10000));
	break;
    case 3:				/* a net: "10.", "10.1.", "10.1.2." */
	a = next_address();
	len = 8 * (1 + rng_below(3));
	a &= 0xffffffffu << (32 - len);
	if (!net_avoids_clients(a, len))
	    a = 0x0a000000u | (a & 0x00ffffffu);
	format_address(a, addr, sizeof(addr));
	*strrchr(addr, '.') = 0;
	for (; len < 24; len += 8)
	    *strrchr(addr, '.') = 0;
	printf("%s.", addr);
	break;
    case 4:				/* net/mask */
	len = 16 + rng_below(13);
	m = 0xffffffffu << (32 - len);
	a = next_address() & m;
	if (!net_avoids_clients(a, len))
	    a = 0x0a000000u | (a & 0x00ffffffu);
	printf("%s/%s", format_address(a, addr, sizeof(addr)),
	       format_address(m, mask, sizeof(mask)));
	break;
    case 5:				/* CIDR */
	len = 16 + rng_below(13);
	a = next_address() & (0xffffffffu << (32 - len));
	if (!net_avoids_clients(a, len))
	    a = 0x0a000000u | (a & 0x00ffffffu);
	printf("%s/%u", format_address(a, addr, sizeof(addr)), len);
	break;
    case 6:				/* IPv6 net */
	printf("[2001:db8:%x::]/48", rng_below(0x10000));
	break;
    case 7:				/* IPv6 host */
	printf("[2001:db8:%x::%x]", rng_below(0x10000), 1 + rng_below(0xffff));
	break;
    default:				/* an address */
	printf("%s", format_address(next_address(), addr, sizeof(addr)));
	break;
    }
}

/* write_allow_rule - one rule of the mixed hosts.allow */
static void write_allow_rule(void)
{
    unsigned n = 1 + rng_below(3), i;

    printf("%s: ", daemon_lists[rng_below(DAEMON_LISTS)]);
    for (i = 0; i < n; i++) {
	if (i > 0)
	    printf(", ");
	write_client_pattern();
    }
    switch (rng_below(12)) {
    case 0:
	printf(" EXCEPT ");
	write_client_pattern();
	break;
    case 1:
	printf(" EXCEPT host%u.example.org", rng_below(1000000));
	break;
    }
    printf("%s\n", option_lists[rng_below(OPTION_LISTS)]);
}

/* write_allow_table - the mixed hosts.allow */
static void write_allow_table(unsigned long lines)
{
    unsigned long left = lines - 1;

    while (left > 0) {
	unsigned r = rng_below(100);

	if (r < 3) {
	    printf("# rule set %u, added by ticket %u\n", rng_below(1000),
		   rng_below(100000));
	} else if (r < 5) {
	    putchar('\n');
	} else if (r == 5) {
	    printf("in.fingerd: LOCAL\n");
	} else {
	    write_allow_rule();
	}
	left--;
    }
    printf("sshd: 203.0.113.7, last.client.example : severity auth.info\n");
}

/* usage - explain the arguments and fail */
static void usage(void)
{
    fprintf(stderr, "usage: gen_tables denyhosts|fail2ban|bans|bans-mixed|allow LINES SEED\n");
    exit(2);
}

/* main - parse the arguments, write the table */
int     main(int argc, char **argv)
{
    char   *end;
    unsigned long lines;
    uint64_t seed;

    if (argc != 4)
	usage();
    lines = strtoul(argv[2], &end, 10);
    if (*end != 0 || lines < 2)
	usage();
    seed = strtoull(argv[3], &end, 10);
    if (*end != 0)
	usage();
    rng_state = seed;
    address_offset = (uint32_t) rng_next();

    if (strcmp(argv[1], "denyhosts") == 0)
	write_deny_list(lines, "sshd", 1);
    else if (strcmp(argv[1], "fail2ban") == 0)
	write_deny_list(lines, "ALL", 0);
    else if (strcmp(argv[1], "bans") == 0)
	write_ban_list(lines, 0);
    else if (strcmp(argv[1], "bans-mixed") == 0)
	write_ban_list(lines, 1);
    else if (strcmp(argv[1], "allow") == 0)
	write_allow_table(lines);
    else
	usage();
    if (fflush(stdout) != 0 || ferror(stdout)) {
	perror("gen_tables: write");
	return 1;
    }
    return 0;
}
