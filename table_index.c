/*
 * table_index.c - tables kept in memory for resident processes (daemons
 * that call hosts_access() for every connection: inetd -l, socat, sshd's
 * listener).
 *
 * A table is read once and kept while its identity (device, inode, size,
 * modification and change times) stays the same; every call checks that
 * identity, so an edit is seen at once (see unchanged() for edits made
 * within the file system's clock tick). Its index maps each numeric
 * address named by a simple rule (see wrap_line_cannot_match) to the lines
 * that name it; every other line is always parsed. The parser then visits
 * exactly the lines the streaming fast path would parse, in the same
 * order, so verdicts, options and diagnostics are the same as a fresh scan.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "wrap.h"

#define CACHE_SLOTS	4		/* tables kept at once */

struct index_line {			/* a physical line */
    size_t  offset;			/* where it starts in the text */
    int     before;			/* physical lines before it */
};

struct index_word {			/* an address named by a simple rule */
    size_t  offset;			/* the word in the text */
    size_t  len;
    struct index_line line;		/* the rule's line */
    long    next;			/* next word in the hash chain, or -1 */
};

struct cached_table {
    char   *path;			/* 0: slot unused */
    struct stat id;			/* identity when read */
    time_t  loaded_at;			/* when it was read */
    char   *text;
    size_t  size;
    struct index_line *always;		/* lines parsed for every client */
    size_t  n_always;
    struct index_word *words;
    size_t  n_words;
    long   *heads;			/* hash chains of words */
    size_t  n_heads;			/* a power of two */
    unsigned long last_use;
};

struct wrap_index_cursor {		/* lines to visit for one client */
    const struct index_line *always;
    size_t  n_always;
    size_t  next_always;
    struct index_line *hits;
    size_t  n_hits;
    size_t  next_hit;
};

static struct cached_table cache[CACHE_SLOTS];
static unsigned long use_counter;

/* hash - FNV-1a of a word */
static uint32_t hash(const char *bytes, size_t len)
{
    uint32_t h = 2166136261u;

    while (len-- > 0)
	h = (h ^ (unsigned char) *bytes++) * 16777619u;
    return (h);
}

/* forget - empty a cache slot */
static void forget(struct cached_table *entry)
{
    free(entry->path);
    free(entry->text);
    free(entry->always);
    free(entry->words);
    free(entry->heads);
    memset(entry, 0, sizeof(*entry));
}

/* grow - make room for one more element (capacities 16, 32, 64, ...) */
static int grow(void *array_ptr, size_t count, size_t elem_size)
{
    void  **array = array_ptr;
    void   *bigger;

    if (count != 0 && (count < 16 || (count & (count - 1)) != 0))
	return (0);				/* room left */
    if ((bigger = realloc(*array, (count ? count * 2 : 16) * elem_size)) == 0)
	return (-1);
    *array = bigger;
    return (0);
}

/* add_words - index the address words of a simple rule's client list */
static int add_words(struct cached_table *entry, size_t offset, size_t len,
		             int before)
{
    const char *line = entry->text + offset;
    const char *cp = memchr(line, ':', len);
    const char *end = line + len;
    const char *word;
    struct index_word *w;

    if (cp == 0 || line[0] == '#')		/* comment or blank line */
	return (0);
    for (cp++; cp < end && *cp != ':'; cp++) {
	for (word = cp; cp < end && ((*cp >= '0' && *cp <= '9') || *cp == '.'); cp++)
	     /* scan */ ;
	if (cp == word)
	    continue;
	if (grow(&entry->words, entry->n_words, sizeof(*entry->words)) < 0)
	    return (-1);
	w = entry->words + entry->n_words++;
	w->offset = (size_t) (word - entry->text);
	w->len = (size_t) (cp - word);
	w->line.offset = offset;
	w->line.before = before;
	if (*cp == ':')
	    break;
    }
    return (0);
}

/* hash_words - chain the words by hash, each chain in line order */
static int hash_words(struct cached_table *entry)
{
    size_t  i;
    uint32_t h;

    for (entry->n_heads = 16; entry->n_heads < 2 * entry->n_words;)
	entry->n_heads *= 2;
    if ((entry->heads = malloc(entry->n_heads * sizeof(long))) == 0)
	return (-1);
    memset(entry->heads, 0xff, entry->n_heads * sizeof(long));	/* all -1 */
    for (i = entry->n_words; i-- > 0;) {
	h = hash(entry->text + entry->words[i].offset, entry->words[i].len);
	entry->words[i].next = entry->heads[h & (entry->n_heads - 1)];
	entry->heads[h & (entry->n_heads - 1)] = (long) i;
    }
    return (0);
}

/* build_index - sort every line into "always parse" or "address words" */
static int build_index(struct cached_table *entry)
{
    static const struct wrap_fast_client nobody = { .addr = "" };
    size_t  pos = 0;
    size_t  len;
    int     before = 0;
    const char *nl;
    int     status = 0;

    for (; status == 0 && pos < entry->size; pos += len, before++) {
	len = wrap_line_cannot_match(entry->text + pos, entry->size - pos, &nobody);
	if (len > 0) {
	    status = add_words(entry, pos, len, before);
	    continue;
	}
	nl = memchr(entry->text + pos, '\n', entry->size - pos);
	len = nl ? (size_t) (nl - entry->text) + 1 - pos : entry->size - pos;
	if ((status = grow(&entry->always, entry->n_always, sizeof(*entry->always))) == 0) {
	    entry->always[entry->n_always].offset = pos;
	    entry->always[entry->n_always++].before = before;
	}
    }
    return (status == 0 ? hash_words(entry) : -1);
}

/*
 * unchanged - is the file still the one that was read? File times are as
 * coarse as the kernel's clock tick, so an entry read within two seconds
 * of the file's last change might miss a same-size rewrite in the same
 * tick: such an entry is never trusted, and the table is read again.
 */
static int unchanged(const struct stat *a, const struct cached_table *entry)
{
    const struct stat *b = &entry->id;
    time_t  changed = b->st_mtim.tv_sec > b->st_ctim.tv_sec ?
	b->st_mtim.tv_sec : b->st_ctim.tv_sec;

    return (changed + 2 <= entry->loaded_at
	    && a->st_dev == b->st_dev && a->st_ino == b->st_ino
	    && a->st_size == b->st_size
	    && a->st_mtim.tv_sec == b->st_mtim.tv_sec
	    && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec
	    && a->st_ctim.tv_sec == b->st_ctim.tv_sec
	    && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec);
}

/* load - read and index a table into a slot; WRAP_YES, WRAP_NO or WRAP_ERR */
static int load(struct cached_table *entry, const char *path)
{
    struct stat st;
    int     status;

    forget(entry);
    if ((status = wrap_read_file_stat(path, &entry->text, &entry->size, &st)) != WRAP_YES)
	return (status);
    entry->id = st;
    entry->loaded_at = time((time_t *) 0);
    if ((entry->path = strdup(path)) == 0 || build_index(entry) < 0) {
	tcpd_warn("cannot index %s: out of memory", path);
	forget(entry);
	return (WRAP_ERR);
    }
    return (WRAP_YES);
}

/* lookup - the slot for a table, read again if it changed */
static int lookup(const char *path, struct cached_table **found)
{
    struct cached_table *entry = 0;
    struct stat st;
    int     i;
    int     status;

    for (i = 0; i < CACHE_SLOTS && entry == 0; i++)
	if (cache[i].path && strcmp(cache[i].path, path) == 0)
	    entry = cache + i;
    if (entry != 0 && stat(path, &st) == 0 && unchanged(&st, entry)) {
	*found = entry;
	entry->last_use = ++use_counter;
	return (WRAP_YES);
    }
    if (entry == 0) {				/* take the least recently used */
	for (entry = cache, i = 1; i < CACHE_SLOTS; i++)
	    if (cache[i].last_use < entry->last_use)
		entry = cache + i;
    }
    if ((status = load(entry, path)) == WRAP_YES) {
	entry->last_use = ++use_counter;
	*found = entry;
    }
    return (status);
}

/* collect_hits - the lines that name the client's address, in order */
static int collect_hits(const struct cached_table *entry,
			        const struct wrap_fast_client *client,
			        struct wrap_index_cursor *cursor)
{
    long    i = entry->heads[hash(client->addr, client->len) & (entry->n_heads - 1)];
    const struct index_word *w;

    for (; i >= 0; i = w->next) {
	w = entry->words + i;
	if (w->len != client->len
	    || memcmp(entry->text + w->offset, client->addr, w->len) != 0)
	    continue;
	if (cursor->n_hits > 0
	    && cursor->hits[cursor->n_hits - 1].offset == w->line.offset)
	    continue;				/* named twice on one line */
	if (grow(&cursor->hits, cursor->n_hits, sizeof(*cursor->hits)) < 0)
	    return (-1);
	cursor->hits[cursor->n_hits++] = w->line;
    }
    return (0);
}

/* wrap_index_open - serve a table from memory, visiting only useful lines */
int     wrap_index_open(struct wrap_table *table, const char *path,
			        const struct wrap_fast_client *client)
{
    struct cached_table *entry;
    struct wrap_index_cursor *cursor;
    int     status;

    if ((status = lookup(path, &entry)) != WRAP_YES)
	return (status);
    if ((cursor = calloc(1, sizeof(*cursor))) == 0
	|| collect_hits(entry, client, cursor) < 0) {
	tcpd_warn("cannot index %s: out of memory", path);
	if (cursor)
	    free(cursor->hits);
	free(cursor);
	return (WRAP_ERR);
    }
    cursor->always = entry->always;
    cursor->n_always = entry->n_always;
    table->cursor = cursor;
    table->text = entry->text;
    table->size = entry->size;
    table->cap = 0;				/* the cache owns the text */
    table->eof = 1;
    return (WRAP_YES);
}

/* wrap_index_skip - move to the next line that can match, or the end */
void    wrap_index_skip(struct wrap_table *table)
{
    struct wrap_index_cursor *c = table->cursor;
    const struct index_line *next = 0;

    while (c->next_always < c->n_always && c->always[c->next_always].offset < table->pos)
	c->next_always++;
    while (c->next_hit < c->n_hits && c->hits[c->next_hit].offset < table->pos)
	c->next_hit++;
    if (c->next_always < c->n_always)
	next = c->always + c->next_always;
    if (c->next_hit < c->n_hits && (next == 0 || c->hits[c->next_hit].offset < next->offset))
	next = c->hits + c->next_hit;
    if (next == 0) {
	table->pos = table->size;
	return;
    }
    table->pos = next->offset;
    table->line = next->before;
}

/* wrap_index_close - release what wrap_index_open() gave one scan */
void    wrap_index_close(struct wrap_table *table)
{
    if (table->cursor == 0)
	return;
    free(table->cursor->hits);
    free(table->cursor);
    table->cursor = 0;
}
