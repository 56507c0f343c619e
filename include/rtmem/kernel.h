/*
 * rtmem's kernel API, Zephyr names and semantics: threads and the
 * scheduler, time, interrupts and spinlocks, semaphores, mutexes, queues,
 * message queues, fatal errors, printk and logging. <zephyr/kernel.h>
 * includes this file. Error codes are errno values (<errno.h>).
 */
#ifndef RTMEM_KERNEL_H_
#define RTMEM_KERNEL_H_

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zephyr/toolchain.h>
#include <zephyr/types.h>
#include <zephyr/sys/util.h>
#include <zephyr/sys/__assert.h>
#include <rtmem/k_config.h>
#include <rtmem/dlist.h>
#include <rtmem/k_time.h>
#include <rtmem/k_spinlock.h>
#include <rtmem/k_irq.h>
#include <rtmem/k_wait_q.h>
#include <rtmem/k_thread.h>
#include <rtmem/k_sem.h>
#include <rtmem/k_mutex.h>
#include <rtmem/k_queue.h>
#include <rtmem/k_msgq.h>
#include <rtmem/k_fatal.h>
#include <rtmem/printk.h>
#include <rtmem/sim.h>
#include <rtmem/k_heap.h>
#include <rtmem/k_mem_slab.h>
#include <rtmem/mem_registry.h>
#include <rtmem/mem_domain.h>

#endif /* RTMEM_KERNEL_H_ */
