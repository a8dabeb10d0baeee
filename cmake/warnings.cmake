# One INTERFACE target carries the project's warning flags; every target links it.
add_library(oms_warnings INTERFACE)
target_compile_options(oms_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wno-unused-parameter -Wno-missing-field-initializers)
