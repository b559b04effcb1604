/*
 * try-from.c - shows what the library learns about the connection on
 * standard input. An administrator runs it from inetd (or behind tcpd)
 * and connects to it to see the addresses and names that access rules
 * will be matched against: the same eight lines as Debian's try-from.
 *
 * Diagnostics (a failed lookup, stdin not a socket) go through the
 * library's reporting path, to syslog, as in Debian.
 */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wrap.h"

/* show - print one labelled expansion of a % sequence */
static void show(const char *label, char *sequence,
		 struct request_info *request)
{
    char    buf[WRAP_EXPANSION_MAX];

    printf("%s (%s): %s\n", label, sequence,
	   percent_x(buf, (int) sizeof(buf), sequence, request));
}

/* main - describe both ends of the connection on descriptor 0 */
int     main(int argc, char **argv)
{
    struct request_info request;
    const char *name = (argc > 0 && argv[0] != 0) ? argv[0] : "";
    const char *slash;

    /* The process name is the basename, just as tcpd would use it. */
    if ((slash = strrchr(name, '/')) != 0)
	name = slash + 1;
    request_init(&request, RQ_DAEMON, name, RQ_FILE, STDIN_FILENO, 0);
    fromhost(&request);

    show("client address ", "%a", &request);
    show("client hostname", "%n", &request);
    show("client username", "%u", &request);
    show("client info    ", "%c", &request);
    show("server address ", "%A", &request);
    show("server hostname", "%N", &request);
    show("server process ", "%d", &request);
    show("server info    ", "%s", &request);
    return (fflush(stdout) == EOF);
}
