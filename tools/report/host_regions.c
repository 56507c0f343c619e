/*
 * The host's half of the memory report: the program's segments from the
 * symbols GNU ld and glibc define in every Linux executable (a Cortex-M port
 * takes the same figures from its linker script's symbols).
 *
 *   __executable_start .. etext     ELF headers, PLT and code (.text)
 *   etext .. __data_start           read-only data, unwind tables, RELRO
 *   __data_start .. edata           initialised data (.data)
 *   __bss_start .. end              zero-initialised data (.bss)
 */
#include "report_internal.h"

extern const char __executable_start[];
extern const char etext[];
extern const char __data_start[];
extern const char edata[];
extern const char __bss_start[];
extern const char end[];

size_t rep_port_segments(struct mem_report_region *out, size_t max)
{
	const struct mem_report_region all[] = {
		{ "text", (uintptr_t)__executable_start, (size_t)(etext - __executable_start),
		  "program code (read-only, execute)" },
		{ "rodata", (uintptr_t)etext, (size_t)(__data_start - etext), "constants, unwind tables, relocations" },
		{ "data", (uintptr_t)__data_start, (size_t)(edata - __data_start), "initialised globals, heap and slab objects" },
		{ "bss", (uintptr_t)__bss_start, (size_t)(end - __bss_start), "zeroed globals: heap buffers, static stacks" },
	};
	size_t n = MIN(max, ARRAY_SIZE(all));

	for (size_t i = 0; i < n; i++) {
		out[i] = all[i];
	}
	return n;
}
