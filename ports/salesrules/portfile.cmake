# SPDX-License-Identifier: BSL-1.0
# The overlay port: builds salesrules from this repository (the folder two levels up).
# Boost.JSON comes from vcpkg's boost-json library (SALESRULES_BOOST_JSON=system), so
# a host that also uses Boost.JSON gets one copy; salesrules::expected is
# tl::expected from vcpkg's tl-expected, in C++20. Static or shared follows the
# triplet (BUILD_SHARED_LIBS, set by vcpkg_cmake_configure).
set(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../..")

vcpkg_check_features(OUT_FEATURE_OPTIONS FEATURE_OPTIONS
  FEATURES
    cli SALESRULES_BUILD_CLI)

vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    ${FEATURE_OPTIONS}
    -DSALESRULES_BUILD_IO=ON
    -DSALESRULES_BUILD_TESTS=OFF
    -DSALESRULES_BUILD_EXAMPLES=OFF
    -DSALESRULES_BUILD_BENCHMARKS=OFF
    -DSALESRULES_INSTALL=ON
    -DSALESRULES_USE_CCACHE=OFF
    -DSALESRULES_EXPECTED=tl
    -DSALESRULES_BOOST_JSON=system
    -DCMAKE_CXX_STANDARD=20)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(PACKAGE_NAME salesrules CONFIG_PATH lib/cmake/salesrules)
vcpkg_fixup_pkgconfig()

if("cli" IN_LIST FEATURES)
  vcpkg_copy_tools(TOOL_NAMES salesrules AUTO_CLEAN)
endif()
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug/include" "${CURRENT_PACKAGES_DIR}/debug/share")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
