/*
 * perms.h - tcpdchk's check of who may change the policy (perms.c).
 */

#ifndef PERMS_H
#define PERMS_H

extern void check_permissions(const char *path);
extern void check_dropin_dir(const char *table);
extern void check_list_permissions(const char *path);

#endif /* PERMS_H */
