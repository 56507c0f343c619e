/*
 * rtmem's application model on a host (extensions; not in Zephyr).
 *
 * An application's own int main(void) runs as the main thread at priority
 * CONFIG_MAIN_THREAD_PRIORITY (0); static objects (K_THREAD_DEFINE,
 * K_SEM_DEFINE, ...) are ready before it. When main returns, the other
 * threads go on; the process exits with main's return value once no thread
 * can ever run again (all ended, or all blocked with no deadline pending).
 * If that happens while main() has not returned, the run is stalled: the
 * process says so on stderr and exits with RTMEM_EXIT_STALLED.
 * RTMEM_STOP_AT=<seconds> ends a run at that simulated time (exit 0, with a
 * line on stderr). rtmem_sim_exit() ends it at once.
 */
#ifndef RTMEM_SIM_H_
#define RTMEM_SIM_H_

#include <zephyr/toolchain.h>

/** Exit status when nothing can run again while main() has not returned. */
#define RTMEM_EXIT_STALLED 99

/**
 * @brief End the simulation now with exit status @a code (output flushed).
 * @context  any
 * @pre      none
 * @post     the process has ended
 * @complexity O(1)
 * @retval   does not return
 * @ub       none
 */
FUNC_NORETURN void rtmem_sim_exit(int code);

#endif /* RTMEM_SIM_H_ */
