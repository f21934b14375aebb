# DANGJIAN_STATIC_DEPS: libdangjian.so carries protobuf, abseil, and libzip,
# expat and zlib (the workbook read), linked from their static archives,
# their symbols hidden by the version script (capi/dangjian.map exports dj_*
# alone) and --exclude-libs: what the library then needs of the system is the
# C and C++ runtimes.
#
# The archives must be position-independent (-fPIC). Debian's libprotobuf.a
# and libabsl_*.a are built -fPIE, as Debian builds everything: their
# thread-local variables use the local-exec model, which a shared library
# cannot hold, and the link fails; Debian ships no libzip.a. Build protobuf,
# abseil and libzip with -fPIC into a prefix (cmake/static-deps.sh PREFIX)
# and put it first in CMAKE_PREFIX_PATH; the archives found are checked here
# first. Debian's libexpat.a and libz.a are position-independent.
find_library(DANGJIAN_PROTOBUF_ARCHIVE NAMES libprotobuf.a REQUIRED)
find_library(DANGJIAN_ABSL_BASE_ARCHIVE NAMES libabsl_base.a REQUIRED)
find_library(DANGJIAN_Z_ARCHIVE NAMES libz.a REQUIRED)
find_library(DANGJIAN_ZIP_ARCHIVE NAMES libzip.a REQUIRED)
find_library(DANGJIAN_EXPAT_ARCHIVE NAMES libexpat.a REQUIRED)
get_filename_component(DANGJIAN_ABSL_ARCHIVE_DIR ${DANGJIAN_ABSL_BASE_ARCHIVE} DIRECTORY)
file(GLOB DANGJIAN_ABSL_ARCHIVES ${DANGJIAN_ABSL_ARCHIVE_DIR}/libabsl_*.a)

find_program(DANGJIAN_READELF NAMES readelf)
if(DANGJIAN_READELF AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  foreach(archive ${DANGJIAN_PROTOBUF_ARCHIVE} ${DANGJIAN_ABSL_ARCHIVES} ${DANGJIAN_ZIP_ARCHIVE}
                  ${DANGJIAN_EXPAT_ARCHIVE} ${DANGJIAN_Z_ARCHIVE})
    execute_process(COMMAND ${DANGJIAN_READELF} -rW ${archive} OUTPUT_VARIABLE relocations ERROR_QUIET)
    if(relocations MATCHES "R_X86_64_TPOFF32")
      message(FATAL_ERROR "DANGJIAN_STATIC_DEPS: ${archive} is not position-independent (built -fPIE: "
        "local-exec thread-locals, which a shared library cannot hold). Build protobuf, abseil and libzip "
        "with -fPIC into a prefix (cmake/static-deps.sh PREFIX) and give it first in CMAKE_PREFIX_PATH.")
    endif()
  endforeach()
endif()

# One group: the archives name each other in every order.
set(DANGJIAN_STATIC_DEPS_LINK
  "-Wl,--start-group" ${DANGJIAN_PROTOBUF_ARCHIVE} ${DANGJIAN_ABSL_ARCHIVES} "-Wl,--end-group"
  ${DANGJIAN_ZIP_ARCHIVE} ${DANGJIAN_EXPAT_ARCHIVE} ${DANGJIAN_Z_ARCHIVE} Threads::Threads)
set(DANGJIAN_STATIC_DEPS_OPTIONS "LINKER:--exclude-libs,ALL")
