/*
 * table_index.h - the resident index of a table, shared by index_build.c
 * (which builds it when the table is read) and table_index.c (which keeps
 * tables in memory and asks the index for the lines to visit).
 */

#ifndef TABLE_INDEX_H
#define TABLE_INDEX_H

#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

/*
 * The index is kept small (a resident daemon holds one per table file):
 * 32-bit offsets and counts, so a table of 4 GiB or more is not indexed
 * (it fails closed, with a message), and a key longer than KEY_MAX bytes
 * is not kept (its rule is visited always).
 */
#define INDEX_MAX	UINT32_MAX	/* bytes of a table that can be indexed */
#define KEY_MAX		UINT16_MAX	/* longest key kept */
#define SIDE_EFFECTS	UINT32_MAX	/* daemon list not to be evaluated early */

struct index_rule {			/* a line that may have to be visited */
    uint32_t offset;			/* where it starts in the text */
    int32_t before;			/* physical lines before it */
    uint32_t daemons_len;		/* its daemon list, or SIDE_EFFECTS */
    uint8_t always;			/* visited whenever its daemons may match */
    uint8_t needs_name;			/* a word is matched against the name */
};

struct index_key {			/* a key of a rule's client list */
    uint32_t bytes;			/* offset in the text or the key arena */
    uint32_t rule;
    int32_t next;			/* next key in the hash chain, or -1 */
    uint16_t len;
    uint8_t type;			/* WRAP_KEY_* */
    uint8_t in_text;			/* the bytes stand in the text as they are */
};

struct cached_table {
    char   *path;			/* 0: slot unused */
    struct stat id;			/* identity when read */
    time_t  loaded_at;			/* when it was read */
    char   *text;
    size_t  size;
    struct index_rule *rules;		/* in line order */
    size_t  n_rules;
    size_t *always;			/* rules visited for every client */
    size_t  n_always;
    size_t *asked_always;		/* those whose daemons may match */
    size_t  n_asked_always;
    size_t *named;			/* keyed rules that need the name */
    size_t  n_named;
    struct index_key *keys;
    size_t  n_keys;
    int32_t *heads;			/* hash chains of keys */
    size_t  n_heads;			/* a power of two */
    char   *arena;			/* key bytes */
    size_t  arena_len;
    uint32_t *masks4;			/* IPv4 netmasks named by the table */
    size_t  n_masks4;
    unsigned char lens6[129];		/* IPv6 prefix lengths named */
    char    asked[STRING_LENGTH + 8];	/* "daemon\nport" of the verdicts */
    signed char *verdicts;		/* per rule: daemons match? -1: not known */
    unsigned long last_use;
};

/* index_build.c */
extern int wrap_index_build(struct cached_table *entry);
extern void wrap_index_free(struct cached_table *entry);
extern uint32_t wrap_index_hash(int type, const char *bytes, size_t len);
extern const char *wrap_key_bytes(const struct cached_table *entry,
				  const struct index_key *key);
extern int wrap_index_grow(void *array_ptr, size_t count, size_t elem_size);

#endif
