/* Zephyr include path: <zephyr/irq_offload.h> maps to rtmem's header. */
#ifndef ZEPHYR_IRQ_OFFLOAD_H_
#define ZEPHYR_IRQ_OFFLOAD_H_
#include <rtmem/k_irq.h>
#endif
