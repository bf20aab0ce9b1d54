// Boost.JSON is used header-only: this is the one translation unit of salesrules::io
// that compiles its library code. Everything else includes <boost/json.hpp> (or one of
// its parts) only.
#include <boost/json/src.hpp>
