# Install: headers (<rtmem/...> and Zephyr's <zephyr/...> paths), libraries,
# a CMake package (find_package(rtmem) -> rtmem::core, rtmem::rtmem) and
# pkg-config modules (rtmem-core: the core alone; rtmem: the whole system).
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")

set(_rtmem_export_targets rtmem_core)
foreach(t rtmem_arch rtmem_kernel rtmem_libc rtmem rtmem_malloc)
  if(TARGET ${t})
    list(APPEND _rtmem_export_targets ${t})
  endif()
endforeach()
install(TARGETS ${_rtmem_export_targets} EXPORT rtmemTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT rtmemTargets NAMESPACE rtmem:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rtmem)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rtmemConfig.cmake.in
  ${PROJECT_BINARY_DIR}/rtmemConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rtmem)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rtmemConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rtmemConfig.cmake ${PROJECT_BINARY_DIR}/rtmemConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rtmem)

# pkg-config: the compile definitions the library was built with are part of
# the ABI (hardening changes the chunk layout), so they travel in Cflags.
set(RTMEM_PC_CFLAGS "")
set(RTMEM_PC_CORE_LIBS "")
if(RTMEM_SANITIZE)
  # A sanitized library needs the sanitizer runtimes in whatever links it.
  target_link_options(rtmem_core INTERFACE -fsanitize=address,undefined)
  set(RTMEM_PC_CORE_LIBS " -fsanitize=address,undefined")
endif()
foreach(d ${RTMEM_CORE_DEFS})
  string(APPEND RTMEM_PC_CFLAGS " -D${d}")
endforeach()
# Relocatable .pc files: the prefix is derived from the .pc file's own place.
file(RELATIVE_PATH RTMEM_PC_RELPREFIX "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
string(REGEX REPLACE "/$" "" RTMEM_PC_RELPREFIX "${RTMEM_PC_RELPREFIX}")
foreach(pc rtmem-core rtmem)
  if(EXISTS ${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in)
    configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  endif()
endforeach()
