/*
 * perms.c - tcpdchk's check of who may change the policy: a table, a
 * file or the directory of a drop-in table, or a /file pattern list that
 * someone other than root may write lets that someone grant themselves
 * access. Warned about: anything world writable, or with a world-writable
 * directory above it (check_path, shared with tcpdmatch); write
 * permission for an owner or group other than root; and an owner other
 * than root even without write permission (the owner may give it
 * back). Each warning names the path and who; its kind is
 * unsafe-permissions.
 */

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrap.h"
#include "scaffold.h"
#include "perms.h"

/* user_name - a user's name, or "uid N" */
static const char *user_name(uid_t uid, char *buf, size_t size)
{
    const struct passwd *pw = getpwuid(uid);

    if (pw != 0)
	return (pw->pw_name);
    snprintf(buf, size, "uid %lu", (unsigned long) uid);
    return (buf);
}

/* check_owner - a file or directory written, or owned, by someone other
 * than root (world-writable ones are check_path's warning) */
static void check_owner(const char *path, const struct stat *st)
{
    const struct group *gr;
    char    buf[32];

    if ((st->st_mode & 0200) && st->st_uid != 0) {
	if (getpwuid(st->st_uid) != 0)
	    warn_kind("unsafe-permissions",
		"%s: writable by its owner %s, not only by root",
		path, user_name(st->st_uid, buf, sizeof(buf)));
	else
	    warn_kind("unsafe-permissions",
		"%s: writable by its owner (uid %lu), not only by root",
		path, (unsigned long) st->st_uid);
    } else if (st->st_uid != 0) {
	warn_kind("unsafe-permissions",
	    "%s: owned by %s (mode %04o), not by root: the owner may "
	    "make it writable", path, user_name(st->st_uid, buf, sizeof(buf)),
	    (unsigned) (st->st_mode & 07777));
    }
    if ((st->st_mode & 0020) && st->st_gid != 0) {
	if ((gr = getgrgid(st->st_gid)) != 0)
	    warn_kind("unsafe-permissions",
		"%s: writable by group %s", path, gr->gr_name);
	else
	    warn_kind("unsafe-permissions",
		"%s: writable by group %lu", path, (unsigned long) st->st_gid);
    }
}

/* check_permissions - a table or a file of one: who may change it */
void    check_permissions(const char *path)
{
    struct stat st;

    if (check_path(path, &st) == 0)
	check_owner(path, &st);
}

/* check_dropin_dir - the drop-in directory of a table, if there is one:
 * whoever may write it may add a file to the table */
void    check_dropin_dir(const char *table)
{
    struct stat st;
    char   *dir;

    if (asprintf(&dir, "%s.d", table) < 0)
	return;
    if (check_path(dir, &st) == 0 && S_ISDIR(st.st_mode))
	check_owner(dir, &st);
    free(dir);
}

/* check_list_permissions - a /file pattern list, once per path */
void    check_list_permissions(const char *path)
{
    static char **seen;
    static size_t count;
    size_t  i;

    for (i = 0; i < count; i++)
	if (strcmp(seen[i], path) == 0)
	    return;
    seen = xrealloc(seen, (count + 1) * sizeof(*seen));
    seen[count++] = xstrdup(path);
    check_permissions(path);
}
