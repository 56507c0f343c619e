/*
 * The chapter's static allocation: global buffers sized at compile time and
 * two thread stacks defined with K_THREAD_STACK_DEFINE. The harness runs a
 * sensor and a control thread on those stacks and checks that the objects
 * have the declared sizes and that the threads really ran on them.
 */
#include "example.h"

/* prelude: what the chapter leaves undefined */
#define MAX_SENSORS 8
struct sensor_data {
	uint32_t timestamp;
	int16_t value;
};

// Global arrays with compile-time allocation
static uint8_t sensor_buffer[1024];
static struct sensor_data readings[MAX_SENSORS];
// Thread stacks allocated statically
K_THREAD_STACK_DEFINE(sensor_thread_stack, 2048);
K_THREAD_STACK_DEFINE(control_thread_stack, 1536);

/* harness */
static struct k_thread sensor_thread, control_thread;
K_SEM_DEFINE(readings_ready, 0, 1);
static uintptr_t sensor_sp, control_sp;

static void sensor_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	int local;

	sensor_sp = (uintptr_t)&local;
	for (int i = 0; i < MAX_SENSORS; i++) {
		readings[i].timestamp = (uint32_t)k_uptime_get_32();
		readings[i].value = (int16_t)(100 + i);
		sensor_buffer[i] = (uint8_t)i;
	}
	k_sem_give(&readings_ready);
}

static void control_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	int local;

	control_sp = (uintptr_t)&local;
	k_sem_take(&readings_ready, K_FOREVER);
	for (int i = 0; i < MAX_SENSORS; i++) {
		EXPECT(readings[i].value == 100 + i && sensor_buffer[i] == i);
	}
}

static bool inside(uintptr_t sp, const void *obj, size_t bytes)
{
	return sp >= (uintptr_t)obj && sp < (uintptr_t)obj + bytes;
}

int main(void)
{
	EXPECT(sizeof(sensor_buffer) == 1024 && ARRAY_SIZE(readings) == MAX_SENSORS);
	EXPECT(K_THREAD_STACK_SIZEOF(sensor_thread_stack) >= 2048);
	EXPECT(K_THREAD_STACK_SIZEOF(control_thread_stack) >= 1536);

	k_thread_create(&control_thread, control_thread_stack, K_THREAD_STACK_SIZEOF(control_thread_stack),
			control_entry, NULL, NULL, NULL, 2, 0, K_NO_WAIT);
	k_thread_create(&sensor_thread, sensor_thread_stack, K_THREAD_STACK_SIZEOF(sensor_thread_stack),
			sensor_entry, NULL, NULL, NULL, 3, 0, K_NO_WAIT);
	EXPECT(k_thread_join(&sensor_thread, K_FOREVER) == 0);
	EXPECT(k_thread_join(&control_thread, K_FOREVER) == 0);

	/* each thread's locals lived on its own static stack object */
	EXPECT(inside(sensor_sp, sensor_thread_stack, sizeof(sensor_thread_stack)));
	EXPECT(inside(control_sp, control_thread_stack, sizeof(control_thread_stack)));
	return example_passed("static_allocation");
}
