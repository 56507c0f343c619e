# rtmem_arch_libraries(<source...>)
# Called from an arch/<port>/CMakeLists.txt: builds the port's objects
# (rtmem_arch_obj, linked into librtmem.a by kernel/) and the static library
# rtmem_arch, both with the public headers, the port's own include/ (its
# <rtmem/arch/port.h>) and the ABI definitions RTMEM_ARCH_ABI_DEFS, and
# installs the port's headers. Port-specific flags are added by the caller.
function(rtmem_arch_libraries)
  set(_inc $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
           $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
           $<INSTALL_INTERFACE:include>)
  add_library(rtmem_arch_obj OBJECT ${ARGN})
  target_include_directories(rtmem_arch_obj PUBLIC ${_inc})
  target_include_directories(rtmem_arch_obj PRIVATE ${PROJECT_SOURCE_DIR}/kernel)
  target_compile_definitions(rtmem_arch_obj PRIVATE CONFIG_ASSERT=1 ${RTMEM_CORE_DEFS}
                             PUBLIC ${RTMEM_ARCH_ABI_DEFS})
  add_library(rtmem_arch STATIC $<TARGET_OBJECTS:rtmem_arch_obj>)
  target_include_directories(rtmem_arch PUBLIC ${_inc})
  target_compile_definitions(rtmem_arch INTERFACE ${RTMEM_ARCH_ABI_DEFS})
  # The port's facts header (<rtmem/arch/port.h>) is installed with the public headers.
  install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
          FILES_MATCHING PATTERN "*.h")
endfunction()
