/*
 * service.c - the tiny network service of the connection benchmark:
 * started with the connection on descriptors 0, 1 and 2 (by
 * bench/spawner directly, or through tcpd), it answers "ok" and exits.
 */

#include <unistd.h>

/* main - answer and exit */
int     main(void)
{
    static const char answer[] = "ok\n";

    return write(1, answer, sizeof(answer) - 1) == sizeof(answer) - 1 ? 0 : 1;
}
