/*
 * limitstate.c - the shared counts behind the per_source and rate options
 * (limits.c): one file of fixed size, opened by every process that
 * checks the tables, so that tcpd processes and daemons that link the
 * library count together. A check reads the few entries it needs with
 * pread() and writes back the one it changed, under the lock: the file
 * is not mapped, because a one-shot process such as tcpd would pay a
 * page fault for every page it touches (here, 70 to 250 us each, more
 * than the whole check costs with two reads and two writes).
 *
 * The file is trusted only when it cannot have been planted: its
 * directory is a real directory owned by root and writable by root
 * alone, the file is a regular file (never followed through a symbolic
 * link) owned by root, mode 0600, with one link, and exactly the size
 * and header we write. Anything else is refused with the reason, and the
 * caller serves the connection without limits (a limit protects against
 * overload; it is not an access rule).
 *
 * Inside: a header, then WRAP_LIMIT_ENTRIES entries in an open-addressing
 * hash table. An entry is one limit of one rule for one source network,
 * found by a 64-bit key: SipHash-2-4 of the rule's identity and the
 * network under a secret drawn when the file is made, so that a client
 * who picks its addresses cannot aim them at another client's entry.
 * A key looks at a window of WRAP_LIMIT_PROBE entries; a new source takes
 * a free one, else the least recently seen idle one (no process holding
 * a slot): a flood of distinct sources recycles entries and never grows
 * the file. Every change happens under a POSIX record lock on the
 * file (fcntl: per process, so a lock is never shared by a forked child,
 * and released when the process dies).
 *
 * Concurrency: an entry keeps up to WRAP_LIMIT_SLOTS slots, each the pid
 * and start time (field 22 of /proc/PID/stat, its low 32 bits) of a
 * process that was admitted; a slot is alive while that process is. Dead
 * slots are found lazily, when a source is at its limit or an entry is
 * wanted for another source, so the common check reads no /proc file but
 * the caller's own. Rates: counts in fixed windows of SECONDS (numbered
 * from boot); a connection is let in while fewer than N were let in
 * during the current window and the one before together. Any window of
 * SECONDS lies within two such windows, so none ever sees more than N,
 * with two counts per source; the price is that a source that used its
 * N waits one to two windows, not exactly one.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wrap.h"

#define STATE_MAGIC	"tcpdlim1"

struct limit_entry {
    uint64_t key;			/* 0: free */
    int64_t seen_ms;			/* last asked about (LRU) */
    int64_t window;			/* rate: the current window's number */
    uint32_t current;			/* rate: let in during that window */
    uint32_t previous;			/* ... and during the one before */
    uint32_t n_slots;			/* concurrency: slots in use */
    uint32_t spare;
    int32_t pid[WRAP_LIMIT_SLOTS];
    uint32_t start[WRAP_LIMIT_SLOTS];
};

struct limit_header {
    char    magic[8];
    uint32_t entries;			/* WRAP_LIMIT_ENTRIES */
    uint32_t entry_size;		/* sizeof(struct limit_entry) */
    uint64_t secret[2];			/* the SipHash key */
    uint64_t evictions;			/* entries taken from another source */
    uint64_t unplaced;			/* sources left untracked: no idle entry */
    uint64_t spare[2];
};

struct wrap_limit_state {
    int     fd;
    struct limit_header header;		/* as read when opened */
};

#define STATE_SIZE	(sizeof(struct limit_header) \
			 + (size_t) WRAP_LIMIT_ENTRIES * sizeof(struct limit_entry))

/* One entry read, where it lives in the file, and whether it changed. */
struct entry_copy {
    struct limit_entry e;
    uint32_t index;
};

/* rotl - rotate left, for SipHash */
static uint64_t rotl(uint64_t x, int b)
{
    return ((x << b) | (x >> (64 - b)));
}

/* sip_round - one SipHash round */
static void sip_round(uint64_t v[4])
{
    v[0] += v[1];
    v[1] = rotl(v[1], 13) ^ v[0];
    v[0] = rotl(v[0], 32);
    v[2] += v[3];
    v[3] = rotl(v[3], 16) ^ v[2];
    v[0] += v[3];
    v[3] = rotl(v[3], 21) ^ v[0];
    v[2] += v[1];
    v[1] = rotl(v[1], 17) ^ v[2];
    v[2] = rotl(v[2], 32);
}

/* siphash - SipHash-2-4 of len bytes under a 128-bit key */
static uint64_t siphash(const uint64_t key[2], const unsigned char *in, size_t len)
{
    uint64_t v[4] = {key[0] ^ 0x736f6d6570736575ULL, key[1] ^ 0x646f72616e646f6dULL,
	key[0] ^ 0x6c7967656e657261ULL, key[1] ^ 0x7465646279746573ULL};
    uint64_t m;
    size_t  i;
    size_t  j;

    for (i = 0; i + 8 <= len; i += 8) {
	for (m = 0, j = 0; j < 8; j++)
	    m |= (uint64_t) in[i + j] << (8 * j);
	v[3] ^= m;
	sip_round(v);
	sip_round(v);
	v[0] ^= m;
    }
    for (m = (uint64_t) len << 56, j = 0; i + j < len; j++)
	m |= (uint64_t) in[i + j] << (8 * j);
    v[3] ^= m;
    sip_round(v);
    sip_round(v);
    v[0] ^= m;
    v[2] ^= 0xff;
    for (i = 0; i < 4; i++)
	sip_round(v);
    return (v[0] ^ v[1] ^ v[2] ^ v[3]);
}

/* lock - take (F_WRLCK) or drop (F_UNLCK) the lock on the whole file */
static int lock(int fd, short type)
{
    struct flock fl;

    memset(&fl, 0, sizeof(fl));
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    while (fcntl(fd, F_SETLKW, &fl) < 0)
	if (errno != EINTR)
	    return (-1);
    return (0);
}

/* check_directory - the directory of path is root's alone; made if missing */
static const char *check_directory(const char *path)
{
    char   *dir;
    char   *slash;
    struct stat st;
    const char *why = 0;

    if ((dir = strdup(path)) == 0)
	return ("out of memory");
    if ((slash = strrchr(dir, '/')) != 0 && slash != dir)
	*slash = 0;
    else
	strcpy(dir, "/");
    if (lstat(dir, &st) < 0 && (errno != ENOENT || mkdir(dir, 0755) < 0
				|| lstat(dir, &st) < 0))
	why = "its directory cannot be read";
    else if (!S_ISDIR(st.st_mode))
	why = "its directory is not a directory (a symbolic link?)";
    else if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
	why = "its directory is not root's alone (owner root, not group or world writable)";
    free(dir);
    return (why);
}

/* check_file - an open state file is root's, mode 0600, one link */
static const char *check_file(int fd, struct stat *st)
{
    if (fstat(fd, st) < 0)
	return ("cannot fstat");
    if (!S_ISREG(st->st_mode))
	return ("not a regular file");
    if (st->st_uid != 0)
	return ("not owned by root");
    if ((st->st_mode & 07777) != 0600)
	return ("mode is not 0600");
    if (st->st_nlink != 1)
	return ("has more than one link");
    return (0);
}

/* init_file - give a new (empty) state file its size and header; locked */
static const char *init_file(int fd)
{
    struct limit_header header;

    memset(&header, 0, sizeof(header));
    memcpy(header.magic, STATE_MAGIC, sizeof(header.magic));
    header.entries = WRAP_LIMIT_ENTRIES;
    header.entry_size = sizeof(struct limit_entry);
    if (getrandom(header.secret, sizeof(header.secret), 0) != sizeof(header.secret))
	return ("no random bytes for its secret");
    if (ftruncate(fd, (off_t) STATE_SIZE) < 0
	|| pwrite(fd, &header, sizeof(header), 0) != (ssize_t) sizeof(header))
	return ("cannot be written");
    return (0);
}

/* entry_offset - where entry i is in the file */
static off_t entry_offset(uint32_t i)
{
    return ((off_t) (sizeof(struct limit_header) + (size_t) i * sizeof(struct limit_entry)));
}

/* header_ours - is this the header we write? */
static int header_ours(const struct limit_header *header)
{
    return (memcmp(header->magic, STATE_MAGIC, sizeof(header->magic)) == 0
	    && header->entries == WRAP_LIMIT_ENTRIES
	    && header->entry_size == sizeof(struct limit_entry));
}

/* read_header - check the size, make a new file, read and check the header */
static const char *read_header(struct wrap_limit_state *state)
{
    struct stat st;
    const char *why;

    /* A whole file's header never changes but for its counters. */
    if (check_file(state->fd, &st) == 0 && st.st_size == (off_t) STATE_SIZE
	&& pread(state->fd, &state->header, sizeof(state->header), 0)
	== (ssize_t) sizeof(state->header) && header_ours(&state->header))
	return (0);
    if (lock(state->fd, F_WRLCK) < 0)
	return ("cannot be locked");
    /* A file just made is 0600 whatever the umask. */
    if (fstat(state->fd, &st) == 0 && st.st_size == 0 && st.st_uid == 0
	&& S_ISREG(st.st_mode) && fchmod(state->fd, 0600) < 0)
	why = "cannot be made mode 0600";
    else if ((why = check_file(state->fd, &st)) == 0 && st.st_size == 0)
	why = init_file(state->fd);
    else if (why == 0 && st.st_size != (off_t) STATE_SIZE)
	why = "has the wrong size";
    if (why == 0 && pread(state->fd, &state->header, sizeof(state->header), 0)
	!= (ssize_t) sizeof(state->header))
	why = "cannot be read";
    (void) lock(state->fd, F_UNLCK);
    if (why == 0 && !header_ours(&state->header))
	why = "has a header that is not ours";
    return (why);
}

/*
 * wrap_limit_state_open - the state file at path, made if missing; 0
 * with *why set when it cannot be trusted or kept.
 */
struct wrap_limit_state *wrap_limit_state_open(const char *path, const char **why)
{
    struct wrap_limit_state *state;

    if ((*why = check_directory(path)) != 0)
	return (0);
    if ((state = calloc(1, sizeof(*state))) == 0) {
	*why = "out of memory";
	return (0);
    }
    state->fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
    if (state->fd < 0) {
	*why = errno == ELOOP ? "is a symbolic link" : geteuid() != 0 ?
	    "cannot be opened (not root)" : "cannot be opened";
    } else if ((*why = read_header(state)) == 0) {
	return (state);
    }
    if (state->fd >= 0)
	close(state->fd);
    free(state);
    return (0);
}

/* wrap_limit_state_close - close */
void    wrap_limit_state_close(struct wrap_limit_state *state)
{
    close(state->fd);
    free(state);
}

/*
 * wrap_process_start - the start time of a process (clock ticks after
 * boot, its low 32 bits), or -1 when it is gone or a zombie; 0 when there is no /proc
 * to ask but the process exists. A pid reused by a later process has a
 * later start, so an old slot is not mistaken for the new process.
 */
long long wrap_process_start(pid_t pid)
{
    char    path[32];
    char    buf[1024];
    char   *cp;
    ssize_t len;
    int     fd;
    int     field;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int) pid);
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
	return (kill(pid, 0) == 0 || errno == EPERM ? 0 : -1);
    len = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (len <= 0)
	return (-1);				/* a process being reaped */
    buf[len] = 0;
    /* The name (field 2) is in parentheses and may hold anything; a
     * zombie (state Z, or X) has ended: its connection is closed. */
    if ((cp = strrchr(buf, ')')) == 0 || cp[1] != ' ' || cp[2] == 'Z' || cp[2] == 'X')
	return (-1);
    for (field = 2; field < 22 && cp != 0; field++)
	cp = strchr(cp + 1, ' ');
    return (cp ? (long long) (uint32_t) strtoull(cp + 1, 0, 10) : -1);
}

/* slot_alive - does the process of slot i still run? */
static int slot_alive(const struct limit_entry *e, uint32_t i)
{
    long long start = wrap_process_start(e->pid[i]);

    return (start == 0 || (start > 0 && (uint32_t) start == e->start[i]));
}

/* prune - drop the slots of processes that have ended */
static void prune(struct limit_entry *e)
{
    uint32_t i = 0;

    while (i < e->n_slots) {
	if (slot_alive(e, i)) {
	    i++;
	    continue;
	}
	e->n_slots--;
	e->pid[i] = e->pid[e->n_slots];
	e->start[i] = e->start[e->n_slots];
    }
}

/* held - is (pid, start) one of the entry's slots? */
static int held(const struct limit_entry *e, pid_t pid, uint32_t start)
{
    uint32_t i;

    for (i = 0; i < e->n_slots; i++)
	if (e->pid[i] == pid && e->start[i] == start)
	    return (1);
    return (0);
}

/* taken - is entry index one of the n entries already chosen in this call? */
static int taken(uint32_t index, const struct entry_copy *chosen, int n)
{
    int     i;

    for (i = 0; i < n; i++)
	if (chosen[i].index == index)
	    return (1);
    return (0);
}

/* idle_victim - the free or least recently seen idle entry of the window
 * (entries not taken), or -1 */
static int idle_victim(const struct limit_entry *window, uint32_t first,
		               const struct entry_copy *chosen, int n)
{
    int     victim = -1;
    int     i;

    for (i = 0; i < WRAP_LIMIT_PROBE; i++) {
	if (taken(first + (uint32_t) i, chosen, n))
	    continue;
	if (window[i].key == 0)
	    return (i);
	if (window[i].n_slots == 0 && (victim < 0 || window[i].seen_ms < window[victim].seen_ms))
	    victim = i;
    }
    return (victim);
}

/* bump - add one to a counter of the header, in the file */
static void bump(struct wrap_limit_state *state, uint64_t *counter)
{
    uint64_t value;
    off_t   offset = (off_t) ((char *) counter - (char *) &state->header);

    if (pread(state->fd, &value, sizeof(value), offset) == (ssize_t) sizeof(value)) {
	value++;
	if (pwrite(state->fd, &value, sizeof(value), offset) != (ssize_t) sizeof(value))
	    return;				/* only a statistic */
    }
}

/*
 * find_entry - the entry of key, or a new one in its window (a free one,
 * else the least recently seen idle one, after dropping the slots of
 * ended processes if none was idle), copied into *copy; 0, or -1 when
 * every entry of the window holds live processes (or the file cannot be
 * read). A key's window is WRAP_LIMIT_PROBE entries in a row, never
 * wrapping round the end, so one read brings it in.
 */
static int find_entry(struct wrap_limit_state *state, uint64_t key,
		              const struct entry_copy *chosen, int n,
		              struct entry_copy *copy)
{
    struct limit_entry window[WRAP_LIMIT_PROBE];
    uint32_t first = (uint32_t) (key % (WRAP_LIMIT_ENTRIES - WRAP_LIMIT_PROBE + 1));
    int     i;

    if (pread(state->fd, window, sizeof(window), entry_offset(first)) != (ssize_t) sizeof(window))
	return (-1);
    for (i = 0; i < WRAP_LIMIT_PROBE && window[i].key != key; i++)
	 /* void */ ;
    if (i == WRAP_LIMIT_PROBE && (i = idle_victim(window, first, chosen, n)) < 0) {
	for (i = 0; i < WRAP_LIMIT_PROBE; i++)
	    prune(window + i);
	if ((i = idle_victim(window, first, chosen, n)) < 0)
	    return (-1);
    }
    copy->index = first + (uint32_t) i;
    copy->e = window[i];
    if (copy->e.key != key) {
	if (copy->e.key != 0)
	    bump(state, &state->header.evictions);
	memset(&copy->e, 0, sizeof(copy->e));
	copy->e.key = key;
    }
    return (0);
}

/* write_entry - put an entry back in the file; 0, or -1 */
static int write_entry(struct wrap_limit_state *state, const struct entry_copy *copy)
{
    return (pwrite(state->fd, &copy->e, sizeof(copy->e), entry_offset(copy->index))
	    == (ssize_t) sizeof(copy->e) ? 0 : -1);
}

/* roll - the rate counts of an entry, as of now */
static void roll(struct limit_entry *e, const struct wrap_limit_ask *ask, int64_t now)
{
    int64_t window = now / ((int64_t) ask->seconds * 1000);

    if (window == e->window)
	return;
    e->previous = window == e->window + 1 ? e->current : 0;
    e->current = 0;
    e->window = window;
}

/* admits - would the entry let one more connection in? */
static int admits(struct limit_entry *e, const struct wrap_limit_ask *ask,
		          const struct wrap_limit_who *who)
{
    if (ask->seconds > 0) {
	roll(e, ask, who->now_ms);
	return ((uint64_t) e->previous + e->current < (uint64_t) ask->count);
    }
    if (held(e, who->pid, who->start))
	return (1);				/* counted once per process */
    if (e->n_slots >= (uint32_t) ask->count)
	prune(e);
    return (e->n_slots < (uint32_t) ask->count);
}

/* count - let one more connection in */
static void count(struct limit_entry *e, const struct wrap_limit_ask *ask,
		          const struct wrap_limit_who *who)
{
    if (ask->seconds > 0) {
	e->current++;
    } else if (!held(e, who->pid, who->start)) {
	e->pid[e->n_slots] = who->pid;
	e->start[e->n_slots] = who->start;
	e->n_slots++;
    }
}

/* ask_key - the entry key of one ask: never 0, which marks a free entry */
static uint64_t ask_key(struct wrap_limit_state *state, const struct wrap_limit_ask *ask)
{
    unsigned char material[8 + 2 + 16];
    uint64_t key;
    int     i;

    for (i = 0; i < 8; i++)
	material[i] = (unsigned char) (ask->rule >> (8 * i));
    material[8] = (unsigned char) ask->family;
    material[9] = (unsigned char) ask->prefix;
    memcpy(material + 10, ask->net, 16);
    key = siphash(state->header.secret, material, sizeof(material));
    return (key ? key : 1);
}

/*
 * wrap_limit_state_admit - all of the n asks (at most WRAP_LIMITS_MAX)
 * at once: the index of the first that refuses, with nothing counted;
 * or -1, all counted; or -2 when the file could not be locked or
 * written. An ask that finds no entry it may use is not enforced
 * (counted in the header). Each entry is written back once.
 */
int     wrap_limit_state_admit(struct wrap_limit_state *state,
			               const struct wrap_limit_ask *asks, int n,
			               const struct wrap_limit_who *who)
{
    struct entry_copy chosen[WRAP_LIMITS_MAX];
    int     placed[WRAP_LIMITS_MAX];
    int     refused = -1;
    int     written = 0;
    int     i;

    if (n > WRAP_LIMITS_MAX || lock(state->fd, F_WRLCK) < 0)
	return (-2);
    for (i = 0; i < n && refused < 0; i++) {
	chosen[i].index = UINT32_MAX;
	if (!(placed[i] = find_entry(state, ask_key(state, asks + i), chosen, i, chosen + i) == 0)) {
	    bump(state, &state->header.unplaced);
	    continue;
	}
	chosen[i].e.seen_ms = who->now_ms;
	if (!admits(&chosen[i].e, asks + i, who))
	    refused = i;
    }
    for (i = 0; i < n && (refused < 0 || i <= refused); i++) {
	if (!placed[i])
	    continue;
	if (refused < 0)
	    count(&chosen[i].e, asks + i, who);
	written |= write_entry(state, chosen + i);
    }
    (void) lock(state->fd, F_UNLCK);
    return (written < 0 ? -2 : refused);
}

/* wrap_limit_state_stats - how the table is used: entries in use, slots
 * held by live processes, evictions, sources left untracked */
void    wrap_limit_state_stats(struct wrap_limit_state *state,
			               struct wrap_limit_stats *stats)
{
    struct limit_header header;
    struct limit_entry *entries;
    size_t  size = (size_t) WRAP_LIMIT_ENTRIES * sizeof(*entries);
    uint32_t i;

    memset(stats, 0, sizeof(*stats));
    if ((entries = malloc(size)) == 0 || lock(state->fd, F_WRLCK) < 0) {
	free(entries);
	return;
    }
    if (pread(state->fd, &header, sizeof(header), 0) == (ssize_t) sizeof(header)
	&& pread(state->fd, entries, size, entry_offset(0)) == (ssize_t) size) {
	for (i = 0; i < WRAP_LIMIT_ENTRIES; i++) {
	    if (entries[i].key == 0)
		continue;
	    stats->entries++;
	    prune(entries + i);
	    stats->slots += entries[i].n_slots;
	}
	stats->evictions = header.evictions;
	stats->unplaced = header.unplaced;
	stats->size = STATE_SIZE;
    }
    (void) lock(state->fd, F_UNLCK);
    free(entries);
}
