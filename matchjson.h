/*
 * matchjson.h - tcpdmatch --json (matchjson.c): the predictions as one
 * JSON document.
 */

#ifndef MATCHJSON_H
#define MATCHJSON_H

struct request_info;

extern void matchjson_start(void);
extern void matchjson_begin(void);
extern void matchjson_end(struct request_info *request, const char *verdict,
			  const char *instead);
extern void matchjson_finish(void);

#endif /* MATCHJSON_H */
