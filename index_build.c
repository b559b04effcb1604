/*
 * index_build.c - builds the resident index of a table (table_index.h)
 * when table_index.c reads it. Each physical line is
 *   - never visited: a comment, a blank line, a rule that can match
 *     nobody (no word before its client list's EXCEPT);
 *   - visited always (RULE_SIDE_EFFECTS): a continued line (or one
 *     that ends the file in a backslash), a line with a NUL byte or
 *     without ":", a rule whose daemon list has side effects
 *     (daemon@host);
 *   - visited when its daemon list matches and it is "always" (a client
 *     word that every client may match: ALL, LOCAL, a glob, ...);
 *   - or visited when its daemon list matches and the client presents one
 *     of its keys (index_keys.c), or, for a rule with words matched
 *     against the client's name, while that name is not yet known.
 * The DenyHosts form ("sshd: 203.0.113.7", options allowed) is recognized
 * without parsing (wrap_unmatchable_line_length, then addresses_only), so
 * that a big deny list is indexed quickly.
 *
 * A key is kept as its hash, in one table of slots for all rules (open
 * addressing, at most three quarters full: 8 bytes a slot, about 11 a
 * key). A rule's keys wait in the builder until the rule is known to be
 * kept and keyed, so a rule that matches nobody, or turns out to be
 * visited always, leaves none behind.
 */

#include <stdlib.h>
#include <string.h>

#include "wrap.h"
#include "table_index.h"

#define MAX_MASKS4	64		/* more distinct IPv4 masks: "always" */

struct builder {
    struct wrap_key_sink sink;
    struct cached_table *entry;
    size_t  rules_unmarked;		/* rules since the last mark */
    uint32_t *pending;			/* the hashes of this rule's keys */
    size_t  n_pending;
    size_t  pending_cap;
    int     out_of_memory;
};

/* wrap_index_hash - FNV-1a of a key's type and bytes, its bits mixed
 * (MurmurHash3's finalizer) so that the high ones can choose a slot */
uint32_t wrap_index_hash(int type, const char *bytes, size_t len)
{
    uint32_t h = (2166136261u ^ (uint32_t) type) * 16777619u;

    while (len-- > 0)
	h = (h ^ (unsigned char) *bytes++) * 16777619u;
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    return (h ^ h >> 16);
}

/* wrap_index_slot - the first slot to look at for a hash (n_slots of any
 * size up to 2^32: the hash scaled, not cut to a power of two) */
size_t  wrap_index_slot(uint32_t hash, size_t n_slots)
{
    return ((size_t) (((uint64_t) hash * n_slots) >> 32));
}

/* wrap_index_grow - room for one more element (capacities 16, 32, ...) */
int     wrap_index_grow(void *array_ptr, size_t count, size_t elem_size)
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

/* wrap_index_free - release an index and its table */
void    wrap_index_free(struct cached_table *entry)
{
    free(entry->path);
    free(entry->text);
    free(entry->rules);
    free(entry->rule_flags);
    free(entry->marks);
    free(entry->always);
    free(entry->asked_always);
    free(entry->named);
    free(entry->slots);
    free(entry->masks4);
    free(entry->verdicts);
    memset(entry, 0, sizeof(*entry));
}

/* note_mask - remember an IPv4 mask the table names; 0 if there are too many */
static int note_mask(struct cached_table *entry, uint32_t mask)
{
    size_t  i;

    for (i = 0; i < entry->n_masks4; i++)
	if (entry->masks4[i] == mask)
	    return (1);
    if (entry->n_masks4 == MAX_MASKS4
	|| wrap_index_grow(&entry->masks4, entry->n_masks4, sizeof(mask)) < 0)
	return (0);
    entry->masks4[entry->n_masks4++] = mask;
    return (1);
}

/* insert - make rule (number + 1) a candidate for the key with hash */
static void insert(struct cached_table *entry, uint32_t hash, uint32_t rule)
{
    size_t  i = wrap_index_slot(hash, entry->n_slots);

    for (; entry->slots[i].rule != 0; i = i + 1 == entry->n_slots ? 0 : i + 1)
	if (entry->slots[i].hash == hash && entry->slots[i].rule == rule)
	    return;				/* the rule has this key twice */
    entry->slots[i].hash = hash;
    entry->slots[i].rule = rule;
    entry->n_keys++;
}

/* make_slots - n free slots, the keys of the old ones moved in; -1: out
 * of memory (the old ones kept) */
static int make_slots(struct cached_table *entry, size_t n)
{
    struct index_slot *old = entry->slots;
    size_t  n_old = entry->n_slots;
    size_t  i;

    if (n > UINT32_MAX || (entry->slots = calloc(n, sizeof(*old))) == 0) {
	entry->slots = old;
	return (-1);
    }
    entry->n_slots = n;
    entry->n_keys = 0;
    for (i = 0; i < n_old; i++)
	if (old[i].rule != 0)
	    insert(entry, old[i].hash, old[i].rule);
    free(old);
    return (0);
}

/* commit_keys - the waiting keys become rule r's; -1: out of memory */
static int commit_keys(struct builder *b, size_t r)
{
    struct cached_table *entry = b->entry;
    size_t  i;

    for (i = 0; i < b->n_pending; i++) {
	if ((entry->n_keys + 1) * 4 > entry->n_slots * 3
	    && make_slots(entry, 2 * entry->n_slots) < 0)
	    return (-1);
	insert(entry, b->pending[i], (uint32_t) r + 1);
    }
    return (0);
}

/* add_key - the sink of wrap_client_keys(): a key of the next rule */
static enum wrap_result add_key(struct wrap_key_sink *sink, int type,
			               const char *bytes, size_t len)
{
    struct builder *b = sink->context;
    struct cached_table *entry = b->entry;
    uint32_t *bigger;
    uint32_t mask;

    if (type == WRAP_KEY_NET4 && (memcpy(&mask, bytes, sizeof(mask)), !note_mask(entry, mask)))
	return (WRAP_ERR);
    if (type == WRAP_KEY_NET6)
	entry->lens6[(unsigned char) bytes[0]] = 1;
    if (b->n_pending == b->pending_cap) {
	if ((bigger = realloc(b->pending, (b->pending_cap + 16) * 2 * sizeof(*bigger))) == 0) {
	    b->out_of_memory = 1;
	    return (WRAP_ERR);
	}
	b->pending = bigger;
	b->pending_cap = (b->pending_cap + 16) * 2;
    }
    b->pending[b->n_pending++] = wrap_index_hash(type, bytes, len);
    return (WRAP_YES);
}

/* addresses_only - does the client field of line hold only digits, dots
 * and separators (the DenyHosts form, "sshd: 203.0.113.7")? */
static int addresses_only(const char *line, size_t len)
{
    const char *cp = memchr(line, ':', len);
    const char *end = line + len;

    for (cp = cp ? cp + 1 : end; cp < end && *cp != ':'; cp++)
	if (strchr("0123456789. \t\r,\n", *cp) == 0 || *cp == 0)
	    return (0);
    return (1);
}

/* simple_keys - the address words of a DenyHosts-form rule as EXACT keys */
static void simple_keys(struct builder *b, const char *line, size_t len,
			        uint8_t *flags)
{
    const char *colon = memchr(line, ':', len);
    const char *end = line + len;
    const char *cp;
    const char *word;

    *flags = 0;
    for (cp = colon + 1; cp < end && *cp != ':'; cp++) {
	for (word = cp; cp < end && ((*cp >= '0' && *cp <= '9') || *cp == '.'); cp++)
	     /* scan */ ;
	if (cp > word && add_key(&b->sink, WRAP_KEY_EXACT, word, (size_t) (cp - word)) != WRAP_YES) {
	    *flags = RULE_ALWAYS;		/* a key not kept */
	    return;
	}
	if (cp < end && *cp == ':')
	    break;
    }
}

/* parsed_keys - classify any other rule by parsing a copy of it; 0: it
 * matches nobody and is never visited */
static int parsed_keys(struct builder *b, const char *line, size_t len,
		               uint8_t *flags)
{
    char   *copy;
    char   *clients;
    enum wrap_result status = WRAP_ERR;
    int     side_effects;

    if ((copy = malloc(len + 1)) == 0) {
	b->out_of_memory = 1;
	return (1);
    }
    memcpy(copy, line, len);
    copy[len] = 0;
    if ((clients = split_at(copy, ':')) != 0) {	/* else it warns: always */
	side_effects = strpbrk(copy, "@[") != 0;
	(void) split_at(clients, ':');
	status = wrap_client_keys(clients, &b->sink);
	*flags = (status == WRAP_ERR || side_effects ? RULE_ALWAYS : 0)
	    | (side_effects ? RULE_SIDE_EFFECTS : 0)
	    | (b->sink.needs_name ? RULE_NAMED : 0);
    }
    free(copy);
    return (status != WRAP_NO || (*flags & RULE_ALWAYS));
}

/* add_line - classify one physical line; -1: out of memory */
static int add_line(struct builder *b, size_t offset, size_t len, uint32_t before)
{
    static const struct wrap_fast_client nobody = { .addr = "" };
    struct cached_table *entry = b->entry;
    const char *line = entry->text + offset;
    struct index_mark mark = { (uint32_t) offset, before };
    uint8_t flags = RULE_ALWAYS | RULE_SIDE_EFFECTS;
    size_t  n = entry->n_rules;
    int     continued = line[len - 1] == '\\'
	|| (len >= 2 && line[len - 2] == '\\' && line[len - 1] == '\n');
    int     passable = wrap_unmatchable_line_length(line, entry->size - offset,
							&nobody) == len;

    b->n_pending = 0;
    if (passable && (line[0] == '#' || memchr(line, ':', len) == 0))
	return (0);				/* comment, blank line */
    if (passable && addresses_only(line, len))
	simple_keys(b, line, len, &flags);
    else if (!continued && memchr(line, 0, len) == 0
	       && !parsed_keys(b, line, len, &flags)) {
	return (b->out_of_memory ? -1 : 0);
    }
    if (b->out_of_memory
	|| wrap_index_grow(&entry->rules, n, sizeof(*entry->rules)) < 0
	|| wrap_index_grow(&entry->rule_flags, n, sizeof(flags)) < 0
	|| ((flags & RULE_ALWAYS) ?
	    wrap_index_grow(&entry->always, entry->n_always, sizeof(n)) < 0 :
	    commit_keys(b, n) < 0)
	|| ((flags & (RULE_ALWAYS | RULE_NAMED)) == RULE_NAMED
	    && wrap_index_grow(&entry->named, entry->n_named, sizeof(n)) < 0))
	return (-1);
    entry->rules[n] = (uint32_t) offset;
    entry->rule_flags[n] = flags;
    entry->n_rules++;
    if (entry->n_marks == 0 || ++b->rules_unmarked == MARK_RULES
	|| offset - entry->marks[entry->n_marks - 1].offset > MARK_BYTES) {
	if (wrap_index_grow(&entry->marks, entry->n_marks, sizeof(mark)) < 0)
	    return (-1);
	entry->marks[entry->n_marks++] = mark;
	b->rules_unmarked = 0;
    }
    if (flags & RULE_ALWAYS)
	entry->always[entry->n_always++] = n;
    else if (flags & RULE_NAMED)
	entry->named[entry->n_named++] = n;
    return (0);
}

/* physical_lines - how many lines the text has (a last one unfinished
 * included) */
static size_t physical_lines(const char *text, size_t size)
{
    const char *end = text + size;
    const char *nl;
    size_t  lines = 1;

    for (nl = text; (nl = memchr(nl, '\n', (size_t) (end - nl))) != 0; nl++)
	lines++;
    return (lines);
}

/* wrap_index_build - index entry->text; -1: out of memory. The slots are
 * made for a key a line, and grow if lines have more. */
int     wrap_index_build(struct cached_table *entry)
{
    struct builder b = { { add_key, 0, 0 }, entry, 0, 0, 0, 0, 0 };
    const char *nl;
    size_t  pos;
    size_t  len;
    uint32_t before = 0;
    int     status;

    b.sink.context = &b;
    status = make_slots(entry, physical_lines(entry->text, entry->size) / 3 * 4 + 16);
    for (pos = 0; status == 0 && pos < entry->size; pos += len, before++) {
	nl = memchr(entry->text + pos, '\n', entry->size - pos);
	len = nl ? (size_t) (nl - entry->text) + 1 - pos : entry->size - pos;
	status = add_line(&b, pos, len, before);
    }
    free(b.pending);
    if (status < 0
	|| (entry->verdicts = malloc(entry->n_rules + 1)) == 0
	|| (entry->asked_always = malloc((entry->n_always + 1) * sizeof(size_t))) == 0)
	return (-1);
    return (0);
}
