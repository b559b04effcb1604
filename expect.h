/*
 * expect.h - tcpdmatch --expect (expect.c): check a file of expected
 * verdicts against the tables, in one process.
 */

#ifndef EXPECT_H
#define EXPECT_H

extern int expect_file(const char *path, int paranoid_mode);

#endif /* EXPECT_H */
