/*
 * index_build.c - builds the resident index of a table (table_index.h)
 * when table_index.c reads it. Each physical line is
 *   - never visited: a comment, a blank line, a rule that can match
 *     nobody (no word before its client list's EXCEPT);
 *   - visited always (daemons SIDE_EFFECTS): a continued line (or one
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
 */

#include <stdlib.h>
#include <string.h>

#include "wrap.h"
#include "table_index.h"

#define MAX_MASKS4	64		/* more distinct IPv4 masks: "always" */

struct builder {
    struct wrap_key_sink sink;
    struct cached_table *entry;
    size_t  arena_cap;
    int     out_of_memory;
};

/* wrap_index_hash - FNV-1a of a key's type and bytes */
uint32_t wrap_index_hash(int type, const char *bytes, size_t len)
{
    uint32_t h = (2166136261u ^ (uint32_t) type) * 16777619u;

    while (len-- > 0)
	h = (h ^ (unsigned char) *bytes++) * 16777619u;
    return (h);
}

/* wrap_key_bytes - where a key's bytes are: in the text or the arena */
const char *wrap_key_bytes(const struct cached_table *entry, const struct index_key *key)
{
    return ((key->in_text ? entry->text : entry->arena) + key->bytes);
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
    free(entry->always);
    free(entry->asked_always);
    free(entry->named);
    free(entry->keys);
    free(entry->heads);
    free(entry->arena);
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

/* add_key - the sink of wrap_client_keys(): a key of the next rule */
static enum wrap_result add_key(struct wrap_key_sink *sink, int type,
			               const char *bytes, size_t len)
{
    struct builder *b = sink->context;
    struct cached_table *entry = b->entry;
    struct index_key *key;
    uint32_t mask;
    char   *bigger;

    if (type == WRAP_KEY_NET4 && (memcpy(&mask, bytes, sizeof(mask)), !note_mask(entry, mask)))
	return (WRAP_ERR);
    if (type == WRAP_KEY_NET6)
	entry->lens6[(unsigned char) bytes[0]] = 1;
    if (len > KEY_MAX || entry->n_keys >= INT32_MAX || entry->arena_len + len > INDEX_MAX)
	return (WRAP_ERR);			/* not kept: visited always */
    if (wrap_index_grow(&entry->keys, entry->n_keys, sizeof(*key)) < 0) {
	b->out_of_memory = 1;
	return (WRAP_ERR);
    }
    key = entry->keys + entry->n_keys++;
    key->len = (uint16_t) len;
    key->rule = (uint32_t) entry->n_rules;
    key->type = (uint8_t) type;
    if ((key->in_text = bytes >= entry->text && bytes < entry->text + entry->size)) {
	key->bytes = (uint32_t) (bytes - entry->text);	/* as it stands */
	return (WRAP_YES);
    }
    if (entry->arena == 0 || entry->arena_len + len > b->arena_cap) {
	b->arena_cap = 2 * (entry->arena_len + len) + 4096;
	if ((bigger = realloc(entry->arena, b->arena_cap)) == 0) {
	    b->out_of_memory = 1;
	    return (WRAP_ERR);
	}
	entry->arena = bigger;
    }
    memcpy(entry->arena + entry->arena_len, bytes, len);
    key->bytes = (uint32_t) entry->arena_len;
    entry->arena_len += len;
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
			        struct index_rule *rule)
{
    const char *colon = memchr(line, ':', len);
    const char *end = line + len;
    const char *cp;
    const char *word;

    rule->daemons_len = (uint32_t) (colon - line);
    rule->always = 0;
    for (cp = colon + 1; cp < end && *cp != ':'; cp++) {
	for (word = cp; cp < end && ((*cp >= '0' && *cp <= '9') || *cp == '.'); cp++)
	     /* scan */ ;
	if (cp > word && add_key(&b->sink, WRAP_KEY_EXACT, word, (size_t) (cp - word)) != WRAP_YES) {
	    rule->always = 1;			/* a key not kept */
	    return;
	}
	if (cp < end && *cp == ':')
	    break;
    }
}

/* parsed_keys - classify any other rule by parsing a copy of it; 0: it
 * matches nobody and is never visited */
static int parsed_keys(struct builder *b, const char *line, size_t len,
		               struct index_rule *rule)
{
    struct cached_table *entry = b->entry;
    size_t  first_key = entry->n_keys;
    char   *copy;
    char   *clients;
    enum wrap_result status = WRAP_ERR;

    if ((copy = malloc(len + 1)) == 0) {
	b->out_of_memory = 1;
	return (1);
    }
    memcpy(copy, line, len);
    copy[len] = 0;
    if ((clients = split_at(copy, ':')) != 0) {	/* else it warns: always */
	rule->daemons_len = strpbrk(copy, "@[") ? SIDE_EFFECTS : (uint32_t) strlen(copy);
	(void) split_at(clients, ':');
	if ((status = wrap_client_keys(clients, &b->sink)) != WRAP_YES)
	    entry->n_keys = first_key;
	rule->always = status == WRAP_ERR || rule->daemons_len == SIDE_EFFECTS;
	rule->needs_name = b->sink.needs_name;
    }
    free(copy);
    return (status != WRAP_NO || rule->always);
}

/* add_line - classify one physical line; -1: out of memory */
static int add_line(struct builder *b, size_t offset, size_t len, int before)
{
    static const struct wrap_fast_client nobody = { .addr = "" };
    struct cached_table *entry = b->entry;
    const char *line = entry->text + offset;
    struct index_rule rule = { (uint32_t) offset, before, SIDE_EFFECTS, 1, 0 };
    size_t  n = entry->n_rules;
    int     continued = line[len - 1] == '\\'
	|| (len >= 2 && line[len - 2] == '\\' && line[len - 1] == '\n');
    int     passable = wrap_unmatchable_line_length(line, entry->size - offset,
							&nobody) == len;

    if (passable && (line[0] == '#' || memchr(line, ':', len) == 0))
	return (0);				/* comment, blank line */
    if (passable && addresses_only(line, len))
	simple_keys(b, line, len, &rule);
    else if (!continued && memchr(line, 0, len) == 0
	       && !parsed_keys(b, line, len, &rule)) {
	return (b->out_of_memory ? -1 : 0);
    }
    if (b->out_of_memory
	|| wrap_index_grow(&entry->rules, n, sizeof(rule)) < 0
	|| (rule.always && wrap_index_grow(&entry->always, entry->n_always, sizeof(n)) < 0)
	|| (!rule.always && rule.needs_name
	    && wrap_index_grow(&entry->named, entry->n_named, sizeof(n)) < 0))
	return (-1);
    entry->rules[entry->n_rules++] = rule;
    if (rule.always)
	entry->always[entry->n_always++] = n;
    else if (rule.needs_name)
	entry->named[entry->n_named++] = n;
    return (0);
}

/* hash_keys - chain the keys by hash */
static int hash_keys(struct cached_table *entry)
{
    size_t  i;
    uint32_t h;
    struct index_key *key;

    for (entry->n_heads = 16; entry->n_heads < entry->n_keys;)
	entry->n_heads *= 2;
    if ((entry->heads = malloc(entry->n_heads * sizeof(*entry->heads))) == 0)
	return (-1);
    memset(entry->heads, 0xff, entry->n_heads * sizeof(*entry->heads));	/* all -1 */
    for (i = 0; i < entry->n_keys; i++) {
	key = entry->keys + i;
	h = wrap_index_hash(key->type, wrap_key_bytes(entry, key), key->len);
	key->next = entry->heads[h & (entry->n_heads - 1)];
	entry->heads[h & (entry->n_heads - 1)] = (int32_t) i;
    }
    return (0);
}

/* wrap_index_build - index entry->text; -1: out of memory */
int     wrap_index_build(struct cached_table *entry)
{
    struct builder b = { { add_key, 0, 0 }, entry, 0, 0 };
    const char *nl;
    size_t  pos;
    size_t  len;
    int     before = 0;

    b.sink.context = &b;
    for (pos = 0; pos < entry->size; pos += len, before++) {
	nl = memchr(entry->text + pos, '\n', entry->size - pos);
	len = nl ? (size_t) (nl - entry->text) + 1 - pos : entry->size - pos;
	if (add_line(&b, pos, len, before) < 0)
	    return (-1);
    }
    if ((entry->verdicts = malloc(entry->n_rules + 1)) == 0
	|| (entry->asked_always = malloc((entry->n_always + 1) * sizeof(size_t))) == 0)
	return (-1);
    return (hash_keys(entry));
}
