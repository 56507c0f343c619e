/*
 * Interrupt context: k_is_in_isr() and irq_offload(), Zephyr's way for tests
 * to run a function as an interrupt handler. On the host an "interrupt" runs
 * synchronously on the interrupted thread's CPU, with k_is_in_isr() true;
 * when interrupts are masked (irq_lock, spinlock) it waits until they are
 * unmasked. Leaving the handler reschedules as an interrupt exit does: a
 * higher-priority thread it readied preempts a preemptible thread.
 */
#ifndef RTMEM_K_IRQ_H_
#define RTMEM_K_IRQ_H_

#include <stdbool.h>

/** Handler type of irq_offload(). */
typedef void (*irq_offload_routine_t)(const void *parameter);

/**
 * @brief Run @a routine(@a parameter) in interrupt context.
 * @context  thread or ISR (nests)
 * @pre      @a routine not NULL, does not block (only K_NO_WAIT calls)
 * @post     ran (deferred until interrupts are unmasked if masked)
 * @complexity O(1) plus the routine
 * @retval   (void)
 * @ub       a blocking call inside is a contract violation (fatal path)
 */
void irq_offload(irq_offload_routine_t routine, const void *parameter);

/**
 * @brief Whether the caller runs in interrupt context.
 * @context  any
 * @pre      none
 * @post     none
 * @complexity O(1)
 * @retval   true inside an interrupt handler
 * @ub       none
 */
bool k_is_in_isr(void);

#endif /* RTMEM_K_IRQ_H_ */
