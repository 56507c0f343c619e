/* arch/cortex_m private: system registers (ARMv7-M / ARMv8-M ARM, chapter B3) and port-internal calls. */
#ifndef RTMEM_CM_INTERNAL_H_
#define RTMEM_CM_INTERNAL_H_

#include <stdint.h>
#include "kernel_internal.h"

#define Z_REG32(a) (*(volatile uint32_t *)(a))
#define Z_REG8(a) (*(volatile uint8_t *)(a))

/* System control block */
#define SCB_ICSR Z_REG32(0xE000ED04UL)
#define SCB_ICSR_PENDSVSET (1UL << 28)
#define SCB_VTOR Z_REG32(0xE000ED08UL)
#define SCB_CCR Z_REG32(0xE000ED14UL)
#define SCB_SHPR1 Z_REG32(0xE000ED18UL)
#define SCB_SHPR2 Z_REG32(0xE000ED1CUL)
#define SCB_SHPR3 Z_REG32(0xE000ED20UL)
#define SCB_SHCSR Z_REG32(0xE000ED24UL)
#define SCB_CFSR Z_REG32(0xE000ED28UL)
#define SCB_HFSR Z_REG32(0xE000ED2CUL)
#define SCB_MMFAR Z_REG32(0xE000ED34UL)
#define SCB_BFAR Z_REG32(0xE000ED38UL)
#define SCB_SHCSR_MEMFAULTENA (1UL << 16)
#define SCB_SHCSR_BUSFAULTENA (1UL << 17)
#define SCB_SHCSR_USGFAULTENA (1UL << 18)
#define SCB_SHCSR_SECUREFAULTENA (1UL << 19) /* ARMv8-M with the Security Extension */
#define SCB_CCR_DIV_0_TRP (1UL << 4)
#define CFSR_MMARVALID (1UL << 7)
#define CFSR_BFARVALID (1UL << 15)

/* SysTick */
#define SYST_CSR Z_REG32(0xE000E010UL)
#define SYST_RVR Z_REG32(0xE000E014UL)
#define SYST_CVR Z_REG32(0xE000E018UL)
#define SYST_CSR_ENABLE (1UL << 0)
#define SYST_CSR_TICKINT (1UL << 1)
#define SYST_CSR_CLKSOURCE (1UL << 2)
#define SYST_CSR_COUNTFLAG (1UL << 16)

/* PMSAv7 MPU (ARMv7-M) */
#define MPU_TYPE Z_REG32(0xE000ED90UL)
#define MPU_CTRL Z_REG32(0xE000ED94UL)
#define MPU_RNR Z_REG32(0xE000ED98UL)
#define MPU_RBAR Z_REG32(0xE000ED9CUL)
#define MPU_RASR Z_REG32(0xE000EDA0UL)
#define MPU_CTRL_ENABLE (1UL << 0)
#define MPU_CTRL_PRIVDEFENA (1UL << 2)
#define MPU_RASR_ENABLE (1UL << 0)
#define MPU_RASR_SIZE(log2) (((uint32_t)(log2) - 1UL) << 1)
#define MPU_RASR_XN (1UL << 28)
/** MPU region of the running thread's stack guard */
#define Z_ARM_MPU_GUARD_REGION 7U

/* fault status bits (CFSR) */
#define CFSR_MSTKERR (1UL << 4)
#define CFSR_STKOF (1UL << 20)

/* NVIC */
#define NVIC_ISER(n) Z_REG32(0xE000E100UL + 4UL * (n))
#define NVIC_ISPR(n) Z_REG32(0xE000E200UL + 4UL * (n))
#define NVIC_IPR(irq) Z_REG8(0xE000E400UL + (irq))

/** External interrupt used for arch_irq_offload() (no device drives it on the mps2 boards). */
#define Z_ARM_OFFLOAD_IRQ 31U

static inline uint32_t z_arm_ipsr(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, ipsr" : "=r"(v));
	return v;
}

static inline uint32_t z_arm_primask_disable(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(v) : : "memory");
	return v;
}

static inline void z_arm_primask_restore(uint32_t v)
{
	__asm__ volatile("msr primask, %0\n\tisb" : : "r"(v) : "memory");
}

/* cm_core.c */
void z_arm_clock_init(void);
void z_arm_stack_guard_init(void);
void z_arm_exceptions_init(void);
/* cm_mpu.c */
void z_arm_mpu_init(void);
void z_arm_mpu_switch(struct k_thread *t);
void z_arm_svc_entry(void);
static inline void z_arm_npriv_clear(void)
{
	uint32_t c;

	__asm__ volatile("mrs %0, control\n\tbic %0, %0, #1\n\tmsr control, %0\n\tisb" : "=&r"(c) : : "memory");
}
/* cm_boot.c */
void z_arm_semihost_write0(const char *s);
extern char z_arm_isr_stack_bottom[];
extern char z_arm_isr_stack_top[];

#endif /* RTMEM_CM_INTERNAL_H_ */
