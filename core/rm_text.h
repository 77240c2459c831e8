/* rm_text: data shown on a terminal. Ids, trace cells and header names come from files that
 * anyone may have written; a control character in them (ESC starts a sequence that clears the
 * screen, sets the window title, hides a link) is shown as text, e.g. "\x1b", never sent. */
#ifndef RM_TEXT_H
#define RM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* s with every control character (C0, DEL, and C1 as UTF-8) written as \xNN, into buf of n
 * bytes (cut short at n); returns buf. lines: '\n' and '\f' pass (a whole report's layout). */
char *rm_text_visible(char *buf, size_t n, const char *s, size_t len, bool lines);
/* Offset of the first control character (as rm_text_visible, lines = false) in len bytes
 * of s, or len when there is none. */
size_t rm_text_control_at(const char *s, size_t len);
/* Writes len bytes of buf to f with rm_text_visible(lines = true); 0 or -1 (ferror). */
int rm_text_write(FILE *f, const char *buf, size_t len);

#endif
