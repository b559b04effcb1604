/*
 * fuzz.h - what the fuzz targets share: a silent report function, a
 * private scratch directory for the files a target writes, and a reader
 * that takes one line at a time off the fuzzer's input. The targets are
 * libFuzzer entry points (LLVMFuzzerTestOneInput); replay.c gives them a
 * main() that feeds them the saved corpus without libFuzzer.
 */

#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../wrap.h"

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fuzz_quiet - the report function: reports are dropped */
static inline void fuzz_quiet(int priority, const char *text)
{
    (void) priority;
    (void) text;
}

static char fuzz_dir[64];		/* scratch directory, once made */
static const char *const fuzz_files[] = {"allow", "deny", "inetd.conf", 0};

/* fuzz_cleanup - remove the scratch directory and what a target wrote */
static void fuzz_cleanup(void)
{
    char    path[128];
    int     i;

    for (i = 0; fuzz_files[i]; i++) {
	snprintf(path, sizeof(path), "%s/%s", fuzz_dir, fuzz_files[i]);
	(void) unlink(path);
    }
    (void) rmdir(fuzz_dir);
}

/* fuzz_path - a file name (one of fuzz_files) in the scratch directory */
static inline const char *fuzz_path(const char *name)
{
    static char path[128];

    if (fuzz_dir[0] == 0) {
	snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/wrapfuzz.XXXXXX");
	if (mkdtemp(fuzz_dir) == 0)
	    abort();
	atexit(fuzz_cleanup);
    }
    snprintf(path, sizeof(path), "%s/%s", fuzz_dir, name);
    snprintf(path, sizeof(path), "%s/%s", fuzz_dir, name);
    return (path);
}

/* fuzz_write - replace a file with size bytes of data */
static inline void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE   *fp;

    (void) unlink(path);
    if ((fp = fopen(path, "w")) == 0)
	abort();
    if (size > 0 && fwrite(data, 1, size, fp) != size)
	abort();
    if (fclose(fp) != 0)
	abort();
}

/* fuzz_line - copy the next line (up to newline or end) into buf */
static inline void fuzz_line(const uint8_t **data, size_t *size, char *buf,
		      size_t buf_size)
{
    const uint8_t *nl = memchr(*data, '\n', *size);
    size_t  len = nl ? (size_t) (nl - *data) : *size;
    size_t  copy = len < buf_size - 1 ? len : buf_size - 1;

    memcpy(buf, *data, copy);
    buf[copy] = 0;
    *data += len + (nl != 0);
    *size -= len + (nl != 0);
}

#endif /* FUZZ_H */
