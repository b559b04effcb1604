/*
 * read_files.c - the floor of reading tables: the median time to open,
 * fstat, read (in chunks of 64 KiB, as the library does, to a short read)
 * and close each of the files named on the command line, as any reader
 * of the table must, printed as "read_ns=N files=M". The library does
 * the same and parses on top.
 *
 * With -o (one-shot) each round is a fresh child process that reads the
 * files once, less the median of a child that reads nothing: what a
 * one-shot process such as tcpd pays for the reading alone, cold caches
 * and a fresh buffer included. With -s each round only stats each path
 * (missing ones too): what a resident process must do on every call to
 * see a change of its tables and their drop-in directories.
 *
 * usage: read_files [-o | -s] [-t SECONDS] FILE...
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define CHUNK		65536
#define ROUNDS_MAX	100000

/* now_ns - the monotonic clock in nanoseconds */
static long long now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long long) ts.tv_sec * 1000000000LL + ts.tv_nsec);
}

/* read_all - read every file once; -1 if one cannot be read */
static int read_all(char **files, int n)
{
    static char buf[CHUNK];
    struct stat st;
    ssize_t got;
    int     fd;
    int     i;

    for (i = 0; i < n; i++) {
	if ((fd = open(files[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
	    return (-1);
	if (fstat(fd, &st) < 0) {
	    close(fd);
	    return (-1);
	}
	while ((got = read(fd, buf, sizeof(buf))) == (ssize_t) sizeof(buf))
	     /* read on */ ;
	close(fd);
	if (got < 0)
	    return (-1);
    }
    return (0);
}

/* stat_all - stat every path once (that some do not exist is no error) */
static int stat_all(char **paths, int n)
{
    struct stat st;
    int     i;

    for (i = 0; i < n; i++)
	(void) stat(paths[i], &st);
    return (0);
}

/* in_child - the time of a child process that reads the files (n > 0)
 * or nothing; -1 if it fails */
static long long in_child(char **files, int n)
{
    long long start = now_ns();
    pid_t   pid;
    int     status;

    if ((pid = fork()) < 0)
	return (-1);
    if (pid == 0)
	_exit(read_all(files, n) < 0);
    if (waitpid(pid, &status, 0) < 0 || status != 0)
	return (-1);
    return (now_ns() - start);
}

/* compare - qsort order of times */
static int compare(const void *a, const void *b)
{
    long long x = *(const long long *) a, y = *(const long long *) b;

    return (x < y ? -1 : x > y);
}

/* median - of n times, sorted in place */
static long long median(long long *times, int n)
{
    qsort(times, (size_t) n, sizeof(*times), compare);
    return (times[n / 2]);
}

int     main(int argc, char **argv)
{
    static long long times[ROUNDS_MAX];
    static long long idle[ROUNDS_MAX];
    double  seconds = 1;
    int     one_shot = 0;
    int     stat_only = 0;
    long long start;
    long long end;
    int     rounds = 0;
    int     ch;

    while ((ch = getopt(argc, argv, "ost:")) != -1) {
	if (ch == 'o')
	    one_shot = 1;
	else if (ch == 's')
	    stat_only = 1;
	else if (ch == 't')
	    seconds = atof(optarg);
	else
	    argc = 0;
    }
    if (optind >= argc) {
	fprintf(stderr, "usage: read_files [-o | -s] [-t SECONDS] FILE...\n");
	return (2);
    }
    argv += optind;
    argc -= optind;
    end = now_ns() + (long long) (seconds * 1e9);
    while (rounds < ROUNDS_MAX && now_ns() < end) {
	start = now_ns();
	if (one_shot ? (idle[rounds] = in_child(argv, 0)) < 0
	    || (times[rounds] = in_child(argv, argc)) < 0
	    : (stat_only ? stat_all(argv, argc) : read_all(argv, argc)) < 0) {
	    perror("read_files");
	    return (1);
	}
	if (!one_shot)
	    times[rounds] = now_ns() - start;
	rounds++;
    }
    printf("read_ns=%lld files=%d\n", median(times, rounds)
	   - (one_shot ? median(idle, rounds) : 0), argc);
    return (0);
}
