// The Boost.Test module of every chapter suite (Boost.Test as a shared library).
#define BOOST_TEST_MODULE backprop_workbook
#include <boost/test/unit_test.hpp>
