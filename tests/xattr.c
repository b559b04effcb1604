/*
 * xattr.c - test helper for tcpdban.test: sets or shows one extended
 * attribute of a file, so the test needs no setfattr (package attr).
 * Exit 3 when the file system or the kernel refuses extended attributes
 * (the test then skips), 1 on any other error.
 *
 * usage: xattr set FILE NAME VALUE
 *        xattr get FILE NAME
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

/* refused - did the file system or the kernel refuse attributes? */
static int refused(int err)
{
    return (err == ENOTSUP || err == EPERM || err == EACCES);
}

/* main - set or show one attribute */
int     main(int argc, char **argv)
{
    char    value[4096];
    ssize_t len;

    if (argc == 5 && strcmp(argv[1], "set") == 0) {
	if (setxattr(argv[2], argv[3], argv[4], strlen(argv[4]), 0) == 0)
	    return (0);
    } else if (argc == 4 && strcmp(argv[1], "get") == 0) {
	if ((len = getxattr(argv[2], argv[3], value, sizeof(value))) >= 0) {
	    printf("%.*s\n", (int) len, value);
	    return (0);
	}
    } else {
	fprintf(stderr, "usage: xattr set FILE NAME VALUE | xattr get FILE NAME\n");
	return (1);
    }
    perror(argv[2]);
    return (refused(errno) ? 3 : 1);
}
