/*
 * readfile.c - open a file that must be a regular file, without ever
 * blocking on a FIFO or a device, and read it whole or in chunks; tell
 * whether a file or directory read before is still the same; write a
 * buffer whole. Below everything that reads or writes files: tables
 * (table.c, table_index.c, dropin.c, tcpdban), /file pattern lists
 * (match.c) and banners (options.c).
 *
 * A file that is not a regular file is never read: a FIFO would hang a
 * daemon, a directory or a device is a mistake. Every problem but a
 * missing file is warned about here, naming the file.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wrap.h"

#define CHUNK		65536		/* bytes read at a time */

/*
 * wrap_open_regular - open a regular file for reading. WRAP_YES with *fd
 * and *st; WRAP_NO when it does not exist; WRAP_ERR (warned) otherwise.
 */
enum wrap_result wrap_open_regular(const char *path, int *fd, struct stat *st)
{
    if ((*fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
	if (errno == ENOENT)
	    return (WRAP_NO);
	tcpd_warn("cannot open %s: %m", path);
	return (WRAP_ERR);
    }
    if (fstat(*fd, st) < 0) {
	tcpd_warn("cannot stat %s: %m", path);
    } else if (!S_ISREG(st->st_mode)) {
	tcpd_warn("cannot open %s: not a regular file", path);
    } else {
	return (WRAP_YES);
    }
    close(*fd);
    *fd = -1;
    return (WRAP_ERR);
}

/*
 * wrap_read_more - append up to want bytes of the file to text; 0, or -1
 * (warned). The text stays NUL-terminated and followed by WRAP_TEXT_PAD
 * more bytes, so the fast path may read a few words past its end. A read
 * of a regular file that returns less than asked has reached the end:
 * no second read is needed to see it (a table read as a drop-in file is
 * usually small, and a system call saved is a good part of its cost).
 */
int     wrap_read_more(struct wrap_text *text, int fd, const char *path,
		               size_t want)
{
    size_t  need = text->size + want + 1 + WRAP_TEXT_PAD;
    char   *bigger;
    ssize_t got;

    if (need > text->cap) {
	if ((bigger = realloc(text->bytes, need)) == 0) {
	    tcpd_warn("cannot read %s: out of memory", path);
	    return (-1);
	}
	text->bytes = bigger;
	text->cap = need;
    }
    while ((got = read(fd, text->bytes + text->size, want)) < 0) {
	if (errno != EINTR) {
	    tcpd_warn("cannot read %s: %m", path);
	    return (-1);
	}
    }
    text->size += (size_t) got;
    text->bytes[text->size] = 0;
    text->eof = ((size_t) got < want);
    return (0);
}

/*
 * wrap_read_file - read a whole regular file into *text (malloc'd,
 * padded as by wrap_read_more), and its identity into *st. WRAP_NO when
 * it does not exist, WRAP_ERR (warned) when it cannot be read.
 */
enum wrap_result wrap_read_file(const char *path, struct wrap_text *text,
				        struct stat *st)
{
    enum wrap_result status;
    int     fd;

    memset(text, 0, sizeof(*text));
    if ((status = wrap_open_regular(path, &fd, st)) != WRAP_YES)
	return (status);
    while (!text->eof && wrap_read_more(text, fd, path, CHUNK) == 0)
	 /* read on */ ;
    close(fd);
    if (!text->eof) {
	free(text->bytes);
	memset(text, 0, sizeof(*text));
	return (WRAP_ERR);
    }
    return (WRAP_YES);
}

/*
 * wrap_still_same - is the file or directory now described by st still
 * the one described by then, read at read_at? File times are as coarse
 * as the kernel's clock tick, so what was read within two seconds of its
 * last change might miss a same-size rewrite in the same tick: it is
 * never trusted, and is read again.
 */
int     wrap_still_same(const struct stat *then, time_t read_at,
			        const struct stat *st)
{
    time_t  changed = then->st_mtim.tv_sec > then->st_ctim.tv_sec ?
	then->st_mtim.tv_sec : then->st_ctim.tv_sec;

    return (changed + 2 <= read_at
	    && st->st_dev == then->st_dev && st->st_ino == then->st_ino
	    && st->st_size == then->st_size
	    && st->st_mtim.tv_sec == then->st_mtim.tv_sec
	    && st->st_mtim.tv_nsec == then->st_mtim.tv_nsec
	    && st->st_ctim.tv_sec == then->st_ctim.tv_sec
	    && st->st_ctim.tv_nsec == then->st_ctim.tv_nsec);
}

/* wrap_write_all - write a whole buffer; 0, or -1 (errno set) */
int     wrap_write_all(int fd, const char *data, size_t len)
{
    ssize_t done;

    while (len > 0) {
	if ((done = write(fd, data, len)) < 0) {
	    if (errno == EINTR)
		continue;
	    return (-1);
	}
	data += done;
	len -= (size_t) done;
    }
    return (0);
}
