/* Zephyr include path: <zephyr/irq.h> (irq_lock/irq_unlock, irq_offload). */
#ifndef ZEPHYR_IRQ_H_
#define ZEPHYR_IRQ_H_
#include <rtmem/k_spinlock.h>
#include <rtmem/k_irq.h>
#endif
