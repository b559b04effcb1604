/*
 * exec_only.c - the floor for any tcpd in the connection benchmark: a
 * wrapper that does nothing but what every tcpd must do at the least,
 * one more execve(). inetd runs it as it runs tcpd, with the daemon's
 * path as argv[0]; it runs that daemon at once.
 */

#include <stdio.h>
#include <unistd.h>

int     main(int argc, char **argv)
{
    (void) argc;
    execv(argv[0], argv);
    perror(argv[0]);
    return (1);
}
