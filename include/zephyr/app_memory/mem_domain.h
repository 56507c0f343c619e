/* Zephyr include path: <zephyr/app_memory/mem_domain.h> maps to rtmem's memory domains. */
#ifndef ZEPHYR_APP_MEMORY_MEM_DOMAIN_H_
#define ZEPHYR_APP_MEMORY_MEM_DOMAIN_H_
#include <rtmem/kernel.h>
#endif
