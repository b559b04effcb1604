/*
 * dropin.c - a table is a file and a directory: the table T is the file T
 * followed by the files of the directory T.d, in the byte order of their
 * names, read as if they were one file (the first match wins across all
 * of them). So a ban tool, a config-management run and an administrator
 * each own a file of their own, and none rewrites another's.
 *
 * Only names without a "." that do not end in "~" are read (the rule
 * sudo uses for /etc/sudoers.d): package-manager and editor leftovers
 * (bans.dpkg-old, .bans.swp, bans~) and temporary files are never read.
 * A missing directory is empty; one that cannot be read makes the table
 * unreadable (it fails closed, as an unreadable file does). The directory
 * is read only when no rule of the file T matched.
 *
 * A resident process asks with the cache on: the listing is kept while
 * the directory's identity (device, inode, modification and change
 * times) is unchanged and old enough to be trusted (wrap_still_same(),
 * as table_index.c keeps files); a name added, removed or renamed changes
 * those times.
 */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wrap.h"

#define LISTING_SLOTS	4		/* directory listings kept at once */

struct listing {			/* a cache entry */
    char   *dir;			/* 0: slot unused */
    struct stat id;			/* identity when listed */
    time_t  listed_at;
    struct wrap_table_parts parts;
    unsigned long last_use;
};

static struct listing listings[LISTING_SLOTS];	/* cache, resident only */
static unsigned long listing_uses;

/*
 * wrap_dropin_is_lock - is the name that of a writer's lock file beside
 * the file it locks: ".NAME.lock", where NAME would be read (tcpdban's
 * lock, which it keeps for ever so that every run locks the same file)?
 */
int     wrap_dropin_is_lock(const char *name)
{
    static const char suffix[] = ".lock";
    size_t  len = strlen(name);
    size_t  base_len;

    if (name[0] != '.' || len < sizeof(suffix) + 1
	|| strcmp(name + len - (sizeof(suffix) - 1), suffix) != 0)
	return (0);
    base_len = len - 1 - (sizeof(suffix) - 1);
    return (memchr(name + 1, '.', base_len) == 0 && name[base_len] != '~');
}

/* wrap_dropin_skip_reason - why a name in T.d is not read, or 0 */
const char *wrap_dropin_skip_reason(const char *name)
{
    size_t  len = strlen(name);

    if (wrap_dropin_is_lock(name))
	return ("it is a lock file (tcpdban's, beside the file it locks)");
    if (strchr(name, '.') != 0)
	return ("its name has a \".\" (backups and temporary files are never read)");
    if (len > 0 && name[len - 1] == '~')
	return ("its name ends in \"~\" (an editor's backup)");
    return (0);
}

/* compare_names - qsort order of paths: the byte order of the names */
static int compare_names(const void *a, const void *b)
{
    return (strcmp(*(char *const *) a, *(char *const *) b));
}

/* add_part - append a malloc'd path to the parts; -1: out of memory */
static int add_part(struct wrap_table_parts *parts, char *path)
{
    char  **bigger;

    if (path == 0 || (bigger = realloc(parts->paths, (parts->count + 1)
				       * sizeof(*bigger))) == 0) {
	free(path);
	return (-1);
    }
    parts->paths = bigger;
    parts->paths[parts->count++] = path;
    return (0);
}

/* report_skipped - tell skipped of every name passed over, in order */
static void report_skipped(struct wrap_table_parts *passed, wrap_skip_fn skipped,
			           void *context)
{
    size_t  i;

    if (passed->count > 1)
	qsort(passed->paths, passed->count, sizeof(*passed->paths), compare_names);
    for (i = 0; i < passed->count; i++)
	skipped(passed->paths[i],
		wrap_dropin_skip_reason(strrchr(passed->paths[i], '/') + 1), context);
    wrap_table_parts_free(passed);
}

/*
 * list_directory - the files of dir to read, in order, after the ones
 * parts holds; skipped (if not 0) hears of every name passed over.
 */
static enum wrap_result list_directory(const char *dir, struct wrap_table_parts *parts,
				               wrap_skip_fn skipped, void *context)
{
    struct wrap_table_parts passed = {0, 0};
    DIR    *dp;
    struct dirent *entry;
    char   *path;
    size_t  first = parts->count;
    int     failed = 0;

    if ((dp = opendir(dir)) == 0) {
	if (errno == ENOENT)
	    return (WRAP_YES);			/* no directory: nothing more */
	tcpd_warn("cannot read directory %s: %m (fail closed)", dir);
	return (WRAP_ERR);
    }
    while (!failed && (errno = 0, entry = readdir(dp)) != 0) {
	if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
	    continue;
	if (asprintf(&path, "%s/%s", dir, entry->d_name) < 0)
	    path = 0;
	if (wrap_dropin_skip_reason(entry->d_name) == 0)
	    failed = add_part(parts, path) < 0;
	else if (skipped != 0)
	    failed = add_part(&passed, path) < 0;
	else
	    free(path);
    }
    failed |= errno != 0;
    if (failed)
	tcpd_warn("cannot read directory %s: %m (fail closed)", dir);
    closedir(dp);
    if (skipped != 0)
	report_skipped(&passed, skipped, context);
    if (parts->count > first)
	qsort(parts->paths + first, parts->count - first, sizeof(*parts->paths),
	      compare_names);
    return (failed ? WRAP_ERR : WRAP_YES);
}

/* wrap_table_parts_free - release what wrap_dropin_files() made */
void    wrap_table_parts_free(struct wrap_table_parts *parts)
{
    size_t  i;

    for (i = 0; i < parts->count; i++)
	free(parts->paths[i]);
    free(parts->paths);
    memset(parts, 0, sizeof(*parts));
}

/* append_parts - copies of the paths of from after those of to; -1: out
 * of memory */
static int append_parts(const struct wrap_table_parts *from,
			        struct wrap_table_parts *to)
{
    size_t  i;

    for (i = 0; i < from->count; i++)
	if (add_part(to, strdup(from->paths[i])) < 0)
	    return (-1);
    return (0);
}

/*
 * cached_directory - the listing of dir from the cache, listed again when
 * the directory changed; WRAP_NO when it is missing (nothing is kept).
 */
static enum wrap_result cached_directory(const char *dir,
				                 struct wrap_table_parts *parts)
{
    struct listing *slot = 0;
    struct stat st;
    enum wrap_result status;
    int     i;

    if (stat(dir, &st) < 0)
	return (errno == ENOENT ? WRAP_NO : list_directory(dir, parts, 0, 0));
    for (i = 0; i < LISTING_SLOTS && slot == 0; i++)
	if (listings[i].dir != 0 && strcmp(listings[i].dir, dir) == 0)
	    slot = listings + i;
    if (slot == 0) {				/* the least recently used */
	for (slot = listings, i = 1; i < LISTING_SLOTS; i++)
	    if (listings[i].last_use < slot->last_use)
		slot = listings + i;
    } else if (wrap_still_same(&slot->id, slot->listed_at, &st)) {
	slot->last_use = ++listing_uses;
	return (append_parts(&slot->parts, parts) < 0 ? WRAP_ERR : WRAP_YES);
    }
    free(slot->dir);
    wrap_table_parts_free(&slot->parts);
    memset(slot, 0, sizeof(*slot));
    if ((status = list_directory(dir, &slot->parts, 0, 0)) != WRAP_YES
	|| (slot->dir = strdup(dir)) == 0) {
	wrap_table_parts_free(&slot->parts);
	return (WRAP_ERR);
    }
    slot->id = st;
    slot->listed_at = time((time_t *) 0);
    slot->last_use = ++listing_uses;
    return (append_parts(&slot->parts, parts) < 0 ? WRAP_ERR : WRAP_YES);
}

/*
 * wrap_dropin_files - the files of the drop-in directory of the table at
 * path (path.d), in order. cached: a resident process (keep listings);
 * skipped: told of every name passed over (tcpdchk), or 0. WRAP_YES, or
 * WRAP_ERR (warned): the table fails closed.
 */
enum wrap_result wrap_dropin_files(const char *path, int cached,
				           wrap_skip_fn skipped, void *context,
				           struct wrap_table_parts *parts)
{
    char   *dir;
    enum wrap_result status;

    memset(parts, 0, sizeof(*parts));
    if (asprintf(&dir, "%s.d", path) < 0) {
	tcpd_warn("cannot read %s.d: out of memory (fail closed)", path);
	return (WRAP_ERR);
    }
    status = cached ? cached_directory(dir, parts)
	: list_directory(dir, parts, skipped, context);
    free(dir);
    if (status == WRAP_ERR) {
	wrap_table_parts_free(parts);
	return (WRAP_ERR);
    }
    return (WRAP_YES);
}
