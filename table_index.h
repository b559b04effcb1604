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
 * 32-bit offsets, so a table of 4 GiB or more is not
 * indexed (it fails closed, with a message). A key is kept as its 32-bit
 * hash only: two keys with one hash make a rule a candidate for a client
 * it cannot match, which costs a visit and changes nothing (the matcher
 * decides every visited line).
 */
#define INDEX_MAX	UINT32_MAX	/* bytes of a table that can be indexed */

/*
 * A rule's line number is counted when it is visited, from the last mark
 * before it; a mark is set every MARK_RULES rules, and at the first rule
 * more than MARK_BYTES after the last mark, so that no count reads more
 * than that.
 */
#define MARK_RULES	64
#define MARK_BYTES	65536

struct index_mark {
    uint32_t offset;			/* where a rule starts */
    uint32_t before;			/* physical lines before it */
};

enum {					/* what else is known of a rule */
    RULE_ALWAYS = 1,			/* visited whenever its daemons may match */
    RULE_NAMED = 2,			/* a word is matched against the name */
    RULE_SIDE_EFFECTS = 4,		/* daemon list not evaluated early */
};

struct index_slot {			/* open addressing, linear probing */
    uint32_t hash;			/* of a key of the rule's client list */
    uint32_t rule;			/* rule number + 1; 0: the slot is free */
};

struct cached_table {
    char   *path;			/* 0: slot unused */
    struct stat id;			/* identity when read */
    time_t  loaded_at;			/* when it was read */
    char   *text;
    size_t  size;
    uint32_t *rules;			/* where each starts, in line order */
    uint8_t *rule_flags;		/* RULE_*, per rule */
    size_t  n_rules;
    struct index_mark *marks;		/* in line order */
    size_t  n_marks;
    size_t *always;			/* rules visited for every client */
    size_t  n_always;
    size_t *asked_always;		/* those whose daemons may match */
    size_t  n_asked_always;
    size_t *named;			/* keyed rules that need the name */
    size_t  n_named;
    struct index_slot *slots;		/* at most 3/4 used */
    size_t  n_slots;
    size_t  n_keys;
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
extern size_t wrap_index_slot(uint32_t hash, size_t n_slots);
extern int wrap_index_grow(void *array_ptr, size_t count, size_t elem_size);

#endif
