/* <zephyr/types.h>: fixed-width integer types, as Zephyr provides them. */
#ifndef ZEPHYR_TYPES_H_
#define ZEPHYR_TYPES_H_
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#endif /* ZEPHYR_TYPES_H_ */
