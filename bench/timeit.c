/*
 * timeit.c - times one command for bench/ban.sh: forks, runs it with
 * standard input from IN (or /dev/null) and its output discarded, waits,
 * and prints the wall time from fork to exit and the CPU time (user and
 * system) of the command, in microseconds. Exit 1 when the command cannot
 * be run or does not exit with status 0.
 *
 * usage: timeit IN COMMAND [ARG...]
 */

#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* now_us - the monotonic clock in microseconds */
static long long now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long long) ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

/* main - run argv[2...] once, say how long it took */
int     main(int argc, char **argv)
{
    struct rusage usage;
    long long start;
    long long wall;
    int     status;
    int     in;
    int     out;
    pid_t   pid;

    if (argc < 3) {
	fprintf(stderr, "usage: timeit IN COMMAND [ARG...]\n");
	return (1);
    }
    if ((in = open(argv[1], O_RDONLY)) < 0 || (out = open("/dev/null", O_WRONLY)) < 0) {
	perror(argv[1]);
	return (1);
    }
    start = now_us();
    if ((pid = fork()) == 0) {
	dup2(in, 0);
	dup2(out, 1);
	dup2(out, 2);
	execvp(argv[2], argv + 2);
	_exit(127);
    }
    if (pid < 0 || wait4(pid, &status, 0, &usage) != pid)
	return (1);
    wall = now_us() - start;
    printf("%lld %lld\n", wall,
	   (long long) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000
	   + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
    return (WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1);
}
