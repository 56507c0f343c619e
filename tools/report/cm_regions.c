/*
 * The Cortex-M half of the memory report: the image's regions from the
 * symbols of the board's linker script (arch/cortex_m/boards/common.ld).
 *
 *   __text_start .. __rodata_start       vector table and code (.text)
 *   __rodata_start .. __rodata_end       constants, constructor tables
 *   z_arm_isr_stack_bottom .. _top       interrupt (and boot) stack, bottom of RAM
 *   __data_start .. __data_end           initialised data (.data, copied from flash)
 *   __bss_start .. __bss_end             zero-initialised data (.bss)
 *   __bss_end .. __ram_end               RAM the image does not use
 */
#include "report_internal.h"

extern const char __text_start[];
extern const char __rodata_start[];
extern const char __rodata_end[];
extern const char z_arm_isr_stack_bottom[];
extern const char z_arm_isr_stack_top[];
extern const char __data_start[];
extern const char __data_end[];
extern const char __bss_start[];
extern const char __bss_end[];
extern const char __ram_end[];

size_t rep_port_segments(struct mem_report_region *out, size_t max)
{
	const struct mem_report_region all[] = {
		{ "text", (uintptr_t)__text_start, (size_t)(__rodata_start - __text_start),
		  "vector table and program code (flash, read-only, execute)" },
		{ "rodata", (uintptr_t)__rodata_start, (size_t)(__rodata_end - __rodata_start),
		  "constants, constructor tables (flash)" },
		{ "isr_stack", (uintptr_t)z_arm_isr_stack_bottom, (size_t)(z_arm_isr_stack_top - z_arm_isr_stack_bottom),
		  "interrupt and boot stack (bottom of RAM)" },
		{ "data", (uintptr_t)__data_start, (size_t)(__data_end - __data_start),
		  "initialised globals, heap and slab objects" },
		{ "bss", (uintptr_t)__bss_start, (size_t)(__bss_end - __bss_start),
		  "zeroed globals: heap buffers, static stacks" },
		{ "free_ram", (uintptr_t)__bss_end, (size_t)(__ram_end - __bss_end), "RAM not used by the image" },
	};
	size_t n = MIN(max, ARRAY_SIZE(all));

	for (size_t i = 0; i < n; i++) {
		out[i] = all[i];
	}
	return n;
}
