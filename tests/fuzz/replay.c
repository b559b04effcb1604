/*
 * replay.c - main() for a fuzz target without libFuzzer: feeds it every
 * file named on the command line, or every file in a named directory,
 * once. Used by tests/fuzz.test to replay the saved corpus.
 */

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* replay_file - run the target once on one file's bytes */
static int replay_file(const char *path)
{
    FILE   *fp;
    uint8_t *data;
    long    size;

    if ((fp = fopen(path, "rb")) == 0 || fseek(fp, 0, SEEK_END) != 0
	|| (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
	perror(path);
	return (1);
    }
    /* Exactly size bytes, so that ASan sees any read past the input. */
    if ((data = malloc(size ? (size_t) size : 1)) == 0
	|| fread(data, 1, (size_t) size, fp) != (size_t) size) {
	perror(path);
	return (1);
    }
    fclose(fp);
    (void) LLVMFuzzerTestOneInput(data, (size_t) size);
    free(data);
    return (0);
}

/* main - replay every file given, directories one level deep */
int     main(int argc, char **argv)
{
    struct stat st;
    struct dirent *ent;
    DIR    *dir;
    char    path[4096];
    int     count = 0;
    int     i;

    for (i = 1; i < argc; i++) {
	if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
	    if ((dir = opendir(argv[i])) == 0) {
		perror(argv[i]);
		return (1);
	    }
	    while ((ent = readdir(dir)) != 0) {
		if (ent->d_name[0] == '.')
		    continue;
		snprintf(path, sizeof(path), "%s/%s", argv[i], ent->d_name);
		if (replay_file(path) != 0)
		    return (1);
		count++;
	    }
	    closedir(dir);
	} else {
	    if (replay_file(argv[i]) != 0)
		return (1);
	    count++;
	}
    }
    printf("%d inputs\n", count);
    return (0);
}
