/*
 * shadow.c - tcpdchk's lint for rules that can never decide anything:
 * an earlier rule of the same table matches every request that they
 * match. That holds when both lists of the earlier rule are free of
 * EXCEPT, each word of the later rule's lists (before its first EXCEPT)
 * is a word of the earlier rule's, or the earlier list holds ALL, and the
 * earlier rule has neither aclexec nor expires (the options after which
 * the scan may go on). Matching a word depends only on the word and the request, so
 * this is sound. Earlier rules are kept in a hash index by client word,
 * so big tables stay cheap; the caller owns the index, one per table (a
 * file and the files of its drop-in directory are one table).
 */

#include <stdlib.h>
#include <string.h>

#include "wrap.h"
#include "scaffold.h"
#include "shadow.h"

#define SHADOW_BUCKETS	4096		/* hash chains of the index */

struct shadow_rule {
    char   *file;			/* the file of the table it is in */
    int     line;
    size_t  order;			/* its place among the table's rules */
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

struct shadow_index {
    struct shadow_link *buckets[SHADOW_BUCKETS];
    struct shadow_link *all_clients;	/* rules with ALL clients, in order */
    struct shadow_link **all_tail;
    struct shadow_rule **rules;		/* every indexed rule */
    size_t  count;
    size_t  checked;			/* rules seen so far */
};

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
	words = xrealloc(words, (count + 2) * sizeof(*words));
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
    free(rule->file);
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
	if (best && link->rule->order >= best->order)
	    continue;
	if ((word == 0 || strcmp(link->word, word) == 0)
	    && covers(link->rule->daemons, link->rule->all_daemons, later->daemons)
	    && covers(link->rule->clients, link->rule->all_clients, later->clients))
	    best = link->rule;
    }
    return (best);
}

/* shadow_add - put a rule in the index */
static void shadow_add(struct shadow_index *index, struct shadow_rule *rule)
{
    struct shadow_link *link;
    char  **wp;

    index->rules = xrealloc(index->rules, (index->count + 1) * sizeof(*index->rules));
    index->rules[index->count++] = rule;
    for (wp = rule->clients; *wp; wp++) {
	link = xmalloc(sizeof(*link));
	link->word = *wp;
	link->rule = rule;
	if (rule->all_clients) {
	    link->next = 0;
	    *index->all_tail = link;
	    index->all_tail = &link->next;
	    return;
	}
	link->next = index->buckets[shadow_hash(*wp)];
	index->buckets[shadow_hash(*wp)] = link;
    }
}

/* shadow_new - an empty index, for the rules of one table */
struct shadow_index *shadow_new(void)
{
    struct shadow_index *index = xmalloc(sizeof(*index));

    memset(index, 0, sizeof(*index));
    index->all_tail = &index->all_clients;
    return (index);
}

/* free_chain - release one chain of links */
static void free_chain(struct shadow_link *link)
{
    struct shadow_link *next;

    for (; link; link = next) {
	next = link->next;
	free(link);
    }
}

/* shadow_free - release an index and its rules */
void    shadow_free(struct shadow_index *index)
{
    size_t  i;

    for (i = 0; i < SHADOW_BUCKETS; i++)
	free_chain(index->buckets[i]);
    free_chain(index->all_clients);
    for (i = 0; i < index->count; i++)
	free_rule(index->rules[i]);
    free(index->rules);
    free(index);
}

/* shadow_check - warn when an earlier rule hides this one; then index it */
void    shadow_check(struct shadow_index *index, const struct wrap_rule *rule)
{
    struct shadow_rule *this = xmalloc(sizeof(*this));
    const struct shadow_rule *by;
    int     daemon_except;
    int     client_except;

    this->file = xstrdup(tcpd_context.file ? tcpd_context.file : "");
    this->line = rule->line;
    this->order = index->checked++;
    this->daemons = split_words(rule->daemons, &daemon_except, &this->all_daemons);
    this->clients = split_words(rule->clients, &client_except, &this->all_clients);
    if (this->daemons == 0 || this->clients == 0) {
	free_rule(this);
	return;
    }
    by = shadowed_by(index->buckets[shadow_hash(this->clients[0])],
		     this->clients[0], this, (struct shadow_rule *) 0);
    by = shadowed_by(index->all_clients, (char *) 0, this, by);
    if (by && strcmp(by->file, this->file) == 0)
	warn_kind("shadowed",
	    "rule can never match: line %d matches every request "
	    "that it matches", by->line);
    else if (by)
	warn_kind("shadowed",
	    "rule can never match: %s line %d matches every request "
	    "that it matches", by->file, by->line);
    if (daemon_except || client_except
	|| (rule->options && (strcasestr(rule->options, "aclexec") != 0
			      || strcasestr(rule->options, "expires") != 0))) {
	free_rule(this);
	return;
    }
    shadow_add(index, this);
}
