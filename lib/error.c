/* error.c - located messages and the diagnostics sink */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

void
wl_error_set(struct wl_error *err, const char *file, long line, long col,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->col = col;
	err->field[0] = '\0';
	err->ref[0] = '\0';
	err->code = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

void
wl_error_format(const struct wl_error *err, char *buf, size_t size)
{
	if (err->file[0] == '\0')
		snprintf(buf, size, "%s", err->msg);
	else if (err->line <= 0)
		snprintf(buf, size, "%s: %s", err->file, err->msg);
	else if (err->col <= 0)
		snprintf(buf, size, "%s:%ld: %s", err->file, err->line,
		    err->msg);
	else
		snprintf(buf, size, "%s:%ld:%ld: %s", err->file, err->line,
		    err->col, err->msg);
}

void
wl_diag_emit(struct wl_diag *diag, enum wl_severity sev,
    const struct wl_error *err)
{
	if (diag == NULL)
		return;
	if (sev == WL_ERROR)
		diag->nerrors++;
	else
		diag->nwarnings++;
	if (diag->fn != NULL)
		diag->fn(diag->ctx, sev, err);
}

void
wl_diag_say(struct wl_diag *diag, enum wl_severity sev, const char *file,
    long line, const char *fmt, ...)
{
	struct wl_error e;
	va_list ap;

	wl_error_set(&e, file, line, 0, "%s", "");
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	wl_diag_emit(diag, sev, &e);
}
