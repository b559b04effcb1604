/*
 * tcpdchk - report mistakes in hosts.allow, hosts.deny and inetd.conf
 * (SPEC 3.2), before they lock someone out or let someone in.
 *
 * usage: tcpdchk [-a] [-d] [-i inet_conf] [-v]
 *
 * The tables are read by the library's own parser (wrap_table_open and
 * wrap_table_next, which keep tcpd_context on the rule's file and line),
 * so tcpdchk sees exactly the rules that hosts_access() sees; lists are
 * split into words by the matcher's own wrap_list_next, and options run
 * in the library in a dry run. Every diagnostic goes to stdout, in order.
 *
 * Besides the checks of 7.6 and Debian, tcpdchk warns (SPEC decision 4g)
 * about net/mask patterns that never match or match everything, IPv6
 * addresses without brackets, "#" used as a comment after the first
 * column, rules that an earlier rule hides entirely, tables that someone
 * other than root may write, and daemon names that look like typos of a
 * service in inetd.conf.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wrap.h"
#include "inetcf.h"
#include "scaffold.h"

#define FILE_LIST_DEPTH	8		/* as the matcher: deeper is an error */
#define SHADOW_BUCKETS	4096		/* hash chains of the shadow index */

static int allow_check;			/* -a: report implicit "allow" */
static const char *inetcf;		/* inetd.conf that was read, or 0 */
static const char *file_stack[FILE_LIST_DEPTH];	/* /file lists being checked */
static int file_depth;

/* Programs that Debian links with libwrap: they wrap themselves. */
static const char *const self_wrapped[] = {
    "portmap", "mountd", "statd", "ugidd", "redir", "rlinetd", "sshd",
    "atftpd", "diald", "esound", "gdm", "gnome-session", "icecast",
    "icecast_admin", "icecast_client", "icecast_source", "mysqld", "ntop",
    "pptpd", "rquotad", "sendmail", "smail", 0,
};

/* usage - explain the command line and exit */
static void usage(const char *myname)
{
    fprintf(stderr, "usage: %s [-a] [-d] [-i inet_conf] [-v]\n", myname);
    fprintf(stderr, "\t-a: report rules with implicit \"ALLOW\" at end\n");
    fprintf(stderr, "\t-d: use allow/deny files in current directory\n");
    fprintf(stderr, "\t-i: location of inetd.conf file\n");
    fprintf(stderr, "\t-v: list all rules\n");
    exit(1);
}

/* xstrdup - strdup or exit */
static char *xstrdup(const char *text)
{
    char   *copy = strdup(text);

    if (copy == 0) {
	fprintf(stderr, "out of memory\n");
	exit(1);
    }
    return (copy);
}

/* inetcf_name - the inetd.conf name for messages ("(null)" as Debian) */
static const char *inetcf_name(void)
{
    return (inetcf ? inetcf : "(null)");
}

/* print_list - a title and the words of a list, one space apart */
static void print_list(const char *title, const char *list)
{
    char   *copy = xstrdup(list);
    char   *cursor = copy;
    const char *word;
    const char *space = "";

    fputs(title, stdout);
    while ((word = wrap_list_next(&cursor)) != 0) {
	printf("%s%s", space, word);
	space = " ";
    }
    putchar('\n');
    free(copy);
}

/* reserved_name - a word with a meaning of its own in patterns */
static int reserved_name(const char *word)
{
    return (STR_EQ(word, unknown) || STR_EQ(word, "KNOWN")
	    || STR_EQ(word, paranoid) || STR_EQ(word, "ALL")
	    || STR_EQ(word, "LOCAL"));
}

/* check_comment_word - "#" starts a comment only in the first column */
static void check_comment_word(const char *word)
{
    if (word[0] == '#')
	tcpd_warn("%s: \"#\" starts a comment only in the first column: "
		  "this is a pattern", word);
}

/* bracketed_ipv6 - "[address]"; 1 if it is one */
static int bracketed_ipv6(const char *word, struct in6_addr *addr)
{
    size_t  len = strlen(word);

    return (len > 2 && word[0] == '[' && word[len - 1] == ']'
	    && wrap_parse_ipv6(word + 1, len - 2, addr));
}

/* prefix_length - strict decimal in [0, high]; -1 if not */
static int prefix_length(const char *text, int high)
{
    if (*text == 0 || strlen(text) > 3 || text[strspn(text, "0123456789")] != 0
	|| atoi(text) > high)
	return (-1);
    return (atoi(text));
}

/* check_ipv6_net - "[net]/len": bad, everything, or host bits set */
static void check_ipv6_net(const char *net_word, const char *len_word)
{
    struct in6_addr net;
    int     bits;
    int     i;

    if (!bracketed_ipv6(net_word, &net) || (bits = prefix_length(len_word, 128)) < 0) {
	tcpd_warn("%s/%s: bad net/mask pattern", net_word, len_word);
	return;
    }
    if (bits == 0) {
	tcpd_warn("%s/%s: a prefix of 0 matches every IPv6 address", net_word, len_word);
	return;
    }
    for (i = 0; i < 16; i++, bits -= 8) {
	unsigned char host_bits = bits >= 8 ? 0 : bits <= 0 ? 0xff
	    : (unsigned char) (0xff >> bits);

	if (net.s6_addr[i] & host_bits) {
	    tcpd_warn("%s/%s: net has bits set beyond the prefix "
		      "(they are ignored)", net_word, len_word);
	    return;
	}
    }
}

/*
 * check_ipv4_net - "net/mask" or "net/len": bad (with the reason when it
 * is a common one), everything, or host bits set (never matches).
 */
static void check_ipv4_net(char *net_word, char *mask_word)
{
    unsigned long net = dot_quad_addr(net_word);
    int     dotted = strchr(mask_word, '.') != 0;
    unsigned long mask = dotted ? dot_quad_addr(mask_word) : cidr_mask_addr(mask_word);

    if (net == INADDR_NONE || (dotted ? mask == INADDR_NONE : mask == 0)) {
	tcpd_warn("%s/%s: bad net/mask pattern", net_word, mask_word);
	if (net != INADDR_NONE && STR_EQ(mask_word, "255.255.255.255"))
	    tcpd_warn("%s/%s: a mask of 255.255.255.255 is not accepted: the "
		      "pattern never matches (write the address alone)",
		      net_word, mask_word);
	else if (net != INADDR_NONE && prefix_length(mask_word, 32) == 0)
	    tcpd_warn("%s/%s: an IPv4 prefix of 0 never matches (use ALL)",
		      net_word, mask_word);
	return;
    }
    if (mask == 0)
	tcpd_warn("%s/%s: a mask of 0 matches every IPv4 address",
		  net_word, mask_word);
    else if ((net & ~mask) != 0)
	tcpd_warn("%s/%s: net has bits set outside the mask: the pattern "
		  "never matches", net_word, mask_word);
}

static int check_host(char *pattern);

/* list_includes_itself - is path a /file list being checked already? */
static int list_includes_itself(const char *path)
{
    int     i;

    for (i = 0; i < file_depth; i++) {
	if (strcmp(file_stack[i], path) == 0) {
	    tcpd_warn("pattern list %s includes itself (fail closed)", path);
	    return (1);
	}
    }
    if (file_depth >= FILE_LIST_DEPTH) {
	tcpd_warn("pattern list %s: lists nested more than %d deep (fail closed)",
		  path, FILE_LIST_DEPTH);
	return (1);
    }
    return (0);
}

/* check_file_list - check every word of a /file pattern list, by line */
static void check_file_list(const char *path)
{
    struct tcpd_context saved_context;
    char   *text;
    size_t  size;
    char   *line;
    char   *end;
    char   *word;
    int     fd;

    if (list_includes_itself(path))
	return;
    if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
	if (errno != ENOENT)
	    tcpd_warn("open %s: %m", path);
	return;
    }
    close(fd);
    if (wrap_read_file(path, &text, &size) != WRAP_YES)
	return;					/* the library said why */
    saved_context = tcpd_context;
    tcpd_context.file = (char *) path;
    tcpd_context.line = 0;
    file_stack[file_depth++] = path;
    if (memchr(text, 0, size) != 0)
	tcpd_warn("pattern list %s contains a NUL byte (fail closed)", path);
    for (line = text; line < text + size; line = end + 1) {
	tcpd_context.line++;
	if ((end = strchr(line, '\n')) == 0)
	    end = line + strlen(line);
	*end = 0;
	while ((word = wrap_list_next(&line)) != 0)
	    (void) check_host(word);
    }
    file_depth--;
    tcpd_context = saved_context;
    free(text);
}

/* check_netgroup - warn when a netgroup is unknown or empty */
static void check_netgroup(const char *group)
{
    char   *machine;
    char   *user;
    char   *domain;

    setnetgrent(group);
    if (getnetgrent(&machine, &user, &domain) == 0)
	tcpd_warn("%s: unknown or empty netgroup", group);
    endnetgrent();
}

/* check_fail - FAIL was a reserved word of old releases */
static int check_fail(const char *word)
{
    if (STR_NE(word, "FAIL"))
	return (0);
    tcpd_warn("FAIL is no longer recognized");
    tcpd_warn("(use EXCEPT or DENY instead)");
    return (1);
}

/* check_host - check one host pattern; the number of addresses it has */
static int check_host(char *pattern)
{
    struct in6_addr addr6;
    size_t  len = strlen(pattern);
    char   *mask;
    int     addr_count = 1;

    check_comment_word(pattern);
    if (len == 0)
	return (addr_count);
    if (pattern[0] == '@') {
	check_netgroup(pattern + 1);
    } else if (pattern[0] == '/') {
	check_file_list(pattern);
    } else if ((mask = split_at(pattern, '/')) != 0) {
	if (pattern[0] == '[')
	    check_ipv6_net(pattern, mask);
	else
	    check_ipv4_net(pattern, mask);
    } else if (check_fail(pattern) || reserved_name(pattern)) {
	 /* done */ ;
    } else if (pattern[0] == '[') {
	if (!bracketed_ipv6(pattern, &addr6))
	    tcpd_warn("bad IPv6 address in pattern: %s", pattern);
    } else if (NOT_INADDR(pattern)) {
	if (pattern[len - 1] == '.')
	    tcpd_warn("%s: domain or host name ends in dot", pattern);
	else if (pattern[0] != '.')
	    addr_count = check_dns(pattern);
    } else if (STR_EQ(pattern, "0.0.0.0") || STR_EQ(pattern, "255.255.255.255")) {
	 /* fine */ ;
    } else if (pattern[0] == '.') {
	tcpd_warn("%s: network number begins with dot", pattern);
    } else if (pattern[len - 1] != '.') {
	(void) check_dns(pattern);
    }
    return (addr_count);
}

/* check_name - common checks of a daemon or user name; 1 if one warned */
static int check_name(const char *word, const char *what)
{
    if (word[0] == '@')
	tcpd_warn("%s: %s name begins with \"@\"", word, what);
    else if (word[0] == '/')
	tcpd_warn("%s: %s name begins with \"/\"", word, what);
    else if (word[0] == '.')
	tcpd_warn("%s: %s name begins with dot", word, what);
    else if (word[0] && word[strlen(word) - 1] == '.')
	tcpd_warn("%s: %s name ends in dot", word, what);
    else
	return (check_fail(word));
    return (1);
}

/* check_daemon - check one daemon name against the patterns and inetd.conf */
static void check_daemon(const char *word)
{
    const char *near;

    if (check_name(word, "daemon") || STR_EQ(word, "ALL") || STR_EQ(word, unknown))
	return;
    if (reserved_name(word)) {
	tcpd_warn("%s: daemon name may be reserved word", word);
	return;
    }
    switch (inet_get(word)) {
    case WR_UNKNOWN:
	tcpd_warn("%s: no such process name in %s", word, inetcf_name());
	if ((near = inet_near(word)) != 0)
	    tcpd_warn("%s: did you mean %s? (a service in %s)", word, near,
		      inetcf_name());
	inet_set(word, WR_YES);			/* say it once */
	break;
    case WR_NOT:
	tcpd_warn("%s: service possibly not wrapped", word);
	inet_set(word, WR_YES);
	break;
    }
}

/* check_user - check the user part of user@host */
static void check_user(const char *word)
{
    if (check_name(word, "user") || STR_EQ(word, "ALL")
	|| STR_EQ(word, unknown) || STR_EQ(word, "KNOWN"))
	return;
    if (reserved_name(word))
	tcpd_warn("%s: user name may be reserved word", word);
}

/* check_daemon_list - check every word of a daemon list */
static void check_daemon_list(const char *list)
{
    char   *copy = xstrdup(list);
    char   *cursor = copy;
    char   *word;
    char   *host;
    int     daemons = 0;

    while ((word = wrap_list_next(&cursor)) != 0) {
	if (STR_EQ(word, "EXCEPT")) {
	    daemons = 0;
	    continue;
	}
	daemons++;
	check_comment_word(word);
	if ((host = split_at(word + 1, '@')) != 0 && check_host(host) > 1) {
	    tcpd_warn("host %s has more than one address", host);
	    tcpd_warn("(consider using an address instead)");
	}
	check_daemon(word);
    }
    if (daemons == 0)
	tcpd_warn("daemon list is empty or ends in EXCEPT");
    free(copy);
}

/* check_client_list - check every word of a client list */
static void check_client_list(const char *list)
{
    char   *copy = xstrdup(list);
    char   *cursor = copy;
    char   *word;
    char   *host;
    int     clients = 0;

    while ((word = wrap_list_next(&cursor)) != 0) {
	if (STR_EQ(word, "EXCEPT")) {
	    clients = 0;
	    continue;
	}
	clients++;
	if ((host = split_at(word + 1, '@')) != 0) {
	    check_comment_word(word);
	    check_user(word);
	    (void) check_host(host);
	} else {
	    (void) check_host(word);
	}
    }
    if (clients == 0)
	tcpd_warn("client list is empty or ends in EXCEPT");
    free(copy);
}

/*
 * unbracketed_ipv6 - is the word around offset "at" of text an IPv6
 * address that the field separator ":" has cut in two?
 */
static int unbracketed_ipv6(const char *text, size_t at, char **found)
{
    static const char separators[] = ", \t\r\n";
    struct in6_addr addr;
    size_t  start = at;
    size_t  end = at;
    char   *word;
    char   *cp;

    while (start > 0 && strchr(separators, text[start - 1]) == 0)
	start--;
    end += strcspn(text + end, separators);
    if ((word = strndup(text + start, end - start)) == 0)
	return (0);
    if ((cp = strrchr(word, '@')) != 0)		/* user@ or daemon@ */
	memmove(word, cp + 1, strlen(cp));
    word[strcspn(word, "/")] = 0;		/* /prefix */
    for (cp = word + strlen(word); cp > word + 1 && cp[-1] == ':' && cp[-2] != ':'; cp--)
	cp[-1] = 0;				/* a colon that ends a field */
    if (word[0] != '[' && strchr(word, ':') && wrap_parse_ipv6(word, strlen(word), &addr)) {
	*found = word;
	return (1);
    }
    free(word);
    return (0);
}

/*
 * check_unbracketed_ipv6 - the parser splits a rule at ":" outside
 * brackets, so an IPv6 address without brackets is cut apart. Put the
 * fields back together as they were and look at the words around the
 * two cuts.
 */
static void check_unbracketed_ipv6(const struct wrap_rule *rule)
{
    size_t  cuts[2];
    int     count = rule->options ? 2 : 1;
    char   *text;
    char   *found;
    int     i;

    if (asprintf(&text, "%s:%s%s%s", rule->daemons, rule->clients,
		 rule->options ? ":" : "", rule->options ? rule->options : "") < 0)
	return;
    cuts[0] = strlen(rule->daemons);
    cuts[1] = cuts[0] + 1 + strlen(rule->clients);
    for (i = 0; i < count; i++) {
	if (unbracketed_ipv6(text, cuts[i], &found)) {
	    tcpd_warn("%s: an IPv6 address must be written in [brackets]: "
		      "\":\" separates the fields of a rule", found);
	    free(found);
	    break;
	}
    }
    free(text);
}

/* check_option_comment - "#" in the option field is part of an option */
static void check_option_comment(const char *options)
{
    const char *cp;

    for (cp = strchr(options, '#'); cp; cp = strchr(cp + 1, '#')) {
	if (cp == options || isspace((unsigned char) cp[-1]) || cp[-1] == ':') {
	    tcpd_warn("\"#\" starts a comment only in the first column: "
		      "here it is part of an option");
	    return;
	}
    }
}

/*
 * The shadow lint. A rule can never decide anything when an earlier rule
 * of the same table matches every request that it matches: both lists of
 * the earlier rule are free of EXCEPT, each word of the later rule's
 * lists (before its first EXCEPT) is a word of the earlier rule's, or the
 * earlier list holds ALL, and the earlier rule has no aclexec (the only
 * option after which the scan may go on). Matching a word depends only
 * on the word and the request, so this is sound. Earlier rules are kept
 * in a hash index by client word, so big tables stay cheap.
 */
struct shadow_rule {
    int     line;
    char  **daemons;			/* words, 0-terminated */
    char  **clients;
    int     all_daemons;		/* daemon list holds ALL */
    int     all_clients;		/* client list holds ALL */
};

struct shadow_link {
    struct shadow_link *next;
    const char *word;			/* a client word of rule */
    struct shadow_rule *rule;
};

static struct shadow_link *shadow_index[SHADOW_BUCKETS];
static struct shadow_link *shadow_all_clients;	/* rules with ALL clients */
static struct shadow_link **shadow_all_tail = &shadow_all_clients;
static struct shadow_rule **shadow_rules;	/* every indexed rule */
static size_t shadow_count;

/* shadow_hash - bucket of a word */
static unsigned shadow_hash(const char *word)
{
    unsigned hash = 5381;

    while (*word)
	hash = hash * 33 + (unsigned char) *word++;
    return (hash % SHADOW_BUCKETS);
}

/* split_words - the words of a list up to its first EXCEPT; *except set */
static char **split_words(const char *list, int *except, int *all)
{
    char   *copy = xstrdup(list);
    char   *cursor = copy;
    char  **words = 0;
    size_t  count = 0;
    char   *word;

    *except = *all = 0;
    while ((word = wrap_list_next(&cursor)) != 0) {
	if (STR_EQ(word, "EXCEPT")) {
	    *except = 1;
	    break;
	}
	*all |= STR_EQ(word, "ALL");
	if ((words = realloc(words, (count + 2) * sizeof(*words))) == 0) {
	    fprintf(stderr, "out of memory\n");
	    exit(1);
	}
	words[count++] = xstrdup(word);
    }
    free(copy);
    if (words)
	words[count] = 0;
    return (words);
}

/* free_words - release what split_words made */
static void free_words(char **words)
{
    char  **wp;

    for (wp = words; wp && *wp; wp++)
	free(*wp);
    free(words);
}

/* free_rule - release a rule of the index */
static void free_rule(struct shadow_rule *rule)
{
    free_words(rule->daemons);
    free_words(rule->clients);
    free(rule);
}

/* has_word - is word one of words (exactly: netgroups are case-sensitive)? */
static int has_word(char **words, const char *word)
{
    for (; *words; words++)
	if (strcmp(*words, word) == 0)
	    return (1);
    return (0);
}

/* covers - does every word of later appear in earlier (or earlier has ALL)? */
static int covers(char **earlier, int earlier_all, char **later)
{
    if (earlier_all)
	return (1);
    for (; *later; later++)
	if (!has_word(earlier, *later))
	    return (0);
    return (1);
}

/* shadowed_by - the earliest shadowing rule among a chain, or 0 */
static const struct shadow_rule *shadowed_by(const struct shadow_link *link,
					              const char *word,
					              const struct shadow_rule *later,
					              const struct shadow_rule *best)
{
    for (; link; link = link->next) {
	if (best && link->rule->line >= best->line)
	    continue;
	if ((word == 0 || strcmp(link->word, word) == 0)
	    && covers(link->rule->daemons, link->rule->all_daemons, later->daemons)
	    && covers(link->rule->clients, link->rule->all_clients, later->clients))
	    best = link->rule;
    }
    return (best);
}

/* shadow_add - put a rule in the index */
static void shadow_add(struct shadow_rule *rule)
{
    struct shadow_link *link;
    struct shadow_rule **bigger;
    char  **wp;

    if ((bigger = realloc(shadow_rules, (shadow_count + 1) * sizeof(*bigger))) == 0) {
	fprintf(stderr, "out of memory\n");
	exit(1);
    }
    shadow_rules = bigger;
    shadow_rules[shadow_count++] = rule;
    for (wp = rule->clients; *wp; wp++) {
	if ((link = malloc(sizeof(*link))) == 0) {
	    fprintf(stderr, "out of memory\n");
	    exit(1);
	}
	link->word = *wp;
	link->rule = rule;
	if (rule->all_clients) {
	    link->next = 0;
	    *shadow_all_tail = link;
	    shadow_all_tail = &link->next;
	    return;
	}
	link->next = shadow_index[shadow_hash(*wp)];
	shadow_index[shadow_hash(*wp)] = link;
    }
}

/* shadow_reset - forget the rules of the previous table */
static void shadow_reset(void)
{
    struct shadow_link *link;
    struct shadow_link *next;
    size_t  i;

    for (i = 0; i <= SHADOW_BUCKETS; i++) {
	link = i < SHADOW_BUCKETS ? shadow_index[i] : shadow_all_clients;
	for (; link; link = next) {
	    next = link->next;
	    free(link);
	}
	if (i < SHADOW_BUCKETS)
	    shadow_index[i] = 0;
    }
    shadow_all_clients = 0;
    shadow_all_tail = &shadow_all_clients;
    for (i = 0; i < shadow_count; i++)
	free_rule(shadow_rules[i]);
    free(shadow_rules);
    shadow_rules = 0;
    shadow_count = 0;
}

/* check_shadow - warn when an earlier rule hides this one; then index it */
static void check_shadow(const struct wrap_rule *rule)
{
    struct shadow_rule *this = malloc(sizeof(*this));
    const struct shadow_rule *by;
    int     daemon_except;
    int     client_except;

    if (this == 0) {
	fprintf(stderr, "out of memory\n");
	exit(1);
    }
    this->line = rule->line;
    this->daemons = split_words(rule->daemons, &daemon_except, &this->all_daemons);
    this->clients = split_words(rule->clients, &client_except, &this->all_clients);
    if (this->daemons == 0 || this->clients == 0) {
	free_rule(this);
	return;
    }
    by = shadowed_by(shadow_index[shadow_hash(this->clients[0])],
		     this->clients[0], this, (struct shadow_rule *) 0);
    by = shadowed_by(shadow_all_clients, (char *) 0, this, by);
    if (by)
	tcpd_warn("rule can never match: line %d matches every request "
		  "that it matches", by->line);
    if (daemon_except || client_except
	|| (rule->options && strcasestr(rule->options, "aclexec") != 0)) {
	free_rule(this);
	return;
    }
    shadow_add(this);
}

/*
 * option_verdict - run a rule's options in a dry run: the verdict they
 * give (allow, deny, an error), else the table's default.
 */
static int option_verdict(char *options, struct request_info *request,
			          int verdict)
{
    switch (setjmp(tcpd_buf)) {
    case 0:
	break;
    case AC_PERMIT:
	return (1);
    default:
	return (0);
    }
    dry_run = 1;
    process_options(options, request);
    if (dry_run == 1 && verdict && allow_check)
	tcpd_warn("implicit \"allow\" at end of rule");
    return (verdict);
}

/* check_rule - check one rule of a table */
static void check_rule(struct wrap_rule *rule, struct request_info *request,
		               int default_verdict)
{
    int     verdict = default_verdict;

    if (hosts_access_verbose) {
	printf("\n>>> Rule %s line %d:\n", tcpd_context.file, tcpd_context.line);
	print_list("daemons:  ", rule->daemons);
	print_list("clients:  ", rule->clients);
    }
    check_unbracketed_ipv6(rule);
    check_daemon_list(rule->daemons);
    check_client_list(rule->clients);
    if (rule->options)
	check_option_comment(rule->options);
    check_shadow(rule);
    if (rule->options)
	verdict = option_verdict(rule->options, request, default_verdict);
    else if (default_verdict && allow_check)
	tcpd_warn("implicit \"allow\" at end of rule");
    if (hosts_access_verbose)
	printf("access:   %s\n", verdict ? "granted" : "denied");
}

/* check_table - check every rule of one table */
static void check_table(const char *path, struct request_info *request,
			        int default_verdict)
{
    struct wrap_table table;
    struct wrap_rule rule;

    if (wrap_table_open(&table, path) != WRAP_YES)
	return;					/* missing, or warned */
    while (wrap_table_next(&table, &rule) == WRAP_YES)
	check_rule(&rule, request, default_verdict);
    wrap_table_close(&table);
    shadow_reset();
}

/*
 * check_writers - warn when a table may be written by someone other than
 * root: a non-root owner or group with write permission. (World-writable
 * files and directories are check_path's warning.)
 */
static void check_writers(const char *path)
{
    struct stat st;
    const struct passwd *pw;
    const struct group *gr;

    if (stat(path, &st) < 0)
	return;
    if ((st.st_mode & 0200) && st.st_uid != 0) {
	if ((pw = getpwuid(st.st_uid)) != 0)
	    tcpd_warn("%s: writable by its owner %s, not only by root",
		      path, pw->pw_name);
	else
	    tcpd_warn("%s: writable by its owner (uid %lu), not only by root",
		      path, (unsigned long) st.st_uid);
    }
    if ((st.st_mode & 0020) && st.st_gid != 0) {
	if ((gr = getgrgid(st.st_gid)) != 0)
	    tcpd_warn("%s: writable by group %s", path, gr->gr_name);
	else
	    tcpd_warn("%s: writable by group %lu", path, (unsigned long) st.st_gid);
    }
}

/* main - check inetd.conf, then every rule of hosts.allow and hosts.deny */
int     main(int argc, char **argv)
{
    struct request_info request;
    struct stat st;
    const char *const *name;
    int     c;

    report_on_stdout();
    while ((c = getopt(argc, argv, "adi:v")) != -1) {
	switch (c) {
	case 'a':
	    allow_check = 1;
	    break;
	case 'd':
	    use_local_tables();
	    break;
	case 'i':
	    inetcf = optarg;
	    break;
	case 'v':
	    hosts_access_verbose++;
	    break;
	default:
	    usage(argv[0]);
	}
    }
    if (argc != optind)
	usage(argv[0]);

    check_real_daemon_dir();
    inetcf = inet_cfg(inetcf);
    if (hosts_access_verbose)
	printf("Using network configuration file: %s\n", inetcf_name());
    for (name = self_wrapped; *name; name++)
	inet_set(*name, WR_YES);
    (void) check_path(hosts_allow_table, &st);
    check_writers(hosts_allow_table);
    (void) check_path(hosts_deny_table, &st);
    check_writers(hosts_deny_table);

    /* A made-up request: options are checked against it, in a dry run. */
    request_init(&request,
		 RQ_DAEMON, "daemon_name",
		 RQ_SERVER_NAME, "server_hostname",
		 RQ_SERVER_ADDR, "server_addr",
		 RQ_USER, "user_name",
		 RQ_CLIENT_NAME, "client_hostname",
		 RQ_CLIENT_ADDR, "client_addr",
		 RQ_FILE, 1,
		 0);
    check_table(hosts_allow_table, &request, 1);
    check_table(hosts_deny_table, &request, 0);
    return (0);
}
