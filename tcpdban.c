/*
 * tcpdban - the one safe writer of ban lists: adds, removes, lists and
 * expires bans ("DAEMONS: ADDRESS" rules, banfile.c) in a table that tcpd
 * reads, for people and for tools such as fail2ban, which otherwise
 * append with "printf >>" and remove with "sed -i".
 *
 * usage: tcpdban [-f file] add [-d daemons] [-t duration] [-c comment] address...
 *        tcpdban [-f file] del [-d daemons] address...
 *        tcpdban [-f file] list
 *        tcpdban [-f file] expire
 *        tcpdban [-f file] batch [-s] [-d daemons] [-c comment] < steps
 *
 * Every input is checked before anything is touched: one bad address,
 * daemon list, duration or comment and nothing of the command is done
 * (exit 2). A change is made under an exclusive lock on a lock file
 * beside the table (never the table itself, which is replaced), so runs
 * take turns and none loses another's bans; the new table is written to
 * a temporary file in the same directory, given the old file's owner,
 * group, mode and extended attributes (an SELinux label among them),
 * synced, renamed over the old one, and the directory is synced. So a
 * reader sees the old table or the new one, whole, and a crash at any
 * moment leaves one or the other; the next run removes the temporary
 * files a killed run left. Lines that are not bans of ours stay byte for
 * byte where they are; bans whose moment has come are removed by every
 * add, del and expire. Each change goes to syslog. Exit status: 0 done,
 * 1 could not (I/O, lock), 2 bad usage or input.
 *
 * A batch is many adds and dels (lines "add ADDRESS [DURATION]", "del
 * ADDRESS" on standard input, banfile.c) made in one run and one
 * rewrite, for tools that get bans by the ten thousand (CrowdSec's
 * bouncer, contrib/crowdsec); with -s the batch is the whole list
 * (every other ban of the file is released), for a tool that starts
 * from the complete set of its decisions.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/xattr.h>

#include "wrap.h"
#include "banfile.h"

#define DEFAULT_FILE	HOSTS_DENY ".d/bans"
#define LOCK_SECONDS	60		/* longest wait for another run */
#define EXIT_DONE	0
#define EXIT_FAILED	1		/* I/O, lock */
#define EXIT_USAGE	2		/* bad usage or input */

enum command { ADD, DEL, LIST, EXPIRE, BATCH };
enum state { KEPT, ADDED, UPDATED, RELEASED, EXPIRED, MERGED };

/* What the command line (and standard input) asks for, all checked. */
struct order {
    enum command command;
    char   *daemons;			/* written form, or 0: ALL / any */
    long    seconds;			/* duration, or 0: permanent */
    char   *comment;			/* written form, or 0 */
    int     sync;			/* batch -s: the steps are the whole list */
    struct ban_step *steps;		/* the adds and dels, in order */
    size_t  count;
};

/* A ban: one line of the table in our own form, or one to append. */
struct entry {
    const char *raw;			/* its line in the old text, or 0 */
    size_t  len;			/* with its newline */
    struct ban ban;
    char   *line;			/* new text, or 0: raw stays */
    size_t  line_len;
    enum state state;
    int     touched;			/* added (again) by this run */
    size_t  next_same;			/* 1 + next entry of the address, or 0 */
};

/*
 * The table being changed. Only the lines that may matter are parsed:
 * every line for list and for bulk orders, else the lines that hold
 * "expires" (in any case) and those that may name an address of the
 * order: an IPv4 ban in any spelling the matcher reads alike holds the
 * plain dotted address (address.c refuses other spellings), an IPv6 one
 * holds a "[". Every other line stays as it is, unparsed.
 */
#define NEEDLES_MAX	16		/* orders with more parse every line */

struct table {
    const char *path;
    char   *dir;			/* its directory */
    char   *base;			/* its name in there */
    int     fd;				/* the old file, or -1: none */
    struct stat st;			/* its identity */
    struct wrap_text text;		/* its bytes */
    struct entry *entries;
    size_t  count;
    size_t  cap;
    size_t *buckets;			/* 1 + first entry of an address */
    size_t  mask;			/* buckets - 1 */
    time_t  now;
    int     parse_all;			/* parse every line */
    const char *needles[NEEDLES_MAX];	/* IPv4 addresses of the order */
    size_t  needle_lens[NEEDLES_MAX];
    size_t  needle_count;
    int     ipv6_needed;		/* the order names an IPv6 ban */
};

/* complain - say what went wrong on stderr and to syslog */
static void WRAP_PRINTF(1, 2) complain(const char *format, ...)
{
    va_list ap;
    char   *text;

    va_start(ap, format);
    if (vasprintf(&text, format, ap) < 0)
	text = 0;
    va_end(ap);
    fprintf(stderr, "tcpdban: %s\n", text ? text : format);
    syslog(LOG_ERR, "%s", text ? text : format);
    free(text);
}

/* report_stderr - the library's warnings, as ours */
static void report_stderr(int priority, const char *text)
{
    (void) priority;
    complain("%s", text);
}

/* usage - explain the command line; exit 2 */
static void usage(void)
{
    fprintf(stderr, "usage: tcpdban [-f file] add [-d daemons] [-t duration] "
	    "[-c comment] address...\n"
	    "       tcpdban [-f file] del [-d daemons] address...\n"
	    "       tcpdban [-f file] list\n"
	    "       tcpdban [-f file] expire\n"
	    "       tcpdban [-f file] batch [-s] [-d daemons] [-c comment] < steps\n"
	    "\t-f: the table (default %s)\n"
	    "\t-d: daemon list, as in the tables (default ALL)\n"
	    "\t-t: 90s, 30m, 12h, 7d, 2w or seconds (default: no end)\n"
	    "\t-c: a comment (why)\n"
	    "\taddress: 192.0.2.7, 2001:db8::1, 192.0.2.0/24, [2001:db8::]/32;\n"
	    "\t\"-\" reads addresses from standard input, one per line\n"
	    "\tsteps: lines \"add ADDRESS [DURATION]\" and \"del ADDRESS\", done in one\n"
	    "\t\trewrite; -s: they are the whole list (other bans are released)\n",
	    DEFAULT_FILE);
    exit(EXIT_USAGE);
}

/* visible - the text with every unprintable byte as \xHH; malloc'd */
static char *visible(const char *text)
{
    char   *shown = malloc(4 * strlen(text) + 1);
    char   *out = shown;

    if (shown == 0)
	return (0);
    for (; *text; text++) {
	if (*text >= ' ' && *text < 0x7f && *text != '\\')
	    *out++ = *text;
	else
	    out += sprintf(out, "\\x%02x", (unsigned char) *text);
    }
    *out = 0;
    return (shown);
}

/* refuse_input - complain about one input (where: "" or a place); exit 2 */
static void refuse_input(const char *where, const char *input, const char *why)
{
    char   *shown = visible(input);

    complain("%s\"%s\": %s (nothing done)", where, shown ? shown : "?", why);
    exit(EXIT_USAGE);
}

/* refuse_address - an address refused, with a hint if there is one; exit 2 */
static void refuse_address(const char *where, const char *input, const char *why,
			           const char *hint)
{
    char   *text;

    if (hint[0] == 0 || asprintf(&text, "%s: did you mean %s?", why, hint) < 0)
	refuse_input(where, input, why);
    refuse_input(where, input, text);		/* exits: text is not freed */
}

/* push_step - one more step of the order */
static void push_step(struct order *order, size_t *cap, const struct ban_step *step)
{
    if (order->count == *cap) {
	*cap = *cap ? 2 * *cap : 64;
	if ((order->steps = realloc(order->steps, *cap * sizeof(*step))) == 0) {
	    complain("out of memory");
	    exit(EXIT_FAILED);
	}
    }
    order->steps[order->count++] = *step;
}

/* add_address - check one address of an add or del and make it a step */
static void add_address(struct order *order, size_t *cap, const char *where,
			        const char *input)
{
    struct wrap_address address;
    struct ban_step step;

    if (wrap_canonical_address(input, &address) < 0)
	refuse_address(where, input, address.why, address.text);
    memset(&step, 0, sizeof(step));
    step.release = order->command == DEL;
    step.seconds = order->seconds;
    memcpy(step.address, address.text, sizeof(step.address));
    push_step(order, cap, &step);
}

/* add_step - check one line of a batch and add its step, if any */
static void add_step(struct order *order, size_t *cap, const char *where,
		             char *line, size_t len)
{
    struct ban_step step;
    const char *why;
    int     status;

    if ((status = ban_parse_step(line, len, &step, &why)) == 0)
	return;
    if (status > 0) {
	push_step(order, cap, &step);
	return;
    }
    line[strcspn(line, "\r\n")] = 0;
    refuse_address(where, line, why, step.address);
}

/*
 * read_input - addresses (add, del) or steps (batch) from standard input,
 * one per line, blanks around them ignored; empty lines and "#" lines
 * are skipped. No line length limit; a NUL byte is refused.
 */
static void read_input(struct order *order, size_t *cap)
{
    char   *line = 0;
    size_t  size = 0;
    ssize_t len;
    char    where[64];
    char   *start;
    char   *end;
    int     number = 0;

    while ((len = getline(&line, &size, stdin)) >= 0) {
	snprintf(where, sizeof(where), "standard input, line %d: ", ++number);
	if (strlen(line) != (size_t) len)
	    refuse_input(where, "", "a NUL byte");
	if (order->command == BATCH) {
	    add_step(order, cap, where, line, (size_t) len);
	    continue;
	}
	for (start = line; *start == ' ' || *start == '\t'; start++)
	     /* skip */ ;
	for (end = line + len; end > start && strchr(" \t\r\n", end[-1]); end--)
	     /* skip */ ;
	*end = 0;
	if (*start != 0 && *start != '#')
	    add_address(order, cap, where, start);
    }
    if (ferror(stdin)) {
	complain("standard input: %m");
	exit(EXIT_FAILED);
    }
    free(line);
}

/* command_of - the command named by a word; exit 2 if none */
static enum command command_of(const char *word)
{
    static const char *const names[] = {"add", "del", "list", "expire", "batch"};
    int     i;

    for (i = 0; i < 5; i++)
	if (strcmp(word, names[i]) == 0)
	    return ((enum command) i);
    usage();
    return (LIST);				/* not reached */
}

/* command_options - -d, -t and -c, where the command takes them */
static void command_options(int argc, char **argv, struct order *order)
{
    const char *options = order->command == ADD ? "+d:t:c:" :
	order->command == DEL ? "+d:" : order->command == BATCH ? "+sd:c:" : "+";
    const char *why;
    int     ch;

    optind = 0;					/* glibc: start afresh */
    while ((ch = getopt(argc, argv, options)) != -1) {
	if (ch == 'd') {
	    free(order->daemons);
	    if (ban_daemons(optarg, &order->daemons, &why) < 0)
		refuse_input("-d ", optarg, why);
	} else if (ch == 't') {
	    if (wrap_parse_duration(optarg, &order->seconds) < 0)
		refuse_input("-t ", optarg, "want 90s, 30m, 12h, 7d, 2w or seconds "
			     "(at most a century)");
	} else if (ch == 'c') {
	    free(order->comment);
	    order->comment = ban_comment(optarg);
	} else if (ch == 's') {
	    order->sync = 1;
	} else {
	    usage();
	}
    }
}

/* parse_order - the whole command line, checked; standard input read */
static const char *parse_order(int argc, char **argv, struct order *order)
{
    const char *path = DEFAULT_FILE;
    size_t  cap = 0;
    int     stdin_read = 0;
    int     ch;
    int     i;

    while ((ch = getopt(argc, argv, "+f:")) != -1) {
	if (ch != 'f' || *optarg == 0)
	    usage();
	path = optarg;
    }
    if (optind >= argc)
	usage();
    order->command = command_of(argv[optind]);
    argc -= optind;
    argv += optind;
    command_options(argc, argv, order);
    if ((order->command == ADD || order->command == DEL) != (optind < argc))
	usage();
    for (i = optind; i < argc; i++) {
	if (argv[i][0] != '-')
	    add_address(order, &cap, "", argv[i]);
	else if (argv[i][1] == 0 && stdin_read++ == 0)
	    read_input(order, &cap);
	else
	    usage();				/* options come first; one "-" */
    }
    if (order->command == BATCH)
	read_input(order, &cap);
    return (path);
}

/* hash - FNV-1a of an address, for the index of the table */
static size_t hash(const char *text)
{
    uint64_t h = 14695981039346656037ULL;

    for (; *text; text++)
	h = (h ^ (unsigned char) *text) * 1099511628211ULL;
    return ((size_t) h);
}

/* new_entry - room for one more entry; its index */
static size_t new_entry(struct table *table)
{
    if (table->count == table->cap) {
	table->cap = table->cap ? 2 * table->cap : 1024;
	if ((table->entries = realloc(table->entries,
				      table->cap * sizeof(*table->entries))) == 0) {
	    complain("out of memory");
	    exit(EXIT_FAILED);
	}
    }
    memset(table->entries + table->count, 0, sizeof(*table->entries));
    return (table->count++);
}

/* index_entry - make the ban of an entry findable by its address */
static void index_entry(struct table *table, size_t i)
{
    size_t *bucket;

    bucket = table->buckets + (hash(table->entries[i].ban.address) & table->mask);

    table->entries[i].next_same = *bucket;
    *bucket = i + 1;
}

/* parse_line - keep the line (len bytes, with its newline) as an entry
 * if it is a ban of ours */
static void parse_line(struct table *table, const char *line, size_t len)
{
    size_t  body = len - (line[len - 1] == '\n');
    struct entry *entry;
    struct ban ban;
    size_t  i;

    if (ban_parse_line(line, body, &ban) < 0)
	return;
    i = new_entry(table);			/* may move the entries */
    entry = table->entries + i;
    entry->raw = line;
    entry->len = len;
    entry->ban = ban;
}

/* consider_line - the physical line at start: parsed unless it continues
 * the line before (which ends in backslash-newline); where it ends */
static const char *consider_line(struct table *table, const char *start)
{
    const char *text = table->text.bytes;
    const char *end = text + table->text.size;
    const char *nl = memchr(start, '\n', (size_t) (end - start));
    const char *stop = nl ? nl + 1 : end;

    if (start - text < 2 || start[-2] != '\\')
	parse_line(table, start, (size_t) (stop - start));
    return (stop);
}

/*
 * The hits of a text, in order: every "expires" (in any case), every
 * IPv4 address of the order and, if it names an IPv6 ban, every "[" (the
 * lines that may matter, see struct table). Each kind of hit is searched
 * for on its own, and only from where the caller has got to, so that the
 * lines passed over are not searched again.
 */
#define HIT_KINDS	(NEEDLES_MAX + 3)

struct hits {
    const struct table *table;
    size_t  kind[HIT_KINDS];		/* the kinds with hits left */
    const char *next[HIT_KINDS];	/* the next hit of each */
    size_t  n;
};

/* expires_from - the first "expires" (in any case) at or after from whose
 * "x" is the byte x, or 0 */
static const char *expires_from(const char *from, const char *end, int x)
{
    const char *cp;

    for (cp = from + 1; cp < end && (cp = memchr(cp, x, (size_t) (end - cp))) != 0; cp++)
	if (end - cp >= 6 && strncasecmp(cp - 1, "expires", 7) == 0)
	    return (cp - 1);
    return (0);
}

/* hit_from - the first hit of kind k at or after from, or 0 */
static const char *hit_from(const struct table *table, size_t k, const char *from)
{
    const char *end = table->text.bytes + table->text.size;

    if (k < table->needle_count)
	return (memmem(from, (size_t) (end - from), table->needles[k], table->needle_lens[k]));
    if (k == NEEDLES_MAX)
	return (table->ipv6_needed ? memchr(from, '[', (size_t) (end - from)) : 0);
    if (k > NEEDLES_MAX)
	return (expires_from(from, end, "xX"[k - NEEDLES_MAX - 1]));
    return (0);					/* no such needle */
}

/* first_hits - the first hit of every kind that has one */
static void first_hits(struct hits *hits, const struct table *table)
{
    size_t  k;

    hits->table = table;
    hits->n = 0;
    for (k = 0; k < HIT_KINDS; k++) {
	if ((hits->next[hits->n] = hit_from(table, k, table->text.bytes)) != 0)
	    hits->kind[hits->n++] = k;
    }
}

/* next_hit - the first hit at or after from, or 0 */
static const char *next_hit(struct hits *hits, const char *from)
{
    const char *first = 0;
    size_t  i;

    for (i = 0; i < hits->n;) {
	if (hits->next[i] < from
	    && (hits->next[i] = hit_from(hits->table, hits->kind[i], from)) == 0) {
	    hits->n--;				/* none left: the last kind */
	    hits->kind[i] = hits->kind[hits->n];	/* takes its place */
	    hits->next[i] = hits->next[hits->n];
	    continue;
	}
	if (first == 0 || hits->next[i] < first)
	    first = hits->next[i];
	i++;
    }
    return (first);
}

/* warn_nul - say which line holds a NUL byte (kept as it is) */
static void warn_nul(const struct table *table, const char *nul)
{
    const char *cp;
    int     line = 1;

    for (cp = table->text.bytes; (cp = memchr(cp, '\n', (size_t) (nul - cp))) != 0;
	 cp++)
	line++;
    complain("%s, line %d: a NUL byte: tcpd reads nothing from there on "
	     "(fail closed); the line is kept", table->path, line);
}

/*
 * still_running - is at, the only hit of the line that ends at stop, an
 * "expires STAMP" written as tcpdban writes it, with STAMP after now?
 * Then the line needs no parsing: the stamps of wrap_parse_expiry() sort
 * as the moments they name, so the line is no expired ban; and a STAMP
 * that names no moment makes it no ban of ours. Either way it stays as
 * it is, as a parse would leave it. A big list of expiring bans is so
 * passed over for an order that names few addresses.
 */
static int still_running(const char *at, const char *stop, const char *now)
{
    const size_t key = sizeof("expires ") - 1;
    const size_t stamp = WRAP_EXPIRY_LENGTH;

    return ((size_t) (stop - at) >= key + stamp
	    && memcmp(at, "expires ", key) == 0
	    && (stop - at == (ptrdiff_t) (key + stamp) || strchr(" \t\r\n:", at[key + stamp]))
	    && memcmp(at + key, now, stamp) > 0);
}

/*
 * split_lines - the bans of ours in the old text: every line that may
 * matter is parsed, unless it continues the line before it or holds only
 * an expiry still running.
 */
static void split_lines(struct table *table)
{
    const char *text = table->text.bytes;
    const char *end = text + table->text.size;
    const char *line;
    const char *nul;
    const char *done = text;
    const char *hit;
    const char *after;
    const char *stop;
    char    now[WRAP_EXPIRY_LENGTH + 1];
    struct hits hits;

    if ((nul = memchr(text, 0, table->text.size)) != 0)
	warn_nul(table, nul);
    if (table->parse_all) {
	for (line = text; line < end;)
	    line = consider_line(table, line);
	return;
    }
    if (wrap_format_expiry(table->now, now, sizeof(now)) < 0)
	memset(now, '9', sizeof(now));		/* no line passed over */
    first_hits(&hits, table);
    while ((hit = next_hit(&hits, done)) != 0) {	/* the first of its line */
	stop = memchr(hit, '\n', (size_t) (end - hit));
	stop = stop ? stop + 1 : end;
	after = next_hit(&hits, hit + 1);
	if ((after == 0 || after >= stop) && still_running(hit, stop, now)) {
	    done = stop;
	    continue;
	}
	for (line = hit; line > text && line[-1] != '\n'; line--)
	     /* back to its start */ ;
	done = consider_line(table, line);
    }
}

/* choose_lines - what to parse, from the order (see struct table) */
static void choose_lines(struct table *table, const struct order *order)
{
    size_t  i;

    table->parse_all = order->command == LIST || order->sync
	|| order->count > NEEDLES_MAX;
    for (i = 0; i < order->count && !table->parse_all; i++) {
	if (order->steps[i].address[0] == '[') {
	    table->ipv6_needed = 1;
	} else {
	    table->needles[table->needle_count] = order->steps[i].address;
	    table->needle_lens[table->needle_count++] =
		strcspn(order->steps[i].address, "/");
	}
    }
}

/* build_index - the address index, with room for adds more bans */
static void build_index(struct table *table, size_t adds)
{
    size_t  size = 1024;
    size_t  i;

    while (size < 2 * (table->count + adds))
	size *= 2;
    if ((table->buckets = calloc(size, sizeof(size_t))) == 0) {
	complain("out of memory");
	exit(EXIT_FAILED);
    }
    table->mask = size - 1;
    for (i = 0; i < table->count; i++)
	index_entry(table, i);
}

#define READ_CHUNK	65536		/* read at a time once past the size */

/*
 * huge_text - room for a text of size bytes (and the first read's slack)
 * in huge pages, where the kernel gives them for the asking: a table of a
 * megabyte or more is read into fresh memory, and each of its 4 KiB pages
 * would cost a page fault (256 a megabyte; on the virtual machine of
 * bench/README.md each costs tens of microseconds, most of the time of a
 * change). Otherwise wrap_read_more() allocates as usual.
 */
static void huge_text(struct wrap_text *text, size_t size)
{
#ifdef MADV_HUGEPAGE
    const size_t huge = 2 << 20;		/* x86-64 and arm64 */
    size_t  cap = (size + READ_CHUNK + 1 + WRAP_TEXT_PAD + huge - 1) / huge * huge;
    void   *bytes;

    if (size < huge / 2 || posix_memalign(&bytes, huge, cap) != 0)
	return;
    (void) madvise(bytes, cap, MADV_HUGEPAGE);	/* a wish: no error */
    text->bytes = bytes;
    text->cap = cap;
#else
    (void) text;
    (void) size;
#endif
}

/*
 * read_table - the table's bytes and lines; 0, or -1 (said). A missing
 * table is an empty one. A symbolic link is refused: renaming the new
 * table over it would replace the link, not the file it names.
 */
static int read_table(struct table *table)
{
    struct stat st;

    table->fd = -1;
    if (lstat(table->path, &st) < 0) {
	if (errno == ENOENT)
	    return (0);
	complain("%s: %m", table->path);
	return (-1);
    }
    if (S_ISLNK(st.st_mode)) {
	complain("%s is a symbolic link: name the file itself", table->path);
	return (-1);
    }
    if (wrap_open_regular(table->path, &table->fd, &table->st) != WRAP_YES)
	return (-1);				/* said */
    huge_text(&table->text, (size_t) table->st.st_size);
    while (!table->text.eof)			/* the whole file at once, if it can */
	if (wrap_read_more(&table->text, table->fd, table->path,
			   (size_t) table->st.st_size >= table->text.size + READ_CHUNK ?
			   (size_t) table->st.st_size - table->text.size + 1 : READ_CHUNK) < 0)
	    return (-1);
    split_lines(table);
    return (0);
}

/* format_entry - give an entry the text of its (changed) ban */
static void format_entry(struct entry *entry)
{
    free(entry->line);
    if ((entry->line = ban_format(&entry->ban, &entry->line_len)) == 0) {
	complain("out of memory");
	exit(EXIT_FAILED);
    }
}

/* expire_bans - bans whose moment has come are removed */
static void expire_bans(struct table *table)
{
    struct entry *entry;
    size_t  i;

    for (i = 0; i < table->count; i++) {
	entry = table->entries + i;
	if (entry->state != EXPIRED && entry->ban.expires && entry->ban.until <= table->now)
	    entry->state = EXPIRED;
    }
}

/* live - is the entry a ban still in the table? */
static int live(const struct entry *entry)
{
    return (entry->state != EXPIRED && entry->state != RELEASED
	    && entry->state != MERGED);
}

/*
 * merge_ban - a ban added again: the later end wins (no end wins over
 * any), and the newer comment, if the add gives one; but the first add
 * of a whole list (batch -s) sets the end it gives. A duplicate line of
 * the same ban goes.
 */
static void merge_ban(struct entry *entry, const struct ban *ban, int exact)
{
    struct ban *old = &entry->ban;
    int     expires = exact ? ban->expires : old->expires && ban->expires;
    time_t  until = !expires ? 0 : exact || ban->until > old->until ? ban->until
	: old->until;

    if (expires == old->expires && (!expires || until == old->until)
	&& (ban->comment == 0 || (old->comment && strcmp(old->comment, ban->comment) == 0)))
	return;					/* nothing changes */
    old->expires = expires;
    old->until = until;
    if (ban->comment) {
	free(old->comment);
	if ((old->comment = strdup(ban->comment)) == 0) {
	    complain("out of memory");
	    exit(EXIT_FAILED);
	}
    }
    if (entry->state == KEPT)
	entry->state = UPDATED;
    format_entry(entry);
}

/* add_ban - one ban: merged into the same ban if there, else appended;
 * sync: the order is the whole list */
static void add_ban(struct table *table, const struct ban *ban, int sync)
{
    struct entry *entry;
    struct entry *first = 0;
    size_t  i;

    i = table->buckets[hash(ban->address) & table->mask];
    for (; i != 0; i = entry->next_same) {
	entry = table->entries + i - 1;
	if (!live(entry) || strcmp(entry->ban.address, ban->address) != 0
	    || !ban_same_daemons(entry->ban.daemons, ban->daemons))
	    continue;
	if (first == 0) {
	    merge_ban(first = entry, ban, sync && !entry->touched);
	    entry->touched = 1;
	} else {
	    entry->state = MERGED;
	}
    }
    if (first)
	return;
    i = new_entry(table);			/* may move the entries */
    entry = table->entries + i;
    entry->state = ADDED;
    entry->touched = 1;
    entry->ban = *ban;
    if ((entry->ban.daemons = strdup(ban->daemons)) == 0
	|| (ban->comment && (entry->ban.comment = strdup(ban->comment)) == 0)) {
	complain("out of memory");
	exit(EXIT_FAILED);
    }
    format_entry(entry);
    index_entry(table, i);
}

/* del_ban - every ban of the address (for the daemons, if given) goes */
static void del_ban(struct table *table, const char *address, const char *daemons)
{
    struct entry *entry;
    size_t  i;

    for (i = table->buckets[hash(address) & table->mask]; i; i = entry->next_same) {
	entry = table->entries + i - 1;
	if (live(entry) && strcmp(entry->ban.address, address) == 0
	    && (daemons == 0 || ban_same_daemons(entry->ban.daemons, daemons)))
	    entry->state = RELEASED;
    }
}

/* release_untouched - batch -s: every ban the steps did not add goes */
static void release_untouched(struct table *table)
{
    struct entry *entry;
    size_t  i;

    for (i = 0; i < table->count; i++) {
	entry = table->entries + i;
	if (live(entry) && !entry->touched)
	    entry->state = RELEASED;
    }
}

/* apply - the steps, in order, after the bans whose moment has come went */
static void apply(struct table *table, const struct order *order)
{
    static char all[] = "ALL";
    const struct ban_step *step;
    struct ban ban;
    size_t  i;

    expire_bans(table);
    memset(&ban, 0, sizeof(ban));
    ban.daemons = order->daemons ? order->daemons : all;
    ban.comment = order->comment;
    for (i = 0; i < order->count; i++) {
	step = order->steps + i;
	if (step->release) {
	    del_ban(table, step->address, order->daemons);
	} else {
	    memcpy(ban.address, step->address, sizeof(ban.address));
	    ban.expires = step->seconds > 0;
	    ban.until = table->now + step->seconds;
	    add_ban(table, &ban, order->sync);
	}
    }
    if (order->sync)
	release_untouched(table);
}

/* changed - does the table change? */
static int changed(const struct table *table)
{
    size_t  i;

    for (i = 0; i < table->count; i++)
	if (table->entries[i].state != KEPT)
	    return (1);
    return (0);
}

/*
 * The new text is not copied together: it is a list of pieces (runs of
 * the old text, lines of changed and new bans) written with writev(), so
 * a big table costs one read and one write, not a copy in between.
 */
struct pieces {
    struct iovec *iov;
    size_t  count;
    size_t  cap;
    char    tail[2];			/* the last two bytes so far */
};

/* piece - add n bytes to the new text */
static void piece(struct pieces *pieces, const char *bytes, size_t n)
{
    if (n == 0)
	return;
    if (pieces->count == pieces->cap) {
	pieces->cap = pieces->cap ? 2 * pieces->cap : 256;
	if ((pieces->iov = realloc(pieces->iov, pieces->cap * sizeof(*pieces->iov))) == 0) {
	    complain("out of memory");
	    exit(EXIT_FAILED);
	}
    }
    pieces->iov[pieces->count].iov_base = (void *) bytes;
    pieces->iov[pieces->count++].iov_len = n;
    pieces->tail[0] = n > 1 ? bytes[n - 2] : pieces->tail[1];
    pieces->tail[1] = bytes[n - 1];
}

/* separate - before the first new ban: a newline if the text lacks one,
 * and an empty line if it ends in backslash-newline (which would join
 * the ban to the line before it) */
static void separate(struct pieces *pieces)
{
    if (pieces->count > 0 && pieces->tail[1] != '\n')
	piece(pieces, "\n", 1);
    if (pieces->count > 0 && pieces->tail[0] == '\\')
	piece(pieces, "\n", 1);
}

/*
 * render - the new text: every other line as it was, changed bans
 * rewritten, removed ones left out, new ones at the end.
 */
static void render(const struct table *table, struct pieces *pieces)
{
    const struct entry *entry;
    const char *text = table->text.bytes;
    size_t  pos = 0;
    size_t  i;

    memset(pieces, 0, sizeof(*pieces));
    for (i = 0; i < table->count; i++) {
	entry = table->entries + i;
	if (entry->raw == 0) {
	    if (i == 0 || table->entries[i - 1].raw != 0) {
		piece(pieces, text + pos, table->text.size - pos);
		pos = table->text.size;
		separate(pieces);
	    }
	} else {
	    piece(pieces, text + pos, (size_t) (entry->raw - text) - pos);
	    pos = (size_t) (entry->raw - text) + entry->len;
	}
	if (!live(entry))
	    continue;
	if (entry->line)
	    piece(pieces, entry->line, entry->line_len);
	else
	    piece(pieces, entry->raw, entry->len);
    }
    piece(pieces, text + pos, table->text.size - pos);
}

/* write_pieces - write the whole new text; 0, or -1 (errno set) */
static int write_pieces(int fd, struct pieces *pieces)
{
    struct iovec *iov = pieces->iov;
    size_t  left = pieces->count;
    ssize_t done;

    while (left > 0) {
	if ((done = writev(fd, iov, left < IOV_MAX ? (int) left : IOV_MAX)) < 0) {
	    if (errno == EINTR)
		continue;
	    return (-1);
	}
	for (; left > 0 && (size_t) done >= iov->iov_len; iov++, left--)
	    done -= (ssize_t) iov->iov_len;
	if (left > 0) {				/* a short write: the rest */
	    iov->iov_base = (char *) iov->iov_base + done;
	    iov->iov_len -= (size_t) done;
	}
    }
    return (0);
}

/* copy_attribute - one extended attribute of from onto to; 0 or -1 */
static int copy_attribute(int from, int to, const char *name)
{
    ssize_t size;
    ssize_t have;
    char   *value;
    char   *current;
    int     status = -1;
    int     saved;

    if ((size = fgetxattr(from, name, 0, 0)) < 0
	|| (value = malloc((size_t) size + 1)) == 0)
	return (-1);
    if ((size = fgetxattr(from, name, value, (size_t) size)) >= 0) {
	if (fsetxattr(to, name, value, (size_t) size, 0) == 0) {
	    status = 0;
	} else if ((saved = errno, current = malloc((size_t) size + 1)) != 0) {
	    /* A label the new file was given already is fine. */
	    have = fgetxattr(to, name, current, (size_t) size + 1);
	    status = have == size && memcmp(current, value, (size_t) size) == 0 ? 0 : -1;
	    free(current);
	    errno = saved;			/* why it could not be set */
	}
    }
    free(value);
    return (status);
}

/* copy_attributes - every extended attribute of from onto to; 0 or -1 */
static int copy_attributes(int from, int to, const char *path)
{
    ssize_t size;
    char   *names;
    char   *name;

    if ((size = flistxattr(from, 0, 0)) < 0)
	return (errno == ENOTSUP ? 0 : -1);
    if ((names = malloc((size_t) size + 1)) == 0)
	return (-1);
    if ((size = flistxattr(from, names, (size_t) size)) < 0) {
	free(names);
	return (-1);
    }
    for (name = names; name < names + size; name += strlen(name) + 1) {
	if (copy_attribute(from, to, name) < 0) {
	    complain("%s: cannot give the new table the attribute %s: %m", path, name);
	    free(names);
	    return (-1);
	}
    }
    free(names);
    return (0);
}

/* dress - give the new file the old one's owner, group, mode and
 * attributes; a new table is mode 0644. 0 or -1 (said) */
static int dress(const struct table *table, int fd, const char *temp)
{
    if (table->fd < 0) {
	if (fchmod(fd, 0644) == 0)
	    return (0);
	complain("%s: cannot make it mode 0644: %m", temp);
	return (-1);
    }
    if (fchown(fd, table->st.st_uid, table->st.st_gid) < 0
	|| fchmod(fd, table->st.st_mode & 07777) < 0) {
	complain("%s: cannot give the new table the owner and mode of %s: %m",
		 temp, table->path);
	return (-1);
    }
    return (copy_attributes(table->fd, fd, table->path));
}

/* temp_name - "DIR/.BASE.tmp.XXXXXX" (a "." in it: no reader takes it) */
static char *temp_name(const struct table *table)
{
    char   *name;

    if (asprintf(&name, "%s/.%s.tmp.XXXXXX", table->dir, table->base) < 0) {
	complain("out of memory");
	exit(EXIT_FAILED);
    }
    return (name);
}

/* sync_dir - make the rename durable; 0 or -1 */
static int sync_dir(const char *dir)
{
    int     fd;
    int     status;

    if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
	return (-1);
    status = fsync(fd);
    close(fd);
    return (status);
}

/*
 * replace - the new text in place of the old file: temp file, dressed,
 * written, synced, renamed over, directory synced. 0; -1 (said) with the
 * old file untouched and no temp file left; 1 (said) with the new table
 * in place but its directory not synced.
 */
static int replace(const struct table *table, struct pieces *pieces)
{
    char   *temp = temp_name(table);
    int     fd;
    int     status = -1;

    if ((fd = mkostemp(temp, O_CLOEXEC)) < 0) {
	complain("%s: cannot create a temporary file: %m (%s unchanged)",
		 table->dir, table->path);
	free(temp);
	return (-1);
    }
    if (dress(table, fd, temp) < 0) {
	/* said */ ;
    } else if (write_pieces(fd, pieces) < 0 || fsync(fd) < 0) {
	complain("%s: cannot write the new table: %m (%s unchanged)", temp, table->path);
    } else if (close(fd) < 0 || (fd = -1, rename(temp, table->path)) < 0) {
	complain("%s: cannot replace it: %m (unchanged)", table->path);
    } else {
	free(temp);
	if (sync_dir(table->dir) == 0)
	    return (0);
	complain("%s: replaced, but its directory %s could not be synced: %m "
		 "(a crash may bring the old table back)", table->path, table->dir);
	return (1);
    }
    if (fd >= 0)
	close(fd);
    unlink(temp);
    free(temp);
    return (status);
}

/* when_text - a moment in ISO 8601 extended form (UTC), or "never" */
static const char *when_text(const struct ban *ban, char *text, size_t size)
{
    struct tm tm;

    if (!ban->expires)
	return ("never");
    if (gmtime_r(&ban->until, &tm) == 0
	|| strftime(text, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
	snprintf(text, size, "%lld", (long long) ban->until);
    return (text);
}

/*
 * Changes go to syslog one line per change, except that changes of the
 * same kind, daemons, end and comment that follow each other in the
 * table (a bulk add) share a line, with up to LOG_ADDRESSES bytes of
 * addresses: a hundred thousand bans make a few thousand lines, not a
 * hundred thousand, and no line is longer than syslog daemons keep.
 */
#define LOG_ADDRESSES	640

/* same_change - may two changes share a line of the log? */
static int same_change(const struct entry *one, const struct entry *other)
{
    const struct ban *a = &one->ban;
    const struct ban *b = &other->ban;

    return (one->state == other->state && strcmp(a->daemons, b->daemons) == 0
	    && a->expires == b->expires && (!a->expires || a->until == b->until)
	    && (a->comment == 0) == (b->comment == 0)
	    && (a->comment == 0 || strcmp(a->comment, b->comment) == 0));
}

/* log_change - one change, for the addresses given, to syslog */
static void log_change(const struct table *table, const struct entry *entry,
		               const char *addresses)
{
    const struct ban *ban = &entry->ban;
    char    when[64];
    const char *comment = ban->comment ? ban->comment : "";
    const char *open = ban->comment ? " (" : "";
    const char *close = ban->comment ? ")" : "";

    (void) when_text(ban, when, sizeof(when));
    if (entry->state == ADDED || entry->state == UPDATED)
	syslog(LOG_NOTICE, "%s %s for %s %s%s%s%s%s in %s",
	       entry->state == ADDED ? "banned" : "ban renewed:", addresses,
	       ban->daemons, ban->expires ? "until " : "permanently",
	       ban->expires ? when : "", open, comment, close, table->path);
    else if (entry->state == RELEASED)
	syslog(LOG_NOTICE, "released %s for %s in %s", addresses, ban->daemons,
	       table->path);
    else if (entry->state == EXPIRED)
	syslog(LOG_INFO, "ban of %s for %s ended at %s: removed from %s",
	       addresses, ban->daemons, when, table->path);
    else if (entry->state == MERGED)
	syslog(LOG_INFO, "duplicate ban of %s for %s merged in %s", addresses,
	       ban->daemons, table->path);
}

/* log_changes - every change of the run to syslog */
static void log_changes(const struct table *table)
{
    char    addresses[LOG_ADDRESSES + WRAP_ADDRESS_MAX + 1];
    const struct entry *first = 0;
    const struct entry *entry;
    size_t  len = 0;
    size_t  i;

    for (i = 0; i < table->count; i++) {
	entry = table->entries + i;
	if (entry->state == KEPT)
	    continue;
	if (first && (!same_change(first, entry) || len > LOG_ADDRESSES)) {
	    log_change(table, first, addresses);
	    first = 0;
	}
	if (first == 0) {
	    first = entry;
	    len = 0;
	} else {
	    addresses[len++] = ' ';
	}
	len = (size_t) (stpcpy(addresses + len, entry->ban.address) - addresses);
    }
    if (first)
	log_change(table, first, addresses);
}

/* split_path - the directory and name of the table */
static void split_path(struct table *table)
{
    const char *slash = strrchr(table->path, '/');

    table->dir = slash == 0 ? strdup(".") : slash == table->path ? strdup("/")
	: strndup(table->path, (size_t) (slash - table->path));
    table->base = strdup(slash ? slash + 1 : table->path);
    if (table->dir == 0 || table->base == 0) {
	complain("out of memory");
	exit(EXIT_FAILED);
    }
    if (*table->base == 0) {
	complain("%s: names a directory, not a table", table->path);
	exit(EXIT_USAGE);
    }
}

/* make_dir - the table's directory, made (0755) if missing; 0 or -1 */
static int make_dir(const struct table *table)
{
    if (mkdir(table->dir, 0755) == 0 || errno == EEXIST)
	return (0);
    complain("cannot make the directory %s: %m", table->dir);
    return (-1);
}

/* on_alarm - interrupts a wait for the lock */
static void on_alarm(int sig)
{
    (void) sig;
}

/*
 * lock_table - take the lock: DIR/.BASE.lock (a "." in it: no reader
 * takes it; tcpdchk knows the name, wrap_dropin_is_lock), never removed,
 * so every run locks the same file. Waits
 * LOCK_SECONDS at most. The descriptor, -1 (said), or -2 when the
 * directory does not exist (nothing to change).
 */
static int lock_table(const struct table *table)
{
    struct sigaction sa;
    char   *path;
    int     fd;
    int     missing;

    if (asprintf(&path, "%s/.%s.lock", table->dir, table->base) < 0) {
	complain("out of memory");
	exit(EXIT_FAILED);
    }
    if ((fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0) {
	missing = (errno == ENOENT);
	if (!missing)
	    complain("%s: %m", path);
	free(path);
	return (missing ? -2 : -1);
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;			/* no SA_RESTART */
    sigaction(SIGALRM, &sa, 0);
    alarm(LOCK_SECONDS);
    if (flock(fd, LOCK_EX) < 0) {
	if (errno == EINTR)
	    complain("%s: another run held it for %d seconds", path, LOCK_SECONDS);
	else
	    complain("%s: cannot lock it: %m", path);
	close(fd);
	fd = -1;
    }
    alarm(0);
    free(path);
    return (fd);
}

/* remove_stale - temp files that a killed run left (we hold the lock) */
static void remove_stale(const struct table *table)
{
    struct dirent *ent;
    char   *prefix;
    size_t  len;
    DIR    *dir;

    if ((dir = opendir(table->dir)) == 0)
	return;
    if (asprintf(&prefix, ".%s.tmp.", table->base) < 0) {
	closedir(dir);
	return;
    }
    len = strlen(prefix);
    while ((ent = readdir(dir)) != 0) {
	if (strncmp(ent->d_name, prefix, len) == 0 && strlen(ent->d_name) == len + 6
	    && unlinkat(dirfd(dir), ent->d_name, 0) < 0)
	    complain("%s/%s: cannot remove a stale temporary file: %m",
		     table->dir, ent->d_name);
    }
    free(prefix);
    closedir(dir);
}

/* list_bans - every ban of the table, one per line, tab-separated */
static int list_bans(struct table *table)
{
    const struct ban *ban;
    char    when[64];
    size_t  i;

    if (read_table(table) < 0)
	return (EXIT_FAILED);
    for (i = 0; i < table->count; i++) {
	ban = &table->entries[i].ban;
	printf("%s\t%s\t%s\t%s\n", ban->address, ban->daemons,
	       when_text(ban, when, sizeof(when)), ban->comment ? ban->comment : "");
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
	complain("standard output: %m");
	return (EXIT_FAILED);
    }
    return (EXIT_DONE);
}

/* change_bans - add, del or expire, under the lock */
static int change_bans(struct table *table, const struct order *order)
{
    struct pieces pieces;
    int     lock;
    int     status;

    if ((order->command == ADD || order->command == BATCH) && make_dir(table) < 0)
	return (EXIT_FAILED);
    if ((lock = lock_table(table)) == -2)
	return (EXIT_DONE);			/* no directory: no bans */
    if (lock < 0)
	return (EXIT_FAILED);
    remove_stale(table);
    if (read_table(table) < 0)
	return (EXIT_FAILED);
    build_index(table, order->count);
    apply(table, order);
    if (!changed(table))
	return (EXIT_DONE);
    render(table, &pieces);
    status = replace(table, &pieces);
    free(pieces.iov);
    close(lock);
    if (status < 0)
	return (EXIT_FAILED);
    log_changes(table);
    return (status == 0 ? EXIT_DONE : EXIT_FAILED);
}

/* free_all - release what the run holds (so leak checkers see no leak) */
static void free_all(struct order *order, struct table *table)
{
    size_t  i;

    free(order->steps);
    free(order->daemons);
    free(order->comment);
    for (i = 0; i < table->count; i++) {
	ban_free(&table->entries[i].ban);
	free(table->entries[i].line);
    }
    free(table->entries);
    free(table->buckets);
    free(table->text.bytes);
    free(table->dir);
    free(table->base);
    if (table->fd >= 0)
	close(table->fd);
}

/* main - check everything given, then do it */
int     main(int argc, char **argv)
{
    struct order order;
    struct table table;
    int     status;

    umask(022);
    openlog("tcpdban", LOG_PID, FACILITY);
    wrap_report_to(report_stderr);
    memset(&order, 0, sizeof(order));
    memset(&table, 0, sizeof(table));
    table.path = parse_order(argc, argv, &order);
    table.now = time((time_t *) 0);
    choose_lines(&table, &order);
    split_path(&table);
    if (order.command == LIST)
	status = list_bans(&table);
    else
	status = change_bans(&table, &order);
    free_all(&order, &table);
    closelog();
    return (status);
}
