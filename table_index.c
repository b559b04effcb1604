/*
 * table_index.c - tables kept in memory for resident processes (daemons
 * that call hosts_access() for every connection: inetd -l, socat, sshd's
 * listener).
 *
 * A table is read once and kept while its identity (device, inode, size,
 * modification and change times) stays the same; every call checks that
 * identity, so an edit is seen at once (wrap_still_same() in readfile.c
 * says how edits within the file system's clock tick are caught). Its index (index_build.c) tells
 * which lines a request must visit: those always visited, those whose
 * keys the client presents (index_keys.c), and, while the client's name
 * is not known, those that would look it up; each only if its daemon
 * list may match (evaluated once per rule and daemon). The parser visits
 * exactly these lines, in order, and the matcher decides each, so
 * verdicts, options, lookups and diagnostics are those of a fresh scan.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrap.h"
#include "table_index.h"

#define CACHE_MAX	1024		/* tables kept at once (each file of a
					 * drop-in directory is one) */
#define PATH_SLOTS	(2 * CACHE_MAX)	/* open addressing by path: a power of 2 */

struct wrap_index_cursor {		/* the lines one request visits */
    struct cached_table *entry;
    struct request_info *request;
    size_t *visit;			/* rules, in order */
    size_t  n_visit;
    size_t  next_visit;
    size_t  next_named;
    int     name_pending;		/* named rules visited until it is known */
    int     out_of_memory;
};

/* A cache: the tables, in memory, and where each path's entry is. */
static struct cached_table *cache;	/* n_cached entries, room for cache_cap */
static size_t n_cached;
static size_t cache_cap;
static size_t by_path[PATH_SLOTS];	/* entry + 1, or 0: free */
static unsigned long use_counter;

/* read_and_index - read and index a table into a slot */
static enum wrap_result read_and_index(struct cached_table *entry, const char *path)
{
    struct wrap_text file;
    struct stat st;
    enum wrap_result status;

    wrap_index_free(entry);
    if ((status = wrap_read_file(path, &file, &st)) != WRAP_YES)
	return (status);
    if (file.size >= INDEX_MAX) {
	tcpd_warn("cannot index %s: 4 GiB or more (fail closed)", path);
	free(file.bytes);
	return (WRAP_ERR);
    }
    entry->text = file.bytes;
    entry->size = file.size;
    entry->id = st;
    entry->loaded_at = time((time_t *) 0);
    if ((entry->path = strdup(path)) == 0 || wrap_index_build(entry) < 0) {
	tcpd_warn("cannot index %s: out of memory", path);
	wrap_index_free(entry);
	return (WRAP_ERR);
    }
    return (WRAP_YES);
}

/* path_slot - the slot of by_path that holds path, or the free one where
 * it would go */
static size_t path_slot(const char *path)
{
    size_t  i = wrap_index_hash(0, path, strlen(path)) & (PATH_SLOTS - 1);

    while (by_path[i] != 0 && strcmp(cache[by_path[i] - 1].path, path) != 0)
	i = (i + 1) & (PATH_SLOTS - 1);
    return (i);
}

/* place_paths - put every cached path where path_slot() finds it */
static void place_paths(void)
{
    size_t  i;

    memset(by_path, 0, sizeof(by_path));
    for (i = 0; i < n_cached; i++)
	if (cache[i].path != 0)
	    by_path[path_slot(cache[i].path)] = i + 1;
}

/*
 * free_entry - an entry for a table not in the cache: the last one if it
 * holds nothing (a table that could not be read), a new one while there
 * is room, else the least recently used, forgotten. 0: out of memory.
 */
static struct cached_table *free_entry(void)
{
    struct cached_table *bigger;
    struct cached_table *entry;
    size_t  i;

    if (n_cached > 0 && cache[n_cached - 1].path == 0)
	return (cache + n_cached - 1);
    if (n_cached < CACHE_MAX) {
	if (n_cached == cache_cap) {
	    if ((bigger = realloc(cache, (cache_cap ? 2 * cache_cap : 8)
				  * sizeof(*cache))) == 0)
		return (0);
	    cache = bigger;
	    cache_cap = cache_cap ? 2 * cache_cap : 8;
	}
	entry = cache + n_cached++;
	memset(entry, 0, sizeof(*entry));
	return (entry);
    }
    for (entry = cache, i = 1; i < n_cached; i++)
	if (cache[i].last_use < entry->last_use)
	    entry = cache + i;
    wrap_index_free(entry);
    place_paths();
    return (entry);
}

/*
 * lookup - the entry for a table, read again if it changed. An entry that
 * could not be read holds nothing and is forgotten.
 */
static enum wrap_result lookup(const char *path, struct cached_table **found)
{
    struct cached_table *entry;
    struct stat st;
    size_t  slot = path_slot(path);
    enum wrap_result status;

    if (by_path[slot] != 0) {
	entry = cache + by_path[slot] - 1;
	if (stat(path, &st) == 0 && wrap_still_same(&entry->id, entry->loaded_at, &st)) {
	    *found = entry;
	    entry->last_use = ++use_counter;
	    return (WRAP_YES);
	}
    } else if ((entry = free_entry()) == 0) {
	tcpd_warn("cannot index %s: out of memory", path);
	return (WRAP_ERR);
    } else {
	slot = path_slot(path);			/* the paths may have moved */
    }
    if ((status = read_and_index(entry, path)) != WRAP_YES) {
	if (by_path[slot] != 0)
	    place_paths();
	return (status);
    }
    by_path[slot] = (size_t) (entry - cache) + 1;
    entry->last_use = ++use_counter;
    *found = entry;
    return (WRAP_YES);
}

/* daemons_may_match - may rule r's daemon list match the request?
 * WRAP_ERR: out of memory */
static enum wrap_result daemons_may_match(struct cached_table *entry, size_t r,
					          struct request_info *request)
{
    const char *line = entry->text + entry->rules[r];
    signed char *verdict = entry->verdicts + r;
    size_t  len;
    char   *list;

    if (entry->rule_flags[r] & RULE_SIDE_EFFECTS)
	return (WRAP_YES);
    if (*verdict < 0) {				/* the list ends at its ":" */
	len = (size_t) ((const char *) memchr(line, ':', entry->size - entry->rules[r]) - line);
	if ((list = malloc(len + 1)) == 0)
	    return (WRAP_ERR);
	memcpy(list, line, len);
	list[len] = 0;
	*verdict = wrap_list_match(list, request, wrap_daemon_match) != WRAP_NO;
	free(list);
    }
    return (*verdict ? WRAP_YES : WRAP_NO);
}

/*
 * ask_daemon - when another daemon (or port) asks, forget the verdicts
 * and find the "always" rules it visits; -1: out of memory
 */
static int ask_daemon(struct cached_table *entry, struct request_info *request)
{
    const char *port = wrap_server_port(request);
    char    asked[sizeof(entry->asked)];	/* daemon and port fit */
    size_t  i;
    enum wrap_result may;

    snprintf(asked, sizeof(asked), "%s\n%s", eval_daemon(request), port ? port : "");
    if (strcmp(asked, entry->asked) == 0)
	return (0);
    entry->asked[0] = 0;			/* unusable until complete */
    memset(entry->verdicts, 0xff, entry->n_rules);	/* all -1 */
    entry->n_asked_always = 0;
    for (i = 0; i < entry->n_always; i++) {
	if ((may = daemons_may_match(entry, entry->always[i], request)) == WRAP_ERR)
	    return (-1);
	if (may == WRAP_YES)
	    entry->asked_always[entry->n_asked_always++] = entry->always[i];
    }
    memcpy(entry->asked, asked, sizeof(asked));
    return (0);
}

/* visit - add rule r to the lines to visit, if its daemons may match */
static void visit(struct wrap_index_cursor *c, size_t r)
{
    enum wrap_result may = daemons_may_match(c->entry, r, c->request);

    if (may != WRAP_YES) {
	c->out_of_memory |= may == WRAP_ERR;
	return;
    }
    if (wrap_index_grow(&c->visit, c->n_visit, sizeof(r)) < 0) {
	c->out_of_memory = 1;
	return;
    }
    c->visit[c->n_visit++] = r;
}

/* probe - the sink of wrap_string_keys(): visit the rules with this key */
static enum wrap_result probe(struct wrap_key_sink *sink, int type,
			             const char *bytes, size_t len)
{
    struct wrap_index_cursor *c = sink->context;
    struct cached_table *entry = c->entry;
    uint32_t hash = wrap_index_hash(type, bytes, len);
    size_t  i = wrap_index_slot(hash, entry->n_slots);

    for (; entry->slots[i].rule != 0; i = i + 1 == entry->n_slots ? 0 : i + 1)
	if (entry->slots[i].hash == hash)
	    visit(c, entry->slots[i].rule - 1);
    return (WRAP_YES);
}

/* presented - visit the rules whose keys string carries (from rule first) */
static void presented(struct wrap_index_cursor *c, const char *string, size_t first)
{
    struct wrap_key_sink sink = { probe, 0, c };
    struct cached_table *entry = c->entry;
    size_t  r;

    if (wrap_string_keys(string, entry->masks4, entry->n_masks4, entry->lens6,
			 &sink) == WRAP_ERR) {
	for (r = first; r < entry->n_rules; r++)	/* not ASCII: any rule */
	    if (!(entry->rule_flags[r] & RULE_ALWAYS))
		visit(c, r);
    }
}

/* compare_rules - qsort order of rule numbers */
static int compare_rules(const void *a, const void *b)
{
    size_t  x = *(const size_t *) a, y = *(const size_t *) b;

    return (x < y ? -1 : x > y);
}

/* sort_visits - order the rules still to visit, each once */
static void sort_visits(struct wrap_index_cursor *c)
{
    size_t  n = c->n_visit - c->next_visit;
    size_t *rest;
    size_t  i;
    size_t  kept = 0;

    if (n < 2)
	return;
    rest = c->visit + c->next_visit;
    qsort(rest, n, sizeof(*rest), compare_rules);
    for (i = 0; i < n; i++)
	if (kept == 0 || rest[kept - 1] != rest[i])
	    rest[kept++] = rest[i];
    c->n_visit = c->next_visit + kept;
}

/* name_known - has the client's name been looked up (or given)? */
static int name_known(const struct request_info *request)
{
    return (request->client->name[0] != 0);
}

/* plan - the lines this request visits, as far as they are known now */
static void plan(struct wrap_index_cursor *c, const struct wrap_fast_client *client)
{
    struct cached_table *entry = c->entry;
    size_t  i;

    for (i = 0; i < entry->n_asked_always; i++) {
	if (wrap_index_grow(&c->visit, c->n_visit, sizeof(*c->visit)) < 0) {
	    c->out_of_memory = 1;
	    return;
	}
	c->visit[c->n_visit++] = entry->asked_always[i];
    }
    presented(c, client->addr, 0);
    if (name_known(c->request))
	presented(c, c->request->client->name, 0);
    else
	c->name_pending = 1;
    sort_visits(c);
}

/*
 * wrap_index_open - serve a table from memory, visiting only useful lines:
 * the text (owned by the cache) and a cursor for wrap_index_next().
 */
enum wrap_result wrap_index_open(const char *path,
				         const struct wrap_fast_client *client,
				         struct wrap_index_cursor **cursor,
				         struct wrap_text *text)
{
    struct cached_table *entry;
    struct wrap_index_cursor *c;
    enum wrap_result status;

    if ((status = lookup(path, &entry)) != WRAP_YES)
	return (status);
    if ((c = calloc(1, sizeof(*c))) != 0) {
	c->entry = entry;
	c->request = client->request;
	if (ask_daemon(entry, c->request) < 0)
	    c->out_of_memory = 1;
	else
	    plan(c, client);
    }
    if (c == 0 || c->out_of_memory) {
	tcpd_warn("cannot index %s: out of memory", path);
	wrap_index_close(c);
	return (WRAP_ERR);
    }
    *cursor = c;
    text->bytes = entry->text;
    text->size = entry->size;
    text->cap = 0;				/* the cache owns the text */
    text->eof = 1;
    return (WRAP_YES);
}

/* next_named - the next rule that would look the name up, or n_rules */
static size_t next_named(struct wrap_index_cursor *c, size_t first)
{
    struct cached_table *entry = c->entry;
    size_t  r;

    for (; c->next_named < entry->n_named; c->next_named++) {
	r = entry->named[c->next_named];
	if (r >= first && daemons_may_match(entry, r, c->request) != WRAP_NO)
	    return (r);
    }
    return (entry->n_rules);
}

/* first_rule_at - the first rule that starts at or after pos */
static size_t first_rule_at(const struct cached_table *entry, size_t pos)
{
    size_t  low = 0;
    size_t  high = entry->n_rules;
    size_t  mid;

    while (low < high) {
	mid = low + (high - low) / 2;
	if (entry->rules[mid] < pos)
	    low = mid + 1;
	else
	    high = mid;
    }
    return (low);
}

/* lines_before - the physical lines before the rule at pos (index_mark) */
static int lines_before(const struct cached_table *entry, uint32_t pos)
{
    size_t  low = 0;
    size_t  high = entry->n_marks;
    size_t  mid;
    const char *cp;
    const char *end = entry->text + pos;
    uint32_t lines;

    while (high - low > 1) {			/* the last mark at or before pos */
	mid = low + (high - low) / 2;
	if (entry->marks[mid].offset <= pos)
	    low = mid;
	else
	    high = mid;
    }
    lines = entry->marks[low].before;
    for (cp = entry->text + entry->marks[low].offset;
	 (cp = memchr(cp, '\n', (size_t) (end - cp))) != 0; cp++)
	lines++;
    return ((int) lines);
}

/*
 * wrap_index_next - the offset of the next line to visit at or after pos,
 * or the end of the text; *line becomes the physical lines before it.
 * Once the scan has looked the client's name up, the rules that need it
 * are visited only if the name presents one of their keys. Out of memory
 * for that, it visits every line from here on.
 */
size_t  wrap_index_next(struct wrap_index_cursor *c, size_t pos, int *line)
{
    struct cached_table *entry = c->entry;
    size_t  first = first_rule_at(entry, pos);
    size_t  next = entry->n_rules;

    if (c->out_of_memory)
	return (pos);
    if (c->name_pending && name_known(c->request)) {
	c->name_pending = 0;
	presented(c, c->request->client->name, first);
	if (c->out_of_memory)
	    return (pos);
	sort_visits(c);
    }
    while (c->next_visit < c->n_visit && c->visit[c->next_visit] < first)
	c->next_visit++;
    if (c->next_visit < c->n_visit)
	next = c->visit[c->next_visit];
    if (c->name_pending && next_named(c, first) < next)
	next = entry->named[c->next_named];
    if (next == entry->n_rules)
	return (entry->size);
    *line = lines_before(entry, entry->rules[next]);
    return (entry->rules[next]);
}

/* wrap_index_close - release what wrap_index_open() gave one scan */
void    wrap_index_close(struct wrap_index_cursor *cursor)
{
    if (cursor == 0)
	return;
    free(cursor->visit);
    free(cursor);
}
