/*
 * --callgrind mode: see callgrind_run.h.
 */
#define _GNU_SOURCE
#include "callgrind_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cg_result {
	bool ok;
	double ir;                 /* instructions inside the toggled wrapper(s) */
	unsigned long long alloc;  /* calls in the child's run */
	unsigned long long free;
};

static bool valgrind_present(void)
{
	static int present = -1;

	if (present < 0)
		present = system("valgrind --version >/dev/null 2>&1") == 0;
	return present == 1;
}

/* callgrind's out file ends with "totals: <Ir>" (older versions: "summary:"). */
static bool read_total(const char *path, double *ir)
{
	FILE *f = fopen(path, "r");
	char line[256];
	bool ok = false;

	if (f == NULL)
		return false;
	while (fgets(line, sizeof(line), f) != NULL) {
		unsigned long long v;

		if (sscanf(line, "totals: %llu", &v) == 1 || sscanf(line, "summary: %llu", &v) == 1) {
			*ir = (double)v;
			ok = true;
		}
	}
	fclose(f);
	return ok;
}

/* Runs "<self> --callgrind-child <args>" under callgrind, toggling on sym1 (and sym2). */
static struct cg_result cg_child(const char *sym1, const char *sym2, const char *args)
{
	struct cg_result res = { false, 0, 0, 0 };
	char self[64], out[64], cmd[1024], line[256];
	FILE *p;

	/* Our own executable through /proc: still the same file if the build
	 * replaces rtmem_bench while we run. */
	snprintf(self, sizeof(self), "/proc/%ld/exe", (long)getpid());
	snprintf(out, sizeof(out), "/tmp/rtmem_bench.cg.%ld", (long)getpid());
	snprintf(cmd, sizeof(cmd),
		 "valgrind --tool=callgrind -q --collect-atstart=no --toggle-collect=%s%s%s "
		 "--callgrind-out-file=%s '%s' --callgrind-child %s",
		 sym1, sym2 ? " --toggle-collect=" : "", sym2 ? sym2 : "", out, self, args);
	p = popen(cmd, "r");
	if (p == NULL)
		return res;
	while (fgets(line, sizeof(line), p) != NULL)
		if (sscanf(line, "calls %llu %llu", &res.alloc, &res.free) == 2)
			res.ok = true;
	if (pclose(p) != 0)
		res.ok = false;
	if (res.ok)
		res.ok = read_total(out, &res.ir);
	unlink(out);
	return res;
}

static void cg_row(const struct bench_allocator *a, const char *w, const char *dist,
		   const struct bench_arena *ar, const char *args, bool per_pair)
{
	struct bench_row row;
	struct cg_result ra, rf;

	row_init(&row, a, w, dist, ar);
	if (!valgrind_present()) {
		snprintf(row.note, sizeof(row.note), "valgrind not found");
		row_emit(&row);
		return;
	}
	ra = cg_child(a->sym_alloc, NULL, args);
	rf = cg_child(a->sym_free, NULL, args);
	if (!ra.ok || !rf.ok || ra.alloc == 0 || rf.free == 0) {
		snprintf(row.note, sizeof(row.note), "callgrind run failed");
		row_emit(&row);
		return;
	}
	row.ops = ra.alloc + ra.free;
	row.ir_alloc = ra.ir / (double)ra.alloc;
	row.ir_free = rf.ir / (double)rf.free;
	if (per_pair) {
		row.ir_op = row.ir_alloc + row.ir_free;
		snprintf(row.note, sizeof(row.note), "callgrind; instr/op column = per alloc+free pair");
	} else {
		row.ir_op = (ra.ir + rf.ir) / (double)(ra.alloc + ra.free);
		snprintf(row.note, sizeof(row.note), "callgrind; instr/op = all alloc+free calls");
	}
	row_emit(&row);
}

void cg_run_w1(const struct bench_allocator *a, const struct bench_arena *ar, bool quick)
{
	char args[256];

	snprintf(args, sizeof(args), "--alloc %s --arena %s --workload W1 --dist D2%s", a->name,
		 ar->name, quick ? " --quick" : "");
	cg_row(a, "W1-Ir", "D2", ar, args, false);
}

void cg_run_w6(const struct bench_allocator *a, bool lifo, const struct bench_arena *ar, bool quick)
{
	char args[256];

	snprintf(args, sizeof(args), "--alloc %s --arena %s --workload W6 --order %s%s", a->name,
		 ar->name, lifo ? "lifo" : "random", quick ? " --quick" : "");
	cg_row(a, "W6-Ir", lifo ? "LIFO" : "random", ar, args, true);
}
