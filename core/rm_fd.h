/* rm_fd: whole reads and writes on a file descriptor, through short counts and EINTR. */
#ifndef RM_FD_H
#define RM_FD_H

#include <stddef.h>

/* Writes all len bytes of buf: 0, or -1 when write fails (errno says why) or writes
 * nothing. */
int rm_write_all(int fd, const void *buf, size_t len);
/* Reads exactly len bytes into buf: 1 read whole, 0 at end of file before any byte, -1 on
 * an error or an end of file part way. */
int rm_read_all(int fd, void *buf, size_t len);

#endif
