/*
 * lockout.h - tcpdchk's lock-out guard (lockout.c): inside an SSH
 * session, warn first when the tables would refuse its client for sshd.
 */

#ifndef LOCKOUT_H
#define LOCKOUT_H

extern void check_lockout(void (*resume) (void));

#endif /* LOCKOUT_H */
