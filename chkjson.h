/*
 * chkjson.h - tcpdchk --json (chkjson.c): the report as one JSON
 * document.
 */

#ifndef CHKJSON_H
#define CHKJSON_H

struct wrap_rule;

extern void chkjson_start(void);
extern void chkjson_file(const char *path, const char *table,
			 const char *status, const char *why);
extern void chkjson_rule_begin(const struct wrap_rule *rule, const char *table);
extern void chkjson_rule_end(int verdict);
extern void chkjson_relabel(const char *from, const char *to);
extern void chkjson_finish(void);

#endif /* CHKJSON_H */
