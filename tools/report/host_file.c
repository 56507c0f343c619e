/* The host's file output of the memory report: mem_report_html_save(). */
#include <errno.h>
#include <stdio.h>
#include "report_internal.h"

static int file_out(void *ctx, const char *data, size_t len)
{
	return fwrite(data, 1, len, (FILE *)ctx) == len ? 0 : -EIO;
}

int mem_report_html_save(const char *path)
{
	if (path == NULL) {
		return -EINVAL;
	}
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		return -errno;
	}
	int rc = mem_report_html_write(file_out, f);

	if (fclose(f) != 0 && rc == 0) {
		rc = -EIO;
	}
	return rc;
}
