/*
 * read_files.c - the floor of reading a drop-in directory: the median
 * time to open, fstat, read and close each of the files named on the
 * command line, as any reader of the table must, printed as
 * "read_ns=N files=M". The library does the same and parses on top.
 *
 * usage: read_files [-t SECONDS] FILE...
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

/* now_ns - the monotonic clock in nanoseconds */
static long long now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long long) ts.tv_sec * 1000000000LL + ts.tv_nsec);
}

/* read_all - read every file once; -1 if one cannot be read */
static int read_all(char **files, int n, char *buf, size_t size)
{
    struct stat st;
    int     fd;
    int     i;

    for (i = 0; i < n; i++) {
	if ((fd = open(files[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
	    return (-1);
	if (fstat(fd, &st) < 0 || read(fd, buf, size) < 0) {
	    close(fd);
	    return (-1);
	}
	close(fd);
    }
    return (0);
}

/* compare - qsort order of times */
static int compare(const void *a, const void *b)
{
    long long x = *(const long long *) a, y = *(const long long *) b;

    return (x < y ? -1 : x > y);
}

int     main(int argc, char **argv)
{
    static char buf[1 << 20];
    static long long times[100000];
    double  seconds = 1;
    long long start;
    long long end;
    int     rounds = 0;

    if (argc > 2 && strcmp(argv[1], "-t") == 0) {
	seconds = atof(argv[2]);
	argv += 2;
	argc -= 2;
    }
    if (argc < 2) {
	fprintf(stderr, "usage: read_files [-t SECONDS] FILE...\n");
	return (2);
    }
    end = now_ns() + (long long) (seconds * 1e9);
    while (rounds < 100000 && now_ns() < end) {
	start = now_ns();
	if (read_all(argv + 1, argc - 1, buf, sizeof(buf)) < 0) {
	    perror("read_files");
	    return (1);
	}
	times[rounds++] = now_ns() - start;
    }
    qsort(times, (size_t) rounds, sizeof(*times), compare);
    printf("read_ns=%lld files=%d\n", times[rounds / 2], argc - 1);
    return (0);
}
