/*
 * The chapter's memory domain: a user partition (user threads read and
 * write) and a configuration partition (user threads only read). The
 * harness runs a K_USER thread in the domain: its reads and its write to the
 * user partition succeed, its write to the configuration partition faults
 * (K_ERR_CPU_EXCEPTION at that address), the thread is aborted and the
 * system goes on; a supervisor thread still writes the configuration.
 */
#include "example.h"

/* prelude: page-aligned regions for the partitions (the host port's granularity) */
static uint8_t user_memory_start[ARCH_PAGE_SIZE] __aligned(ARCH_PAGE_SIZE);
static uint8_t config_memory_start[ARCH_PAGE_SIZE] __aligned(ARCH_PAGE_SIZE);
#define user_memory_size sizeof(user_memory_start)
#define config_memory_size sizeof(config_memory_start)

// Define memory partitions for different access levels
K_MEM_PARTITION_DEFINE(user_partition,
		       user_memory_start,
		       user_memory_size,
		       K_MEM_PARTITION_P_RW_U_RW);
K_MEM_PARTITION_DEFINE(config_partition,
		       config_memory_start,
		       config_memory_size,
		       K_MEM_PARTITION_P_RW_U_RO);
// Create memory domain with partitions
static struct k_mem_partition *partitions[] = {
	&user_partition,
	&config_partition
};
static struct k_mem_domain user_domain;
void setup_user_domain(void)
{
	k_mem_domain_init(&user_domain, ARRAY_SIZE(partitions), partitions);
}
void assign_thread_to_domain(k_tid_t thread)
{
	// Add thread to memory domain
	k_mem_domain_add_thread(&user_domain, thread);
}

/* harness */
K_THREAD_STACK_DEFINE(user_stack, 2048);
static struct k_thread user_thread;
static volatile int user_steps;
static volatile unsigned int fault_reason = 0xffff;
static volatile uintptr_t fault_addr;

void k_sys_fatal_error_handler(unsigned int reason, const struct arch_esf *esf)
{
	fault_reason = reason;
	fault_addr = esf != NULL ? (uintptr_t)esf->fault_addr : 0;
	/* returning: the faulting thread is aborted, the rest goes on */
}

static void user_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	volatile uint8_t *config = config_memory_start;
	volatile uint8_t *scratch = user_memory_start;

	EXPECT(k_is_user_context());
	scratch[0] = (uint8_t)(config[0] + 1); /* read config, write own partition: allowed */
	user_steps = 1;
	config[1] = 0xee;                      /* write the read-only partition: faults */
	user_steps = 2;                        /* never reached */
}

int main(void)
{
	config_memory_start[0] = 41; /* main is a supervisor thread: P_RW */

	setup_user_domain();
	EXPECT(user_domain.num_partitions == 2);
	k_thread_create(&user_thread, user_stack, 2048, user_entry, NULL, NULL, NULL, 1, K_USER, K_FOREVER);
	assign_thread_to_domain(&user_thread);
	EXPECT(k_mem_domain_of(&user_thread) == &user_domain);
	k_thread_start(&user_thread);
	EXPECT(k_thread_join(&user_thread, K_FOREVER) == 0);

	EXPECT(user_steps == 1);
	EXPECT(user_memory_start[0] == 42);
	EXPECT(fault_reason == K_ERR_CPU_EXCEPTION);
	EXPECT(fault_addr == (uintptr_t)&config_memory_start[1]);
	EXPECT(config_memory_start[1] == 0); /* the denied write did not happen */
	printk("domains: user write to config_partition at %p denied, thread aborted, system goes on\n",
	       (void *)fault_addr);

	config_memory_start[1] = 7; /* still writable by the supervisor */
	EXPECT(config_memory_start[1] == 7);
	return example_passed("domains");
}
