/*
 * The chapter's system as one application, ending with the memory report.
 *
 *   sensor  (prio 2, static stack)   every 10 ms: a message from the message
 *                                    pool (slab) with a reading -> control
 *   control (prio 1, static stack)   per message: a buffer of a varying size
 *                                    from the buffer manager (small slab,
 *                                    large slab or heap) -> network
 *   network (prio 3, stack from k_thread_stack_alloc)  sends each buffer as
 *                                    packets from the packet slab, frees it
 *   housekeeping (prio 7)            background bookkeeping in a minimal pool
 *   telemetry (prio 5, user mode)    reads the configuration partition
 *                                    (read-only for user threads) and writes
 *                                    its own partition; at 70 % of the run a
 *                                    scripted bug makes it write the
 *                                    configuration: the write is denied, the
 *                                    fault is caught, the thread is aborted
 *                                    and the system goes on
 *   main    (prio 0)                 progress lines, the load phase (35-55 %
 *                                    of the run: app_heap driven close to
 *                                    exhaustion, then recovered), the memory
 *                                    report, teardown and the leak check
 *
 * Resource pools per priority class: control allocates from
 * high_priority_heap, sensor and network from shared_heap, housekeeping from
 * minimal_heap (k_thread_resource_pool_assign, the chapter's name).
 *
 * Options: --time SECONDS (simulated run time, default 3), --html PATH
 * (default rtmem-report.html; "-" = none), --quiet (no progress lines),
 * --no-fault (no scripted bad write: a run Valgrind can watch).
 * Exit status 0 when every check holds (routing, denied write, every heap
 * back to its baseline), 1 otherwise.
 *
 * Portable: kernel API, the report API, and the port's page size for the
 * partitions; the host-only part is mem_report_html_save() (tools/report).
 * On a bare-metal target (RTMEM_DEMO_ON_TARGET, the Cortex-M presets) there
 * is no command line: main() runs the same options as
 * "--time RTMEM_DEMO_TARGET_TIME --html -" in real kernel time (SysTick
 * ticks), and the report is the text one on the console.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>
#include <zephyr/sys/printk.h>
#include <rtmem/mem_report.h>

LOG_MODULE_REGISTER(demo, LOG_LEVEL_INF);

/* ---- memory objects (the chapter's) ---------------------------------------------- */

#define SMALL_BUFFER_SIZE 64
#define LARGE_BUFFER_SIZE 512
#define MAX_MESSAGE_SIZE 28
#define MAX_MESSAGES 16

struct message {
	uint8_t type;
	uint8_t priority;
	uint16_t length;
	uint8_t data[MAX_MESSAGE_SIZE];
};

K_HEAP_DEFINE(app_heap, 16384);           /* variable-size buffers, configuration cache, load phase */
K_HEAP_DEFINE(high_priority_heap, 8192);  /* resource pool: high-priority class (control) */
K_HEAP_DEFINE(shared_heap, 8192);         /* resource pool: normal class (sensor, network) */
K_HEAP_DEFINE(minimal_heap, 1024);        /* resource pool: background class (housekeeping) */
K_MEM_SLAB_DEFINE(packet_slab, 128, 16, 4);
K_MEM_SLAB_DEFINE(message_pool, sizeof(struct message), MAX_MESSAGES, 4);
K_MEM_SLAB_DEFINE(small_buffers, SMALL_BUFFER_SIZE, 16, 4);
K_MEM_SLAB_DEFINE(large_buffers, LARGE_BUFFER_SIZE, 8, 4);

/* The chapter's buffer manager. */
struct buffer_manager {
	struct k_heap *heap;
	struct k_mem_slab *small_buffers;
	struct k_mem_slab *large_buffers;
	struct k_spinlock lock;
};

static struct buffer_manager mgr = { .heap = &app_heap, .small_buffers = &small_buffers, .large_buffers = &large_buffers };

enum route { ROUTE_SMALL, ROUTE_LARGE, ROUTE_HEAP, ROUTE_COUNT };

static enum route route_of(size_t size)
{
	return size <= SMALL_BUFFER_SIZE ? ROUTE_SMALL : size <= LARGE_BUFFER_SIZE ? ROUTE_LARGE : ROUTE_HEAP;
}

static void *buffer_alloc(struct buffer_manager *m, size_t size)
{
	k_spinlock_key_t key = k_spin_lock(&m->lock);
	void *buffer = NULL;

	switch (route_of(size)) {
	case ROUTE_SMALL:
		(void)k_mem_slab_alloc(m->small_buffers, &buffer, K_NO_WAIT);
		break;
	case ROUTE_LARGE:
		(void)k_mem_slab_alloc(m->large_buffers, &buffer, K_NO_WAIT);
		break;
	default:
		buffer = k_heap_alloc(m->heap, size, K_NO_WAIT);
		break;
	}
	k_spin_unlock(&m->lock, key);
	return buffer;
}

static void buffer_free(struct buffer_manager *m, void *buffer, size_t size)
{
	k_spinlock_key_t key = k_spin_lock(&m->lock);

	switch (route_of(size)) {
	case ROUTE_SMALL:
		k_mem_slab_free(m->small_buffers, buffer);
		break;
	case ROUTE_LARGE:
		k_mem_slab_free(m->large_buffers, buffer);
		break;
	default:
		k_heap_free(m->heap, buffer);
		break;
	}
	k_spin_unlock(&m->lock, key);
}

/* ---- partitions and the domain ---------------------------------------------------- */

struct config {
	uint32_t version;
	uint32_t sample_period_ms;
	uint32_t tx_budget;
};

struct telemetry {
	uint32_t reads;          /* written by telemetry */
	uint32_t last_version;   /* written by telemetry */
	uint32_t bug_at_ms;      /* written by main: when the scripted bad write happens */
	uint32_t stop;           /* written by main */
};

static union {
	struct config c;
	uint8_t page[ARCH_PAGE_SIZE];
} config_area __aligned(ARCH_PAGE_SIZE) = { .c = { .version = 7, .sample_period_ms = 10, .tx_budget = 4 } };

static union {
	struct telemetry t;
	uint8_t page[ARCH_PAGE_SIZE];
} telemetry_area __aligned(ARCH_PAGE_SIZE);

K_MEM_PARTITION_DEFINE(config_partition, &config_area, sizeof(config_area), K_MEM_PARTITION_P_RW_U_RO);
K_MEM_PARTITION_DEFINE(telemetry_partition, &telemetry_area, sizeof(telemetry_area), K_MEM_PARTITION_P_RW_U_RW);
static struct k_mem_partition *user_parts[] = { &config_partition, &telemetry_partition };
static struct k_mem_domain user_domain;

/* ---- threads and stacks --------------------------------------------------------- */

K_THREAD_STACK_DEFINE(sensor_stack, 2048);
K_THREAD_STACK_DEFINE(control_stack, 1536);
K_THREAD_STACK_DEFINE(housekeeping_stack, 1024);
K_THREAD_STACK_DEFINE(telemetry_stack, 1536);
static k_thread_stack_t *network_stack; /* k_thread_stack_alloc() */
#define NETWORK_STACK_SIZE 4096

static struct k_thread sensor_thread, control_thread, network_thread, housekeeping_thread, telemetry_thread;

/* sensor -> control: message pointers; control -> network: buffers (from control's pool) */
K_MSGQ_DEFINE(sensor_q, sizeof(struct message *), MAX_MESSAGES, sizeof(void *));
struct tx_item {
	void *buffer;
	size_t size;
};
static struct k_msgq tx_q;      /* ring from network's resource pool (shared_heap) */
static struct k_msgq command_log; /* ring from control's resource pool (high_priority_heap) */
static struct k_msgq hk_log;    /* ring from housekeeping's resource pool (minimal_heap) */
K_SEM_DEFINE(network_ready, 0, 1);

/* ---- counters ------------------------------------------------------------------- */

static struct {
	volatile bool stop;
	unsigned int sensed, sensor_pool_empty; /* unsigned int: %u on every port (uint32_t is long on arm-none-eabi) */
	unsigned int controlled, routed[ROUTE_COUNT], dropped[ROUTE_COUNT];
	unsigned int sent, packets, packet_slab_empty;
	unsigned int hk_rounds;
	int hk_big_queue_rc;
} st;

static struct {
	volatile bool seen;
	unsigned int reason;
	uintptr_t addr;
	const struct k_thread *thread;
} fault;

/* A deterministic size sequence: mostly small, some large, some for the heap. */
static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 16;
}

static size_t next_buffer_size(void)
{
	uint32_t r = rng() % 100;

	return r < 45 ? 8 + rng() % (SMALL_BUFFER_SIZE - 8) : r < 85 ? 65 + rng() % (LARGE_BUFFER_SIZE - 65)
								    : 513 + rng() % 1500;
}

/* ---- thread bodies -------------------------------------------------------------- */

static void sensor_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	while (!st.stop) {
		struct message *msg;

		if (k_mem_slab_alloc(&message_pool, (void **)&msg, K_NO_WAIT) == 0) {
			memset(msg, 0, sizeof(*msg));
			msg->type = 1;
			msg->length = 4;
			uint32_t reading = 2000 + rng() % 500; /* centi-degrees */

			memcpy(msg->data, &reading, sizeof(reading));
			if (k_msgq_put(&sensor_q, &msg, K_MSEC(50)) == 0) {
				st.sensed++;
			} else {
				k_mem_slab_free(&message_pool, msg);
			}
		} else {
			st.sensor_pool_empty++;
		}
		k_msleep((int32_t)config_area.c.sample_period_ms);
	}
}

static void control_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	/* a command log in control's own pool (high-priority class) */
	if (k_msgq_alloc_init(&command_log, sizeof(uint32_t), 256) != 0) {
		LOG_ERR("control: no room for the command log in its pool");
	}
	k_sem_take(&network_ready, K_FOREVER);
	for (;;) {
		struct message *msg;

		if (k_msgq_get(&sensor_q, &msg, K_MSEC(100)) != 0) {
			if (st.stop) {
				break;
			}
			continue;
		}
		uint32_t reading;

		memcpy(&reading, msg->data, sizeof(reading));
		k_mem_slab_free(&message_pool, msg);
		st.controlled++;
		(void)k_msgq_put(&command_log, &reading, K_NO_WAIT);
		if (k_msgq_num_free_get(&command_log) == 0) {
			k_msgq_purge(&command_log);
		}

		size_t size = next_buffer_size();
		enum route r = route_of(size);
		struct tx_item item = { .buffer = buffer_alloc(&mgr, size), .size = size };

		if (item.buffer == NULL) {
			st.dropped[r]++;
			continue;
		}
		memset(item.buffer, (int)(reading & 0xff), size);
		st.routed[r]++;
		if (k_msgq_put(&tx_q, &item, K_MSEC(50)) != 0) {
			buffer_free(&mgr, item.buffer, item.size);
			st.dropped[r]++;
		}
	}
	k_msgq_cleanup(&command_log);
}

/* The link is a little slower than the sensor: queues and slabs fill, control sees back-pressure. */
#define LINK_MS_PER_FRAME 11

static void network_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	/* the transmit queue lives in network's own pool (normal class) */
	if (k_msgq_alloc_init(&tx_q, sizeof(struct tx_item), 16) != 0) {
		LOG_ERR("network: no room for the transmit queue in its pool");
		k_sem_give(&network_ready);
		return;
	}
	k_sem_give(&network_ready);
	for (;;) {
		struct tx_item item;

		if (k_msgq_get(&tx_q, &item, K_MSEC(100)) != 0) {
			if (st.stop && k_thread_join(&control_thread, K_NO_WAIT) == 0) {
				break; /* control ended: nothing more will come */
			}
			continue;
		}
		/* send as 128-byte packets from the packet slab: a frame at a time, at the link's pace */
		void *frame[16];
		size_t n = 0;

		for (size_t off = 0; off < item.size && n < ARRAY_SIZE(frame); off += 128, n++) {
			while (k_mem_slab_alloc(&packet_slab, &frame[n], K_MSEC(5)) != 0) {
				st.packet_slab_empty++;
			}
			memcpy(frame[n], (uint8_t *)item.buffer + off, MIN((size_t)128, item.size - off));
		}
		k_msleep(LINK_MS_PER_FRAME);
		for (size_t i = 0; i < n; i++) {
			k_mem_slab_free(&packet_slab, frame[i]);
		}
		st.packets += (uint32_t)n;
		buffer_free(&mgr, item.buffer, item.size);
		st.sent++;
	}
	k_msgq_cleanup(&tx_q);
}

static void housekeeping_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	/* the background class gets little: a big log does not fit, a small one does */
	st.hk_big_queue_rc = k_msgq_alloc_init(&hk_log, sizeof(uint32_t), 1024);
	if (st.hk_big_queue_rc == 0) {
		k_msgq_cleanup(&hk_log);
	}
	if (k_msgq_alloc_init(&hk_log, sizeof(uint32_t), 32) != 0) {
		LOG_ERR("housekeeping: no room for its log");
		return;
	}
	while (!st.stop) {
		uint32_t snapshot = st.sent;

		if (k_msgq_put(&hk_log, &snapshot, K_NO_WAIT) != 0) {
			k_msgq_purge(&hk_log);
		}
		st.hk_rounds++;
		k_msleep(100);
	}
	k_msgq_cleanup(&hk_log);
}

/* User mode: only its stack, the configuration (read) and its own partition (read-write). */
static void telemetry_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	volatile struct config *cfg = &config_area.c;
	volatile struct telemetry *tm = &telemetry_area.t;

	while (tm->stop == 0) {
		tm->last_version = cfg->version; /* read the configuration: allowed */
		tm->reads++;                      /* write its own partition: allowed */
		if (tm->bug_at_ms != 0 && k_uptime_get_32() >= tm->bug_at_ms) {
			cfg->tx_budget = 99; /* the scripted bug: denied, this thread ends here */
		}
		k_msleep(20);
	}
}

/* The application's fatal-error policy: a user thread's access violation ends
 * that thread and the system goes on; anything else halts, as the default. */
void k_sys_fatal_error_handler(unsigned int reason, const struct arch_esf *esf)
{
	if (reason == K_ERR_CPU_EXCEPTION && k_current_get() == &telemetry_thread) {
		fault.reason = reason;
		fault.addr = esf != NULL ? (uintptr_t)esf->fault_addr : 0;
		fault.thread = k_current_get();
		fault.seen = true;
		return;
	}
	k_fatal_halt(reason);
}

/* ---- main: progress, load phase, report, teardown ------------------------------------ */

static void progress(const char *fmt, ...) __printf_like(1, 2);

static void start_telemetry(void)
{
	k_thread_create(&telemetry_thread, telemetry_stack, 1536, telemetry_entry, NULL, NULL, NULL, 5, K_USER,
			K_FOREVER);
	k_thread_name_set(&telemetry_thread, "telemetry");
	k_mem_domain_add_thread(&user_domain, &telemetry_thread);
}

/* The service comes back, without the bug, in the same domain and on the same stack. */
static void restart_telemetry(void)
{
	k_thread_join(&telemetry_thread, K_FOREVER);
	telemetry_area.t.bug_at_ms = 0;
	start_telemetry();
	k_thread_start(&telemetry_thread);
	progress("telemetry restarted in user mode (user_domain), without the bug");
}

static bool quiet, no_fault;

static void report_fault_and_restart(void)
{
	progress("telemetry (user mode) wrote to config_partition at %p: write DENIED "
		 "(CPU exception); thread aborted, the system goes on",
		 (void *)fault.addr);
	restart_telemetry();
}

static unsigned int heap_permille(struct k_heap *h)
{
	struct sys_memory_stats s;

	if (k_heap_runtime_stats_get(h, &s) != 0 || s.allocated_bytes + s.free_bytes == 0) {
		return 0;
	}
	return (unsigned int)((uint64_t)s.allocated_bytes * 1000 / (s.allocated_bytes + s.free_bytes));
}

static size_t heap_allocated(struct k_heap *h)
{
	struct sys_memory_stats s;

	return k_heap_runtime_stats_get(h, &s) == 0 ? s.allocated_bytes : 0;
}

static void progress(const char *fmt, ...)
{
	unsigned int now = (unsigned int)k_uptime_get_32();
	va_list ap;

	printk("[%3u.%03u s] ", now / 1000, now % 1000);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
}

static void progress_line(void)
{
	unsigned int a = heap_permille(&app_heap);

	if (quiet) {
		return;
	}
	progress("sensed %4u | controlled %4u -> small %3u large %3u heap %3u (dropped %u) | sent %4u in %5u packets "
		 "| app_heap %3u.%u %% | telemetry reads %u",
		 st.sensed, st.controlled, st.routed[ROUTE_SMALL], st.routed[ROUTE_LARGE], st.routed[ROUTE_HEAP],
		 st.dropped[ROUTE_SMALL] + st.dropped[ROUTE_LARGE] + st.dropped[ROUTE_HEAP], st.sent, st.packets, a / 10,
		 a % 10, (unsigned int)telemetry_area.t.reads);
}

#define LOAD_BLOCKS 64
static void *load_blocks[LOAD_BLOCKS];
static struct {
	unsigned int peak_permille;
	unsigned int blocks, refused;
} load;

/* Drive app_heap close to exhaustion with growing blocks, hold, then recover. */
static void load_phase(uint32_t until_ms)
{
	uint32_t refused_in_a_row = 0;

	progress("load phase: filling app_heap (%u.%u %% in use)", heap_permille(&app_heap) / 10,
		 heap_permille(&app_heap) % 10);
	while (load.blocks < LOAD_BLOCKS && refused_in_a_row < 3) {
		void *p = k_heap_alloc(&app_heap, 256 + rng() % 768, K_NO_WAIT);

		if (p == NULL) {
			refused_in_a_row++;
			load.refused++;
		} else {
			refused_in_a_row = 0;
			load_blocks[load.blocks++] = p;
		}
		load.peak_permille = MAX(load.peak_permille, heap_permille(&app_heap));
		k_msleep(5);
	}
	progress("load phase: app_heap %u.%u %% in use by %u blocks, %u allocations refused: close to exhaustion",
		 load.peak_permille / 10, load.peak_permille % 10, load.blocks, load.refused);
	while (k_uptime_get_32() < until_ms) {
		k_msleep(10);
	}
	/* give back every other block first (the heap fragments), then the rest but
	 * every fifth block: session state that stays until teardown */
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t i = (uint32_t)pass; i < load.blocks; i += 2) {
			if (i % 5 != 4) {
				k_heap_free(&app_heap, load_blocks[i]);
				load_blocks[i] = NULL;
			}
			k_msleep(3);
		}
	}
	progress("load phase: recovered, app_heap %u.%u %% in use (session state left in %u blocks)",
		 heap_permille(&app_heap) / 10, heap_permille(&app_heap) % 10, load.blocks / 5);
}

static void load_release(void)
{
	for (uint32_t i = 0; i < load.blocks; i++) {
		k_heap_free(&app_heap, load_blocks[i]);
		load_blocks[i] = NULL;
	}
}

#ifdef RTMEM_DEMO_ON_TARGET
#define DEMO_TIME_KIND "kernel" /* real ticks of the target's clock */
#else
#define DEMO_TIME_KIND "simulated"
#endif

static int parse_args(int argc, char **argv, uint32_t *run_ms, const char **html)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--time") == 0 && i + 1 < argc) {
			double s = atof(argv[++i]);

			if (s < 0.5 || s > 3600) {
				printk("demo: --time takes 0.5 .. 3600 seconds of " DEMO_TIME_KIND " time\n");
				return -1;
			}
			*run_ms = (uint32_t)(s * 1000);
		} else if (strcmp(argv[i], "--html") == 0 && i + 1 < argc) {
			*html = argv[++i];
		} else if (strcmp(argv[i], "--quiet") == 0) {
			quiet = true;
		} else if (strcmp(argv[i], "--no-fault") == 0) {
			no_fault = true;
		} else {
			printk("usage: %s [--time SECONDS] [--html PATH|-] [--quiet] [--no-fault]\n", argv[0]);
			return -1;
		}
	}
	return 0;
}

#define CHECK(cond, what)                                                      \
	do {                                                                   \
		if (cond) {                                                    \
			printk("  ok    %s\n", what);                         \
		} else {                                                       \
			printk("  FAIL  %s\n", what);                         \
			failures++;                                            \
		}                                                              \
	} while (false)

static int demo_run(int argc, char **argv)
{
	uint32_t run_ms = 3000;
	const char *html = "rtmem-report.html";
	int failures = 0;

	if (parse_args(argc, argv, &run_ms, &html) != 0) {
		return 2;
	}
	k_thread_name_set(NULL, "main");

	/* baselines for the leak check, and the history of app_heap */
	struct k_heap *heaps[] = { &app_heap, &high_priority_heap, &shared_heap, &minimal_heap };
	size_t baseline[ARRAY_SIZE(heaps)];

	for (size_t i = 0; i < ARRAY_SIZE(heaps); i++) {
		baseline[i] = heap_allocated(heaps[i]);
	}
	static struct mem_report_history hist_app; /* the heap the load phase drives */

	mem_report_history_start(&hist_app, &app_heap);

	/* a configuration cache that lives for the whole run */
	void *cache[3] = { k_heap_alloc(&app_heap, 600, K_NO_WAIT), k_heap_alloc(&app_heap, 200, K_NO_WAIT),
			   k_heap_alloc(&app_heap, 1200, K_NO_WAIT) };

	/* the domain of the user-mode telemetry thread */
	if (k_mem_domain_init(&user_domain, ARRAY_SIZE(user_parts), user_parts) != 0) {
		printk("demo: cannot set up the user domain\n");
		return 1;
	}
	mem_report_label_set(&user_domain, "user_domain");
	mem_report_label_set(&config_area, "config_partition");
	mem_report_label_set(&telemetry_area, "telemetry_partition");

	network_stack = k_thread_stack_alloc(NETWORK_STACK_SIZE, 0);
	if (network_stack == NULL) {
		printk("demo: no dynamic stack for the network thread\n");
		return 1;
	}
	k_thread_create(&control_thread, control_stack, 1536, control_entry, NULL, NULL, NULL, 1, 0, K_FOREVER);
	k_thread_create(&sensor_thread, sensor_stack, 2048, sensor_entry, NULL, NULL, NULL, 2, 0, K_FOREVER);
	k_thread_create(&network_thread, network_stack, NETWORK_STACK_SIZE, network_entry, NULL, NULL, NULL, 3, 0,
			K_FOREVER);
	k_thread_create(&housekeeping_thread, housekeeping_stack, 1024, housekeeping_entry, NULL, NULL, NULL, 7, 0,
			K_FOREVER);
	start_telemetry();
	k_thread_name_set(&control_thread, "control");
	k_thread_name_set(&sensor_thread, "sensor");
	k_thread_name_set(&network_thread, "network");
	k_thread_name_set(&housekeeping_thread, "housekeeping");

	/* resource pools per priority class (the chapter's call) */
	k_thread_resource_pool_assign(&control_thread, &high_priority_heap);
	k_thread_resource_pool_assign(&sensor_thread, &shared_heap);
	k_thread_resource_pool_assign(&network_thread, &shared_heap);
	k_thread_resource_pool_assign(&housekeeping_thread, &minimal_heap);
	telemetry_area.t.bug_at_ms = no_fault ? 0 : k_uptime_get_32() + run_ms * 7 / 10;

	printk("rtmem demo: sensor -> control -> network for %u.%03u s of " DEMO_TIME_KIND " time\n",
	       (unsigned int)(run_ms / 1000), (unsigned int)(run_ms % 1000));
	printk("  buffers: <= %d B small slab, <= %d B large slab, larger from app_heap; "
	       "load phase at 35-55 %%; %s\n",
	       SMALL_BUFFER_SIZE, LARGE_BUFFER_SIZE,
	       no_fault ? "no bad write (--no-fault)" : "telemetry's bad write at 70 %");
	uint32_t t0 = k_uptime_get_32();

	k_thread_start(&network_thread);
	k_thread_start(&control_thread);
	k_thread_start(&sensor_thread);
	k_thread_start(&housekeeping_thread);
	k_thread_start(&telemetry_thread);

	bool load_done = false, fault_reported = false;
	uint32_t step = MAX(run_ms / 10, 50u);

	for (uint32_t next = t0 + step; k_uptime_get_32() < t0 + run_ms; next += step) {
		while (k_uptime_get_32() < next && k_uptime_get_32() < t0 + run_ms) {
			k_msleep(10);
			if (fault.seen && !fault_reported) {
				report_fault_and_restart();
				fault_reported = true;
			}
			if (!load_done && k_uptime_get_32() >= t0 + run_ms * 35 / 100) {
				load_phase(t0 + run_ms * 55 / 100 - 60);
				load_done = true;
			}
		}
		progress_line();
		while (next + step <= k_uptime_get_32()) {
			next += step; /* the load phase took longer than one step */
		}
	}
	if (fault.seen && !fault_reported) { /* coarse ticks (e.g. 100 Hz on a target): the load phase ran late */
		report_fault_and_restart();
	}

	/* the report of the running system */
	printk("\n");
	mem_report_print();
	if (strcmp(html, "-") != 0) {
		int rc = mem_report_html_save(html);

		printk("HTML report: %s%s\n", html, rc == 0 ? "" : " (could not be written)");
		if (rc != 0) {
			failures++;
		}
	}

	/* teardown: every thread ends, every block goes back */
	st.stop = true;
	telemetry_area.t.stop = 1;
	k_thread_join(&sensor_thread, K_FOREVER);
	k_thread_join(&control_thread, K_FOREVER);
	k_thread_join(&network_thread, K_FOREVER);
	k_thread_join(&housekeeping_thread, K_FOREVER);
	k_thread_join(&telemetry_thread, K_FOREVER);
	struct message *left;

	while (k_msgq_get(&sensor_q, &left, K_NO_WAIT) == 0) {
		k_mem_slab_free(&message_pool, left);
	}
	for (size_t i = 0; i < ARRAY_SIZE(cache); i++) {
		k_heap_free(&app_heap, cache[i]);
	}
	load_release();
	int stack_rc = k_thread_stack_free(network_stack);

	mem_report_history_stop(&hist_app);

	printk("\nChecks:\n");
	CHECK(st.routed[ROUTE_SMALL] > 0 && st.routed[ROUTE_LARGE] > 0 && st.routed[ROUTE_HEAP] > 0,
	      "the buffer manager sent sizes to the small slab, the large slab and the heap");
	CHECK(st.sent > 0 && st.packets >= st.sent, "network sent every routed buffer as packets");
	CHECK(load.peak_permille >= 900 && load.refused > 0, "the load phase drove app_heap close to exhaustion");
	if (no_fault) {
		CHECK(!fault.seen, "no fault (--no-fault)");
	} else {
		CHECK(fault.seen && fault.reason == K_ERR_CPU_EXCEPTION && fault.thread == &telemetry_thread &&
			      fault.addr >= (uintptr_t)&config_area &&
			      fault.addr < (uintptr_t)&config_area + sizeof(config_area),
		      "the denied write to config_partition was caught");
	}
	CHECK(config_area.c.tx_budget == 4, "the configuration is unchanged");
	CHECK(st.hk_big_queue_rc == -ENOMEM, "the minimal pool refused the background thread's big request");
	CHECK(stack_rc == 0, "the network thread's dynamic stack was freed");
	bool leak_free = true;

	for (size_t i = 0; i < ARRAY_SIZE(heaps); i++) {
		size_t now = heap_allocated(heaps[i]);

		printk("  heap %-18s baseline %6lu bytes, now %6lu bytes\n", heaps[i]->reg.name,
		       (unsigned long)baseline[i], (unsigned long)now); /* no %zu in newlib-nano */
		leak_free = leak_free && now == baseline[i];
	}
	leak_free = leak_free && k_mem_slab_num_used_get(&packet_slab) == 0 &&
		    k_mem_slab_num_used_get(&message_pool) == 0 && k_mem_slab_num_used_get(&small_buffers) == 0 &&
		    k_mem_slab_num_used_get(&large_buffers) == 0;
	CHECK(leak_free, "nothing leaks: every heap is back to its baseline, every slab empty");
	printk("demo: %s\n", failures == 0 ? "all checks passed" : "CHECKS FAILED");
	return failures == 0 ? 0 : 1;
}

#ifdef RTMEM_DEMO_ON_TARGET
#ifndef RTMEM_DEMO_TARGET_TIME
#define RTMEM_DEMO_TARGET_TIME 1
#endif
/* No command line on the target: a bounded run, text report only (no file system). */
int main(void)
{
	static char *argv[] = { "rtmem_demo", "--time", STRINGIFY(RTMEM_DEMO_TARGET_TIME), "--html", "-", NULL };

	return demo_run((int)ARRAY_SIZE(argv) - 1, argv);
}
#else
int main(int argc, char **argv)
{
	return demo_run(argc, argv);
}
#endif
