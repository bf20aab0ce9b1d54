// SPDX-License-Identifier: BSL-1.0
// The one translation unit that compiles Boost.JSON (header-only mode): every other
// file includes its headers only.
#include <boost/json/src.hpp>
