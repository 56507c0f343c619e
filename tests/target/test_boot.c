/* Boot, console, clock and exit: the smallest image. */
#include "ttest.h"

static int data_word = 0x1234; /* .data copied at reset */
static int bss_word;           /* .bss zeroed at reset */
static int ctor_ran;

__attribute__((constructor)) static void ctor(void)
{
	ctor_ran = 1;
}

static void test_startup(void)
{
	TT_CHECK(data_word == 0x1234);
	TT_CHECK(bss_word == 0);
	TT_CHECK(ctor_ran == 1);
	TT_CHECK(k_current_get() != NULL);
	TT_CHECK(!k_is_in_isr());
}

static void test_clock(void)
{
	uint64_t c0 = k_cycle_get_64();
	int64_t t0 = k_uptime_ticks();

	k_busy_wait(2000);
	uint64_t c1 = k_cycle_get_64();

	TT_CHECK(c1 > c0);
	TT_CHECK(c1 - c0 >= k_us_to_cyc_ceil64(2000));
	k_msleep(20);
	int64_t t1 = k_uptime_ticks();

	TT_CHECK((uint64_t)(t1 - t0) >= k_ms_to_ticks_floor64(20));
	printk("  slept 20 ms: %u ticks\n", (unsigned int)(t1 - t0));
}

int main(void)
{
	TT_RUN(test_startup);
	TT_RUN(test_clock);
	return tt_done();
}
