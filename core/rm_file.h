/* rm_file: the one way remelt creates, replaces and opens files, safe in a folder that others
 * can write: nothing is created through a symlink, and nothing blocks on a FIFO. */
#ifndef RM_FILE_H
#define RM_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "rm_error.h"

/* Opens path read-only; refuses (naming path) anything but a regular file, without ever
 * blocking on a FIFO. nofollow: a symlink is refused too. Returns the fd or -1; errno ENOENT
 * (and err set) when it does not exist. */
int rm_file_open_read(const char *path, bool nofollow, struct rm_error *err);

/* rm_file_open_read as a stdio stream (follows symlinks); NULL with errno and err set. */
FILE *rm_file_fopen_read(const char *path, struct rm_error *err);

/* Replaces path with len bytes atomically: a new file beside it under an unpredictable name
 * (O_EXCL, never through a symlink), fsync, rename over path, fsync of the folder. The new
 * file gets mode. */
int rm_file_replace(const char *path, const void *buf, size_t len, mode_t mode,
                    struct rm_error *err);

/* Writes a report to path: a character device (/dev/null, a terminal) is written through;
 * anything else that is not a regular file (FIFO, folder, block device) is refused; a file
 * is replaced atomically (rm_file_replace) keeping its permission bits (new files 0644). */
int rm_file_output(const char *path, const void *buf, size_t len, struct rm_error *err);

/* An unnamed new file in path's folder (O_TMPFILE) for rm_file_link to name path; where the
 * file system has no unnamed files, path itself, created exclusively. Returns the fd or -1. */
int rm_file_anon(const char *path, struct rm_error *err);
/* Makes fd's bytes durable (fchmod mode, fsync) and names it path, replacing whatever name
 * is there (a symlink planted there is replaced, never followed; the caller, under its lock,
 * owns path). Closes fd. */
int rm_file_link(int fd, const char *path, mode_t mode, struct rm_error *err);
/* Whether name is one of rm_file_link's passing names for base ("base." and 16 hex digits),
 * which a crash between its link and its rename can leave behind. */
bool rm_file_is_link_temp(const char *name, const char *base);

/* fsync of a folder: makes renames and unlinks in it durable. */
int rm_file_sync_dir(const char *dir, struct rm_error *err);
/* Refuses a folder that others can write unless it is sticky: there anyone could swap the
 * files remelt writes. */
int rm_file_dir_safe(const char *dir, struct rm_error *err);

#endif
