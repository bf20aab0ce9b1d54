// SPDX-License-Identifier: BSL-1.0
// The host's own compiled copy of Boost.JSON (header-only mode), as a host that
// uses Boost.JSON without its library would have.
#include <boost/json/src.hpp>
