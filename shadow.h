/*
 * shadow.h - tcpdchk's lint for rules that an earlier rule of the same
 * table hides entirely (shadow.c).
 */

#ifndef SHADOW_H
#define SHADOW_H

struct wrap_rule;
struct shadow_index;

extern struct shadow_index *shadow_new(void);
extern void shadow_check(struct shadow_index *index, const struct wrap_rule *rule);
extern void shadow_free(struct shadow_index *index);

#endif /* SHADOW_H */
