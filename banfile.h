/*
 * banfile.h - the lines that tcpdban writes and recognises (banfile.c):
 * "DAEMONS: ADDRESS [: expires WHEN] [: comment TEXT]".
 */

#ifndef BANFILE_H
#define BANFILE_H

#include <stddef.h>
#include <time.h>

#include "wrap.h"

struct ban {
    char   *daemons;			/* "ALL", "sshd,in.ftpd" (malloc'd) */
    char    address[WRAP_ADDRESS_MAX];	/* canonical (address.c) */
    int     expires;			/* it has an end ... */
    time_t  until;			/* ... at this moment */
    char   *comment;			/* as meant, no escapes (malloc'd), or 0 */
};

/*
 * One step of a batch (tcpdban batch): a line "add ADDRESS [DURATION]" or
 * "del ADDRESS", words separated by blanks; empty lines and "#" lines
 * are no step.
 */
struct ban_step {
    int     release;			/* del, not add */
    char    address[WRAP_ADDRESS_MAX];	/* canonical (on refusal: a hint, or "") */
    long    seconds;			/* add: the duration, or 0: no end */
};

extern int ban_parse_step(const char *line, size_t len, struct ban_step *step,
			          const char **why);
extern int ban_parse_line(const char *line, size_t len, struct ban *ban);
extern char *ban_format(const struct ban *ban, size_t *len);
extern int ban_daemons(const char *text, char **daemons, const char **why);
extern int ban_same_daemons(const char *one, const char *other);
extern char *ban_comment(const char *text);
extern void ban_free(struct ban *ban);

#endif /* BANFILE_H */
