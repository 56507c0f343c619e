/*
 * The Cortex-M file output of the memory report: there is no file system on
 * the target, so mem_report_html_save() writes nothing and says so. The text
 * report (mem_report_print()) goes to the console; the HTML page can still
 * be streamed through mem_report_html_write() with an output function of the
 * application's own (a UART, a buffer, semihosting).
 */
#include <errno.h>
#include "report_internal.h"

int mem_report_html_save(const char *path)
{
	return path == NULL ? -EINVAL : -ENOTSUP;
}
