# Cross toolchain for the Cortex-M port: Debian's gcc-arm-none-eabi + newlib.
# The CPU flags come from the preset (RTMEM_CM_CPU_FLAGS) so one file serves
# every core. Images are linked by arch/cortex_m (linker script per board).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar)
set(CMAKE_RANLIB arm-none-eabi-ranlib)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "objcopy")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "size")
# try_compile links a static library, not an image (no linker script yet).
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(RTMEM_CM_CPU_FLAGS "-mcpu=cortex-m3 -mthumb" CACHE STRING "CPU flags of the Cortex-M target")
set(CMAKE_C_FLAGS_INIT "${RTMEM_CM_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${RTMEM_CM_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${RTMEM_CM_CPU_FLAGS} -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
